#!/usr/bin/env escript
%% simple_one_for_one restarts: a permanent template's child is restarted with its own extra args; a temporary one is dropped; a start returning {ok, Pid, Info} gives that to start_child; on shutdown all children are stopped at once (two 300 ms terminates take ~300 ms, not 600), brutal_kill kills without terminate.
-module(sup_simple_restart).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2, start_worker_info/1]).
-include("../norm.hrl").
main(_) ->
    setup(),
    {ok, Sup} = start_sup(#{strategy => simple_one_for_one, intensity => 10}, [#{id => tmpl, start => {?MODULE, start_worker, []}}]), name(Sup, sup),
    {ok, A} = supervisor:start_child(Sup, [a]), name(A, a1),
    {ok, B} = supervisor:start_child(Sup, [b, [{slow_terminate, 0}]]), name(B, b1),
    notes(), _ = logs(),
    gen_server:cast(A, {stop, crashed}), timer:sleep(50),
    say("permanent child a crashes: restarted with its args", notes()),
    gen_server:cast(B, {stop, normal}), timer:sleep(50),
    say("permanent child b stops normal: restarted with its args", notes()),
    say("count_children", supervisor:count_children(Sup)),
    say("logged", sup_reports()),
    W = watch(Sup), unlink(Sup), exit(Sup, shutdown), reason(W), notes(),
    %% temporary template
    {ok, Sup2} = start_sup(#{strategy => simple_one_for_one}, [#{id => tmpl, start => {?MODULE, start_worker, []}, restart => temporary}]), name(Sup2, sup2),
    {ok, T} = supervisor:start_child(Sup2, [t]), name(T, t1), notes(),
    gen_server:cast(T, {stop, crashed}), timer:sleep(50),
    say("temporary child crashes", notes()),
    say("  which_children", supervisor:which_children(Sup2)),
    say("  count_children", supervisor:count_children(Sup2)),
    _ = logs(),
    %% {ok, Pid, Info}
    {ok, Sup3} = start_sup(#{strategy => simple_one_for_one}, [#{id => tmpl, start => {?MODULE, start_worker_info, []}}]), name(Sup3, sup3),
    R = supervisor:start_child(Sup3, [i]), name(element(2, R), i1),
    say("start returning {ok, Pid, Info}", R),
    say("  notes", notes()),
    %% parallel shutdown
    {ok, Sup4} = start_sup(#{strategy => simple_one_for_one}, [#{id => tmpl, start => {?MODULE, start_worker, []}, shutdown => 2000}]), name(Sup4, sup4),
    [{ok, _} = supervisor:start_child(Sup4, [Id, [{slow_terminate, 300}]]) || Id <- [s1, s2]], notes(),
    W4 = watch(Sup4), unlink(Sup4),
    T0 = erlang:monotonic_time(millisecond),
    exit(Sup4, shutdown),
    say("two children with a 300 ms terminate: supervisor exit", reason(W4)),
    say("  stopped within 500 ms (in parallel)", erlang:monotonic_time(millisecond) - T0 < 500),
    say("  notes", lists:sort(notes())),
    %% brutal_kill
    {ok, Sup5} = start_sup(#{strategy => simple_one_for_one}, [#{id => tmpl, start => {?MODULE, start_worker, []}, shutdown => brutal_kill}]), name(Sup5, sup5),
    {ok, K} = supervisor:start_child(Sup5, [k]), name(K, k1), notes(),
    Wk = watch(K), W5 = watch(Sup5), unlink(Sup5), exit(Sup5, shutdown),
    say("brutal_kill: supervisor exit", reason(W5)),
    say("  child exit", reason(Wk)),
    say("  notes (no terminate)", notes()),
    _ = logs(),
    ok.
%% --- fixtures: the module is both the supervisor callback (init({sup, Flags, Specs})) and the worker ---
%% Workers trap exits, report {start, Id} and {terminate, Id, Reason} to the registered test process.
%% gen_server:cast(W, {stop, R}) makes a worker stop with reason R; {init, Id, Opts} controls init.
start_sup(Flags, Specs) -> supervisor:start_link(?MODULE, {sup, Flags, Specs}).
start_worker(Id) -> gen_server:start_link(?MODULE, {worker, Id, []}, []).
start_worker(Id, Opts) -> gen_server:start_link(?MODULE, {worker, Id, Opts}, []).
start_worker_info(Id) -> {ok, P} = start_worker(Id), {ok, P, {info, Id}}.
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
