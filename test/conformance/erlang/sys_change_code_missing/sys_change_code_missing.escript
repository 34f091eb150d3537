#!/usr/bin/env escript
%% sys:change_code on a suspended gen_server whose module has no code_change/3: the change fails with {error, {'EXIT', {undef, Stack}}}, the state is kept and the server lives on.
-module(sys_change_code_missing).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_server:start(?MODULE, 7, []), name(S, server),
    ok = sys:suspend(S),
    say("change_code without code_change/3", sys:change_code(S, ?MODULE, "1", extra)),
    say("  state kept", sys:get_state(S)),
    ok = sys:resume(S),
    say("  server still serves", gen_server:call(S, get)),
    ok.
init(N) -> {ok, N}.
handle_call(get, _From, N) -> {reply, N, N}.
handle_cast(_, N) -> {noreply, N}.
