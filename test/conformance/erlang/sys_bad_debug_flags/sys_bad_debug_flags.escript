#!/usr/bin/env escript
%% Bad debug flags to sys:log, sys:statistics and sys:trace: each answers unknown_debug, the server lives on,
%% and a good flag still works afterwards.
-module(sys_bad_debug_flags).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2, code_change/3]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_server:start(?MODULE, 7, []), name(S, server),
    say("log {true, 0}", sys:log(S, {true, 0})),
    say("log {true, -1}", sys:log(S, {true, -1})),
    say("log {true, 1.5}", sys:log(S, {true, 1.5})),
    say("log {true, foo}", sys:log(S, {true, foo})),
    say("log bogus", sys:log(S, bogus)),
    say("statistics bogus", sys:statistics(S, bogus)),
    say("trace bogus", sys:trace(S, bogus)),
    say("alive", is_process_alive(S)),
    say("log {true, 2}", sys:log(S, {true, 2})),
    gen_server:cast(S, {add, 1}),
    gen_server:cast(S, {add, 2}),
    gen_server:cast(S, {add, 3}),
    say("log get (the last 2)", sys:log(S, get)),
    ok.
%% --- the counter gen_server used by this scenario ---
init(N) -> {ok, N}.
handle_call(get, _From, S) -> {reply, S, S}.
handle_cast({add, N}, S) -> {noreply, S + N}.
handle_info(_Msg, S) -> {noreply, S}.
terminate(_Reason, _S) -> ok.
code_change(_Old, S, _Extra) -> {ok, S}.
