#!/usr/bin/env escript
%% auto_shutdown and significant children: with any_significant the supervisor shuts down when a significant child ends without being restarted; with all_significant when the last one does; never (the default) refuses significant children; a permanent child cannot be significant; a crash that is restarted does not count.
-module(sup_auto_shutdown).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2]).
-include("../norm.hrl").
main(_) ->
    setup(),
    say("significant child under auto_shutdown never", start_sup(#{}, [(worker(s))#{restart => transient, significant => true}])),
    say("permanent significant child", start_sup(#{auto_shutdown => any_significant}, [(worker(s))#{significant => true}])),
    say("bad auto_shutdown", start_sup(#{auto_shutdown => sometimes}, [])),
    say("  EXITs", [R || {'EXIT', _, R} <- flush_all()]),
    %% any_significant
    {ok, Sup} = start_sup(#{auto_shutdown => any_significant, intensity => 5},
                          [worker(a), (worker(s))#{restart => transient, significant => true}, (worker(t))#{restart => transient, significant => true}]),
    name(Sup, sup), name_kids(Sup, "1"), notes(), _ = logs(),
    W = watch(Sup),
    crash(Sup, s, crashed),
    say("any_significant: s crashes (restarted)", notes()),
    say("  supervisor alive", is_process_alive(Sup)),
    crash(Sup, t, normal),
    say("any_significant: t stops normal", notes()),
    say("  supervisor exit", reason(W)),
    say("  logged", sup_reports()),
    say("  EXIT to the (trapping) parent", [R || {'EXIT', _, R} <- flush_all()]),
    %% all_significant
    {ok, Sup2} = start_sup(#{auto_shutdown => all_significant},
                           [worker(a), (worker(s))#{restart => temporary, significant => true}, (worker(t))#{restart => transient, significant => true}]),
    name(Sup2, sup2), name_kids(Sup2, "2"), notes(), _ = logs(),
    W2 = watch(Sup2),
    crash(Sup2, s, normal),
    say("all_significant: s (temporary) stops", notes()),
    say("  supervisor alive", is_process_alive(Sup2)),
    crash(Sup2, t, {shutdown, done}),
    say("all_significant: t stops {shutdown, done}", notes()),
    say("  supervisor exit", reason(W2)),
    say("  logged", sup_reports()),
    say("  EXIT to the parent", [R || {'EXIT', _, R} <- flush_all()]),
    %% terminate_child of a significant child does not shut the supervisor down
    {ok, Sup3} = start_sup(#{auto_shutdown => any_significant}, [(worker(s))#{restart => transient, significant => true}]),
    name(Sup3, sup3), notes(),
    say("terminate_child of a significant child", supervisor:terminate_child(Sup3, s)),
    say("  supervisor alive", is_process_alive(Sup3)),
    say("get_childspec significant", maps:get(significant, element(2, supervisor:get_childspec(Sup3, s)))),
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
