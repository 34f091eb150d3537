#!/usr/bin/env escript
%% Nested supervisors: an inner supervisor (type supervisor, shutdown infinity) that exceeds its restart intensity stops its children and exits shutdown, and the outer one restarts it with fresh children; the outer's shutdown stops the children in reverse order, waiting for the inner one to stop its own.
-module(sup_nested).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2, start_inner/0]).
-include("../norm.hrl").
main(_) ->
    setup(),
    {ok, Outer} = start_sup(#{strategy => one_for_one, intensity => 5}, [inner_spec(), worker(w)]), name(Outer, outer),
    Inner = child(Outer, inner), name(Inner, inner1), name_kids(Inner, "1"), name_kids(Outer, "1"),
    say("started", notes()),
    say("outer which_children", supervisor:which_children(Outer)),
    say("outer count_children", supervisor:count_children(Outer)),
    say("inner which_children", kids(Inner)),
    say("inner get_childspec in outer", element(1, supervisor:get_childspec(Outer, inner))),
    say("  shutdown and type", maps:with([shutdown, type], element(2, supervisor:get_childspec(Outer, inner)))),
    _ = logs(),
    crash(Inner, x, c1),
    say("x crashes once (the inner supervisor restarts it)", notes()),
    crash(Inner, x, c2),
    say("x crashes again (inner intensity 1 exceeded)", notes()),
    Inner2 = child(Outer, inner), name(Inner2, inner2), name_kids(Inner2, "2"),
    say("outer which_children", kids(Outer)),
    say("new inner which_children", kids(Inner2)),
    say("logged", sup_reports()),
    W = watch(Outer), Wi = watch(Inner2),
    unlink(Outer), exit(Outer, shutdown),
    say("outer exit", reason(W)),
    say("inner exit", reason(Wi)),
    say("shutdown order", notes()),
    say("logged", sup_reports()),
    ok.
start_inner() -> supervisor:start_link(?MODULE, {sup, #{strategy => one_for_one, intensity => 1, period => 5}, [worker(x), worker(y)]}).
inner_spec() -> #{id => inner, start => {?MODULE, start_inner, []}, type => supervisor}.
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
