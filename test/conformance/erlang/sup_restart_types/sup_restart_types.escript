#!/usr/bin/env escript
%% Restart types under one_for_one: permanent restarts after any exit (normal, shutdown, {shutdown, _}, crash, killed); transient only after an abnormal one (its spec stays with pid undefined otherwise); temporary never (its spec disappears); the reports logged for each.
-module(sup_restart_types).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2]).
-include("../norm.hrl").
main(_) ->
    setup(),
    Reasons = [normal, shutdown, {shutdown, x}, crashed],
    [begin
         {ok, Sup} = start_sup(#{strategy => one_for_one, intensity => 100},
                               [(worker(p))#{restart => permanent}, (worker(t))#{restart => transient}, (worker(m))#{restart => temporary}]),
         notes(), _ = logs(),
         [crash(Sup, Id, R) || Id <- [p, t, m]],
         say(io_lib:format("~0p: notes", [R]), notes()),
         say(io_lib:format("~0p: which_children", [R]), [{Id, is_pid(P)} || {Id, P, _, _} <- supervisor:which_children(Sup)]),
         say(io_lib:format("~0p: count_children", [R]), supervisor:count_children(Sup)),
         say(io_lib:format("~0p: logged", [R]), sup_reports()),
         unlink(Sup), exit(Sup, shutdown), await_exit(Sup), notes(), _ = logs()
     end || R <- Reasons],
    %% killed (exit(P, kill)): like a crash
    {ok, Sup2} = start_sup(#{strategy => one_for_one, intensity => 100},
                           [(worker(p))#{restart => permanent}, (worker(t))#{restart => transient}, (worker(m))#{restart => temporary}]),
    notes(), _ = logs(),
    [begin exit(child(Sup2, Id), kill), timer:sleep(50) end || Id <- [p, t, m]],
    say("killed: notes", notes()),
    say("killed: which_children", [{Id, is_pid(P)} || {Id, P, _, _} <- supervisor:which_children(Sup2)]),
    say("killed: logged", sup_reports()),
    %% a transient child stopped normal can be restarted by hand; a temporary one is gone
    {ok, Sup3} = start_sup(#{strategy => one_for_one}, [(worker(t))#{restart => transient}, (worker(m))#{restart => temporary}]),
    notes(),
    crash(Sup3, t, normal), crash(Sup3, m, normal), notes(),
    say("restart_child transient after normal", element(1, supervisor:restart_child(Sup3, t))),
    say("  notes", notes()),
    say("restart_child temporary after normal", supervisor:restart_child(Sup3, m)),
    say("terminate_child temporary: spec gone", {supervisor:start_child(Sup3, (worker(m2))#{restart => temporary}) =/= error,
                                                 supervisor:terminate_child(Sup3, m2), supervisor:get_childspec(Sup3, m2)}),
    _ = notes(), _ = logs(),
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
