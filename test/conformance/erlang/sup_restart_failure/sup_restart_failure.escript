#!/usr/bin/env escript
%% A child that fails to restart: each failed attempt is logged as start_error and counts as a restart; the supervisor keeps trying until the child starts (the others untouched), or gives up at its intensity and shuts down.
-module(sup_restart_failure).
-mode(compile).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, start_worker/1, start_worker/2]).
-include("../norm.hrl").
main(_) ->
    setup(),
    golden_ctl = ets:new(golden_ctl, [named_table, public]),
    {ok, Sup} = start_sup(#{strategy => one_for_one, intensity => 5, period => 10}, [worker(a), worker(f)]), name(Sup, sup),
    name_kids(Sup, "1"), notes(), _ = logs(),
    ets:insert(golden_ctl, {f, 2}),
    crash(Sup, f, crashed),
    say("f crashes, its next two inits fail", notes()),
    name_kids(Sup, "2"),
    say("which_children", kids(Sup)),
    say_logged(),
    W = watch(Sup),
    ets:insert(golden_ctl, {f, 100}),
    crash(Sup, f, crashed),
    say("f crashes, every init fails", notes()),
    say("supervisor exit", reason(W)),
    say_logged(),
    flush_all(),
    %% what the supervisor's loop sees: the failed restart is tried again through a cast to itself
    {ok, Sup3} = start_sup(#{strategy => one_for_one, intensity => 5}, [worker(g)]), name(Sup3, sup3),
    name_kids(Sup3, "1"), notes(), _ = logs(),
    G = child(Sup3, g),
    Me = self(),
    ok = sys:install(Sup3, {fun(St, Ev, _) -> Me ! {ev, shape(Ev)}, St end, x}),
    ets:insert(golden_ctl, {g, 1}),
    gen_server:cast(G, {stop, crashed}),
    say("g crashes, its next init fails", notes()),
    Evs = [E || {ev, E} <- flush_all()],
    %% the failed start's EXIT and the supervisor's cast to itself come from two processes: no order between them
    say("  events in: the death, then the cast to try again", [E || {in, M} = E <- Evs, not failed_start_exit(M)]),
    say("  the failed start's EXIT reaches the supervisor too", [E || {in, M} = E <- Evs, failed_start_exit(M)]),
    say("  noreply events", length([E || {noreply, _} = E <- Evs])),
    say("  which_children", [{Id, is_pid(P)} || {Id, P, _, _} <- supervisor:which_children(Sup3)]),
    _ = logs(),
    ok.
failed_start_exit({'EXIT', _, nope}) -> true;
failed_start_exit(_) -> false.
%% the supervisor's state is OTP's internal record: shown as state
shape({noreply, _State}) -> {noreply, state};
shape({out, R, F, _State}) -> {out, R, F, state};
shape(E) -> E.
%% the reports since the last call: the supervisor's, then the crash reports (two processes log these: no order between them)
say_logged() ->
    Rs = sup_reports(),
    say("logged: supervisor reports", [R || R <- Rs, tuple_size(R) =/= 2]),
    say("logged: crash reports", [R || R <- Rs, tuple_size(R) =:= 2]).
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
    case lists:keyfind(init, 1, Opts) =:= false andalso failing(Id) of
        true -> note({init_returns, Id, {stop, nope}}), {stop, nope};
        false -> init_opts(Id, Opts)
    end.
%% the test sets {fails, Id, N}: the next N inits of Id fail
failing(Id) ->
    case ets:lookup(golden_ctl, Id) of
        [{Id, N}] when N > 0 -> ets:insert(golden_ctl, {Id, N - 1}), true;
        _ -> false
    end.
init_opts(Id, Opts) ->
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
