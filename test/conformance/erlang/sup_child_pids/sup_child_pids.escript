#!/usr/bin/env escript
%% Children named by pid: a static supervisor knows its children only by id (terminate_child, restart_child, delete_child, get_childspec with a pid: not_found); simple_one_for_one takes pids for terminate_child and get_childspec (the template) and refuses restart_child/delete_child.
-module(sup_child_pids).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2]).
-include("../norm.hrl").
main(_) ->
    setup(),
    {ok, Sup} = start_sup(#{strategy => one_for_one}, [worker(a)]), name(Sup, sup),
    name_kids(Sup, "1"), notes(),
    A = child(Sup, a),
    say("static: terminate_child by pid", supervisor:terminate_child(Sup, A)),
    say("  notes", notes()),
    say("static: restart_child by pid", supervisor:restart_child(Sup, A)),
    say("static: delete_child by pid", supervisor:delete_child(Sup, A)),
    say("static: get_childspec by pid", supervisor:get_childspec(Sup, A)),
    say("  which_children", kids(Sup)),
    {ok, Dyn} = start_sup(#{strategy => simple_one_for_one}, [#{id => tmpl, start => {?MODULE, start_worker, []}}]), name(Dyn, dyn),
    {ok, D} = supervisor:start_child(Dyn, [d]), name(D, d1), notes(),
    say("simple: get_childspec by pid (the template)", element(1, supervisor:get_childspec(Dyn, D))),
    say("  its id", maps:get(id, element(2, supervisor:get_childspec(Dyn, D)))),
    say("simple: get_childspec by an unknown pid", supervisor:get_childspec(Dyn, self())),
    say("simple: restart_child by pid", supervisor:restart_child(Dyn, D)),
    say("simple: delete_child by pid", supervisor:delete_child(Dyn, D)),
    say("simple: terminate_child by pid", supervisor:terminate_child(Dyn, D)),
    say("  notes", notes()),
    say("simple: terminate_child by the same pid again", supervisor:terminate_child(Dyn, D)),
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
