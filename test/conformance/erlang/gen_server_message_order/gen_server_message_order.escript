#!/usr/bin/env escript
%% One sender's casts, plain messages and calls reach a gen_server's callbacks in the order sent (a call's reply waits for everything sent before it); a sys request is answered between two of them; messages sent while a callback runs wait for it.
-module(gen_server_message_order).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_server:start(?MODULE, [], []), name(S, server),
    gen_server:cast(S, {cast, 1}),
    S ! {info, 2},
    gen_server:cast(S, {cast, 3}),
    say("call after two casts and an info", gen_server:call(S, {call, 4})),
    S ! {info, 5},
    say("sys:get_state after one more info", sys:get_state(S)),
    gen_server:cast(S, {slow, 6}),
    gen_server:cast(S, {cast, 7}),
    S ! {info, 8},
    say("call after a slow cast", gen_server:call(S, {call, 9})),
    say("everything, in the order handled", lists:reverse(gen_server:call(S, log))),
    ok.
init(L) -> {ok, L}.
handle_call(log, _From, L) -> {reply, L, L};
handle_call({call, N}, _From, L) -> {reply, lists:reverse([{call, N} | L]), [{call, N} | L]}.
handle_cast({slow, N}, L) -> timer:sleep(100), {noreply, [{slow, N} | L]};
handle_cast({cast, N}, L) -> {noreply, [{cast, N} | L]}.
handle_info({info, N}, L) -> {noreply, [{info, N} | L]}.
