#!/usr/bin/env escript
%% A gen_server whose format_status/2 crashes: sys:get_status answers (the server lives on), and the
%% terminate error report still comes out.
-module(gen_server_format_status_crash).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, format_status/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_server:start(?MODULE, {secret, 42}, []), name(S, server),
    {status, _, _, [_, _, _, _, Misc]} = sys:get_status(S),
    say("get_status Misc", Misc),
    say("alive after get_status", is_process_alive(S)),
    say("state", sys:get_state(S)),
    say("call that stops", catch gen_server:call(S, stop)),
    timer:sleep(50),
    say("alive after stop", is_process_alive(S)),
    [show(L) || L <- logs()],
    ok.
show({Level, report, #{label := {gen_server, terminate} = Label} = R}) ->
    say("level", Level), say("label", Label),
    say("  state", maps:get(state, R)),
    say("  last_message", maps:get(last_message, R));
show({Level, report, #{label := Label}}) -> say("also logged", {Level, Label});
show(Other) -> say("other", Other).
init(S) -> {ok, S}.
handle_call(stop, _From, S) -> {stop, boom, ok, S};
handle_call(_, _From, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
format_status(_Opt, [_PDict, _S]) -> erlang:error(format_failed).
