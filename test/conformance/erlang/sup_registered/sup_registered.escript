#!/usr/bin/env escript
%% A supervisor started under a name: reachable by name for every API call; a second start under the name gives {error, {already_started, Pid}}; its children's ancestors start with the name; stopping it frees the name.
-module(sup_registered).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2]).
-include("../norm.hrl").
main(_) ->
    setup(),
    {ok, Sup} = supervisor:start_link({local, golden_sup}, ?MODULE, {sup, #{}, [worker(a)]}), name(Sup, sup),
    name_kids(Sup, "1"), notes(),
    say("whereis", whereis(golden_sup)),
    say("start again under the name", supervisor:start_link({local, golden_sup}, ?MODULE, {sup, #{}, []})),
    say("which_children by name", kids(golden_sup)),
    say("count_children by name", supervisor:count_children(golden_sup)),
    {ok, B} = supervisor:start_child(golden_sup, worker(b)), name(B, b1),
    say("start_child by name", notes()),
    {dictionary, D} = process_info(B, dictionary),
    say("child's $ancestors", proplists:get_value('$ancestors', D)),
    say("terminate_child by name", supervisor:terminate_child(golden_sup, b)),
    say("  notes", notes()),
    unlink(Sup),
    W = watch(Sup),
    say("stop by name", gen_server:stop(golden_sup)),
    say("  exit", reason(W)),
    say("  notes", notes()),
    say("  whereis", whereis(golden_sup)),
    say("which_children of the stopped name", try_(fun() -> supervisor:which_children(golden_sup) end)),
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
