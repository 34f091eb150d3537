#!/usr/bin/env escript
%% supervisor rest_for_one: a child's death stops the children started after it (reverse order), then restarts it and them (start order); earlier children keep their pids; the last child dying restarts only itself; a temporary child in the rest is stopped and not restarted.
-module(sup_rest_for_one).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2]).
-include("../norm.hrl").
main(_) ->
    setup(),
    {ok, Sup} = start_sup(#{strategy => rest_for_one, intensity => 10}, [worker(a), worker(b), worker(c), worker(d)]), name(Sup, sup),
    name_kids(Sup, "1"),
    say("started", notes()),
    _ = logs(),
    crash(Sup, b, crashed),
    say("after b crashes", notes()),
    name_kids(Sup, "2"),
    say("which_children", kids(Sup)),
    crash(Sup, d, crashed),
    say("after d (last) crashes", notes()),
    name_kids(Sup, "3"),
    say("which_children", kids(Sup)),
    exit(child(Sup, a), kill), timer:sleep(50),
    say("after a (first) is killed", notes()),
    name_kids(Sup, "4"),
    say("which_children", kids(Sup)),
    say("logged", sup_reports()),
    %% a transient child stopping normal is not restarted, and the rest is left alone
    {ok, T} = supervisor:start_child(Sup, (worker(t))#{restart => transient}), name(T, t1), notes(),
    {ok, U} = supervisor:start_child(Sup, worker(u)), name(U, u1), notes(),
    crash(Sup, t, normal),
    say("transient t stops normal", notes()),
    say("which_children", kids(Sup)),
    %% a temporary child after the dead one is stopped and not started again
    {ok, X} = supervisor:start_child(Sup, (worker(x))#{restart => temporary}), name(X, x1), notes(),
    crash(Sup, u, crashed),
    say("after u crashes (x temporary, after u)", notes()),
    name_kids(Sup, "2"),
    say("which_children", kids(Sup)),
    %% a terminated (pid undefined) transient child after the dead one is started again with the rest
    crash(Sup, d, crashed),
    say("after d crashes (t, stopped earlier, comes after d)", notes()),
    name_kids(Sup, "5"),
    say("which_children", kids(Sup)),
    _ = logs(),
    ok.
%% --- fixtures: the module is both the supervisor callback (init({sup, Flags, Specs})) and the worker ---
%% Workers trap exits, report {start, Id} and {terminate, Id, Reason} to the registered test process.
%% gen_server:cast(W, {stop, R}) makes a worker stop with reason R; {init, Id, Opts} controls init.
start_sup(Flags, Specs) -> supervisor:start_link(?MODULE, {sup, Flags, Specs}).
start_worker(Id) -> gen_server:start_link(?MODULE, {worker, Id, []}, []).
start_worker(Id, Opts) -> gen_server:start_link(?MODULE, {worker, Id, Opts}, []).
worker(Id) -> #{id => Id, start => {?MODULE, start_worker, [Id]}}.
init({sup, Flags, Specs}) -> {ok, {Flags, Specs}};
init({worker, Id, Opts}) ->
    process_flag(trap_exit, not lists:member(no_trap, Opts)),
    case lists:keyfind(init, 1, Opts) of
        {init, Ret} -> note({init_returns, Id, Ret}), Ret;
        false -> note({start, Id}), {ok, {Id, Opts}}
    end.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast({stop, R}, S) -> {stop, R, S}.
handle_info(_, S) -> {noreply, S}.
terminate(R, {Id, Opts}) ->
    note({terminate, Id, R}),
    case lists:keyfind(slow_terminate, 1, Opts) of {slow_terminate, T} -> timer:sleep(T); false -> ok end.
note(E) -> case whereis(golden_test) of undefined -> ok; T -> T ! {note, E} end.
notes() -> timer:sleep(50), notes_now().
notes_now() -> receive {note, E} -> [E | notes_now()] after 0 -> [] end.
child(Sup, Id) -> {Id, P, _, _} = lists:keyfind(Id, 1, supervisor:which_children(Sup)), P.
crash(Sup, Id, R) -> P = child(Sup, Id), gen_server:cast(P, {stop, R}), timer:sleep(50).
kids(Sup) -> [{Id, P} || {Id, P, _, _} <- supervisor:which_children(Sup)].
setup() -> names_init(), name(self(), test), register(golden_test, self()), process_flag(trap_exit, true).
%% name children not seen before <IdGen>, e.g. <b2> for the second b
name_kids(Sup, Gen) -> [name(P, list_to_atom(atom_to_list(Id) ++ Gen)) || {Id, P, _, _} <- supervisor:which_children(Sup), is_pid(P), not maps:is_key(P, get('$names'))].
%% supervisor reports since the last call: {Label, Context, Reason, OffenderId}; crash reports as {Level, Label}
sup_reports() ->
    [case L of
         {_, report, #{label := {supervisor, progress}, report := R}} ->
             {progress, started, proplists:get_value(id, proplists:get_value(started, R, []))};
         {_, report, #{label := {supervisor, _} = Lb, report := R}} ->
             Off = proplists:get_value(offender, R, []),
             {Lb, proplists:get_value(errorContext, R), proplists:get_value(reason, R),
              case is_list(Off) of true -> proplists:get_value(id, Off); false -> Off end};
         {Lev, report, #{label := Lb}} -> {Lev, Lb};
         {Lev, Kind, _} -> {Lev, Kind}
     end || L <- logs()].
