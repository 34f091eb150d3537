#!/usr/bin/env escript
%% gen_server timeouts: {ok, S, T} / {reply, R, S, T} / {noreply, S, T} deliver handle_info(timeout) after T ms of silence; any message cancels it; timeout 0 fires only when no message is waiting; infinity never fires; a system message restarts a pending timeout in full; a plain `timeout` message looks the same.
-module(gen_server_timeouts).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test), register(golden_test, self()),
    {ok, S} = gen_server:start(?MODULE, {timeout_in_init, 50}, []), name(S, server),
    say("init {ok, S, 50}", seen(100)),
    say("reply with timeout 50", gen_server:call(S, {reply_timeout, 50})),
    say("  fired", seen(100)),
    say("noreply (cast) with timeout 50", gen_server:cast(S, {noreply_timeout, 50})),
    say("  fired", seen(100)),
    gen_server:cast(S, {noreply_timeout, 100}),
    timer:sleep(30),
    S ! poke,
    say("a message within the timeout cancels it", seen(200)),
    %% timeout 0 with a message already queued: the message wins
    gen_server:cast(S, {sleep_then_noreply_timeout, 50, 0}),
    S ! queued,
    say("timeout 0 with a message queued", seen(100)),
    gen_server:cast(S, {noreply_timeout, 0}),
    say("timeout 0 with nothing queued", seen(50)),
    gen_server:cast(S, {noreply_timeout, infinity}),
    say("timeout infinity", seen(100)),
    %% a system message restarts the pending timeout
    gen_server:cast(S, {noreply_timeout, 400}),
    timer:sleep(200),
    _ = sys:get_state(S),
    timer:sleep(300),
    say("sys:get_state at 200 ms of a 400 ms timeout: fired by 500 ms", seen(0)),
    say("  fired by 750 ms", seen(250)),
    S ! timeout,
    say("a plain timeout message", seen(50)),
    ok.
%% the notes the server sent within T ms
seen(T) -> timer:sleep(T), seen_now().
seen_now() -> receive {seen, E} -> [E | seen_now()] after 0 -> [] end.
note(E) -> golden_test ! {seen, E}.
init({timeout_in_init, T}) -> {ok, [], T}.
handle_call({reply_timeout, T}, _From, S) -> {reply, ok, S, T}.
handle_cast({noreply_timeout, T}, S) -> {noreply, S, T};
handle_cast({sleep_then_noreply_timeout, Sleep, T}, S) -> timer:sleep(Sleep), {noreply, S, T}.
handle_info(timeout, S) -> note(timeout), {noreply, S};
handle_info(Msg, S) -> note({info, Msg}), {noreply, S}.
