#!/usr/bin/env escript
%% A gen_server killed in the middle of a callback: the caller exits {killed, {gen_server, call, ...}}, monitors and links see killed, nothing the callback would have done afterwards happens (no message, no reply, no terminate), its name is free at once; an exit signal with another reason while it is busy and not trapping ends it the same way with that reason.
-module(gen_server_killed_busy).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test), register(golden_test, self()),
    {ok, S} = gen_server:start({local, golden_busy}, ?MODULE, trap, []), name(S, server),
    W = watch(S),
    spawn(fun() -> timer:sleep(50), exit(S, kill) end),
    say("call while killed", try_(fun() -> gen_server:call(S, {work, 200}) end)),
    say("  server exit", reason(W)),
    say("  name free at once", whereis(golden_busy)),
    timer:sleep(250),
    say("  what the callback would have done later", flush_all()),
    {ok, S2} = gen_server:start(?MODULE, no_trap, []), name(S2, server2),
    W2 = watch(S2),
    gen_server:cast(S2, {work, 200}),
    timer:sleep(50),
    exit(S2, stop_it),
    say("busy in a cast, exit(S, stop_it), not trapping", reason(W2)),
    timer:sleep(250),
    say("  what the callback would have done later", flush_all()),
    _ = logs(),
    ok.
init(trap) -> process_flag(trap_exit, true), {ok, 0};
init(no_trap) -> {ok, 0}.
handle_call({work, T}, _From, S) -> timer:sleep(T), golden_test ! after_work, {reply, done, S}.
handle_cast({work, T}, S) -> timer:sleep(T), golden_test ! after_work, {noreply, S}.
handle_info(_, S) -> {noreply, S}.
terminate(R, _) -> golden_test ! {terminate, R}.
