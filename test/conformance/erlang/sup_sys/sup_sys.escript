#!/usr/bin/env escript
%% A supervisor is a gen_server underneath: sys:get_status reports module gen_server and its parent; an installed debug fun sees {in, {'$gen_call', From, Request}} / {out, Reply, From, State} for API calls and {in, {'EXIT', Child, Reason}} / {noreply, State} for a child's death; suspended, it queues the EXIT and restarts the child after resume.
-module(sup_sys).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2]).
-include("../norm.hrl").
main(_) ->
    setup(),
    {ok, Sup} = start_sup(#{strategy => one_for_one, intensity => 10}, [worker(a), worker(b)]), name(Sup, sup),
    name_kids(Sup, "1"), notes(), _ = logs(),
    {status, P, Mod, [_PDict, Status, Parent, _Dbg, _Misc]} = sys:get_status(Sup),
    say("get_status: pid, module, status, parent", {P, Mod, Status, Parent}),
    Me = self(),
    Rec = fun(St, Ev, Name) -> Me ! {ev, shape(Ev), Name}, St end,
    say("install", sys:install(Sup, {Rec, x})),
    say("delete_child a (running)", supervisor:delete_child(Sup, a)),
    say("terminate_child a", supervisor:terminate_child(Sup, a)),
    say("restart_child a", supervisor:restart_child(Sup, a)),
    name_kids(Sup, "2"),
    say("events of three API calls", events()),
    say("  notes", notes()),
    crash(Sup, b, crashed),
    say("events of a child's death", events()),
    say("  notes", notes()),
    name_kids(Sup, "2"),
    A2 = child(Sup, a),
    say("suspend", sys:suspend(Sup)),
    gen_server:cast(A2, {stop, crashed2}),
    say("a crashed while the supervisor is suspended: notes", notes()),
    say("  events so far", events()),
    say("  resume", sys:resume(Sup)),
    say("  events after resume", events()),
    say("  notes", notes()),
    say("  logged", sup_reports()),
    ok.
events() -> timer:sleep(50), events_now().
events_now() -> receive {ev, E, N} -> [{E, N} | events_now()] after 0 -> [] end.
%% the supervisor's state is OTP's internal record: shown as state
shape({out, R, F, _State}) -> {out, R, F, state};
shape({noreply, _State}) -> {noreply, state};
shape(E) -> E.
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
