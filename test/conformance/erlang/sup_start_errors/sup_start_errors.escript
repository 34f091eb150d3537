#!/usr/bin/env escript
%% Supervisor start failures: a child failing to start (init {stop, R}, a bad return, a start function that raises) stops the children started before it and fails start_link with {shutdown, {failed_to_start_child, Id, R}}; an ignoring child is kept with pid undefined; bad flags and specs; init returning ignore or garbage; old tuple flags.
-module(sup_start_errors).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2]).
-include("../norm.hrl").
main(_) ->
    setup(),
    say("child b's init returns {stop, nope}", start_sup(#{}, [worker(a), (worker(b))#{start => {?MODULE, start_worker, [b, [{init, {stop, nope}}]]}}, worker(c)])),
    say("  notes", notes()),
    say("  EXITs in the caller's mailbox", [norm_exit(M) || {'EXIT', _, _} = M <- flush_all()]),
    say_logged(),
    say("child b's init returns a bad value", start_sup(#{}, [worker(a), (worker(b))#{start => {?MODULE, start_worker, [b, [{init, what}]]}}])),
    say("  notes", notes()),
    say("  EXITs in the caller's mailbox", [norm_exit(M) || {'EXIT', _, _} = M <- flush_all()]),
    say_logged(),
    say("child b's start function is undefined", start_sup(#{}, [worker(a), (worker(b))#{start => {?MODULE, no_such_function, []}}])),
    say("  notes", notes()),
    say("  EXITs in the caller's mailbox", [norm_exit(M) || {'EXIT', _, _} = M <- flush_all()]),
    say_logged(),
    {ok, S} = start_sup(#{}, [worker(a), (worker(i))#{start => {?MODULE, start_worker, [i, [{init, ignore}]]}}, worker(c)]), name(S, sup),
    name_kids(S, "1"),
    say("a child returning ignore", notes()),
    say("  which_children", kids(S)),
    say("  count_children", supervisor:count_children(S)),
    say("  restart_child i (still ignores)", supervisor:restart_child(S, i)),
    say("  notes", notes()),
    say_logged(),
    say("bad strategy", start_sup(#{strategy => sometimes}, [])),
    say("bad intensity", start_sup(#{intensity => -1}, [])),
    say("bad period", start_sup(#{period => 0}, [])),
    say("bad child start", start_sup(#{}, [#{id => x, start => bad}])),
    say("bad child restart", start_sup(#{}, [(worker(x))#{restart => sometimes}])),
    say("duplicate child ids", start_sup(#{}, [worker(x), worker(x)])),
    say("simple_one_for_one without a spec", start_sup(#{strategy => simple_one_for_one}, [])),
    say("simple_one_for_one with two bad specs", start_sup(#{strategy => simple_one_for_one}, [x, y])),
    say("  EXITs in the caller's mailbox", [norm_exit(M) || {'EXIT', _, _} = M <- flush_all()]),
    say_logged(),
    say("supervisor init returns ignore", supervisor:start_link(?MODULE, {sup, ignore})),
    say("supervisor init returns a bad value", supervisor:start_link(?MODULE, {sup, bad})),
    say("  EXITs in the caller's mailbox", [norm_exit(M) || {'EXIT', _, _} = M <- flush_all()]),
    {ok, S2} = start_sup({one_for_all, 3, 10}, [worker(t), worker(u)]), name(S2, sup2),
    name_kids(S2, "1"), notes(),
    crash(S2, t, crashed),
    say("old tuple flags {one_for_all, 3, 10}: t crashes", notes()),
    _ = logs(),
    ok.
%% the reports since the last call: the supervisor's, then the crash reports (two processes log these: no order between them)
say_logged() ->
    Rs = sup_reports(),
    say("  logged: supervisor reports", [R || R <- Rs, tuple_size(R) =/= 2]),
    say("  logged: crash reports", [R || R <- Rs, tuple_size(R) =:= 2]).
%% an EXIT from a supervisor that failed to start: {'EXIT', pid, Reason}
norm_exit({'EXIT', P, R}) -> {'EXIT', is_pid(P), R}.
%% --- fixtures: the module is both the supervisor callback (init({sup, Flags, Specs})) and the worker ---
%% Workers trap exits, report {start, Id} and {terminate, Id, Reason} to the registered test process.
%% gen_server:cast(W, {stop, R}) makes a worker stop with reason R; {init, Id, Opts} controls init.
start_sup(Flags, Specs) -> supervisor:start_link(?MODULE, {sup, Flags, Specs}).
start_worker(Id) -> gen_server:start_link(?MODULE, {worker, Id, []}, []).
start_worker(Id, Opts) -> gen_server:start_link(?MODULE, {worker, Id, Opts}, []).
worker(Id) -> #{id => Id, start => {?MODULE, start_worker, [Id]}}.
init({sup, ignore}) -> ignore;
init({sup, bad}) -> what;
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
