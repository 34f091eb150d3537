#!/usr/bin/env escript
%% sys:remove of one of two installed funs (by fun and by id, with a timeout); removing what is not installed; no_debug turns off installed funs, log, statistics and trace at once; a fun installed after no_debug starts from its new state; a non-fun installed is dropped at the next event.
-module(sys_remove_no_debug).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    Me = self(),
    {ok, S} = gen_server:start(?MODULE, 0, []), name(S, server),
    Cap = io_capture_start(), group_leader(Cap, S),
    F1 = fun(St, Ev, _) -> Me ! {f1, St, Ev}, St + 1 end,
    F2 = fun(St, Ev, _) -> Me ! {f2, St, Ev}, St + 1 end,
    say("install f1", sys:install(S, {F1, 0})),
    say("install f2", sys:install(S, {F2, 100})),
    add(S),
    say("both funs see the event", flush_all()),
    say("remove f1", sys:remove(S, F1)),
    add(S),
    say("only f2, its state threaded on", flush_all()),
    say("remove f1 again", sys:remove(S, F1)),
    say("remove a fun never installed", sys:remove(S, fun(St, _, _) -> St end)),
    say("remove an unknown id", sys:remove(S, no_such_id)),
    say("install {Id, Fun, State} with a timeout", sys:install(S, {f1_id, F1, 10}, 1000)),
    add(S),
    say("f1 (by id) and f2", flush_all()),
    say("remove by id with a timeout", sys:remove(S, f1_id, 1000)),
    add(S),
    say("f2 only", flush_all()),
    %% everything on, then no_debug
    sys:log(S, true), sys:statistics(S, true), sys:trace(S, true),
    add(S),
    say("before no_debug: funs", flush_all()),
    say("  log length", length(element(2, sys:log(S, get)))),
    say("  statistics on", element(1, sys:statistics(S, get)) =:= ok andalso element(2, sys:statistics(S, get)) =/= no_statistics),
    say_text("  trace", io_captured(Cap)),
    say("no_debug", sys:no_debug(S)),
    add(S),
    say("after no_debug: funs", flush_all()),
    say("  log", sys:log(S, get)),
    say("  statistics", sys:statistics(S, get)),
    say("  trace text", io_captured(Cap)),
    {status, _, _, [_, _, _, Dbg, _]} = sys:get_status(S),
    say("  get_status Debug", Dbg),
    say("no_debug again", sys:no_debug(S)),
    say("install f1 after no_debug (state 50)", sys:install(S, {F1, 50})),
    add(S),
    say("  f1 starts from 50", flush_all()),
    sys:no_debug(S),
    say("install a non-fun", sys:install(S, {not_a_fun, 0})),
    add(S), add(S),
    say("  server alive after two events", is_process_alive(S)),
    say("  state", sys:get_state(S)),
    ok.
add(S) -> gen_server:cast(S, {add, 1}), _ = sys:get_state(S), ok.
init(N) -> {ok, N}.
handle_call(get, _From, S) -> {reply, S, S}.
handle_cast({add, N}, S) -> {noreply, S + N}.
handle_info(_Msg, S) -> {noreply, S}.
