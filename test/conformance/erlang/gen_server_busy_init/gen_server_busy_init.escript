#!/usr/bin/env escript
%% Requests that reach a gen_server while its init is still running wait in its mailbox: a call and a sys request are answered once init returns; a sys request with a shorter timeout fails with timeout and its late answer is dropped; start returns only after init.
-module(gen_server_busy_init).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    Test = self(),
    Starter = spawn(fun() -> Test ! {started, gen_server:start(?MODULE, Test, [])} end), name(Starter, starter),
    S = receive {in_init, P} -> P end, name(S, server),
    say("sys:get_state with 50 ms during a 300 ms init", try_(fun() -> sys:get_state(S, 50) end)),
    Me = self(),
    spawn(fun() -> Me ! {call_result, gen_server:call(S, get)} end),
    timer:sleep(10),
    say("sys:get_state (default timeout) during init", sys:get_state(S)),
    say("the call made during init", receive {call_result, R} -> R after 1000 -> none end),
    say("start returned", receive {started, St} -> St after 1000 -> none end),
    say("mailbox", flush_all()),
    ok.
init(Test) ->
    Test ! {in_init, self()},
    timer:sleep(300),
    {ok, ready}.
handle_call(get, _From, S) -> {reply, S, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.
