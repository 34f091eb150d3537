#!/usr/bin/env escript
%% gen_statem started with {debug, [trace, log]} (handle_event_function): the enter event, init's actions, next_event, generic/event/zero timeouts (start_timer, their in and consume), a postponed event retried on a state change, replies, and sys:log's events; a crash logs no terminate event.
-module(gen_statem_debug_start).
-mode(compile).
-export([main/1]).
-behaviour(gen_statem).
-export([init/1, callback_mode/0, handle_event/4]).
-include("../norm.hrl").
callback_mode() -> handle_event_function.
init(_) -> {ok, a, 0, [{{timeout, g}, 20, gt}, {next_event, internal, boot}]}.
handle_event(internal, boot, a, N) -> {keep_state, N + 1};
handle_event({timeout, g}, gt, a, N) -> {next_state, b, N + 1, [{timeout, 0, zero}]};
handle_event(timeout, zero, b, _) -> keep_state_and_data;
handle_event(cast, later, a, _) -> {keep_state_and_data, postpone};
handle_event(cast, later, b, N) -> {keep_state, N + 10};
handle_event({call, From}, get, S, N) -> {keep_state_and_data, [{reply, From, {S, N}}]};
handle_event({call, _}, crash, _, _) -> exit(crashed).
main(_) ->
    names_init(), name(self(), test),
    Cap = io_capture_start(), group_leader(Cap, self()),
    {ok, S} = gen_statem:start(?MODULE, [], [{debug, [trace, log]}]), name(S, statem),
    group_leader(Cap, S),
    gen_statem:cast(S, later),
    timer:sleep(60),
    R = gen_statem:call(S, get),
    {ok, Log} = sys:log(S, get),
    W = watch(S),
    catch gen_statem:call(S, crash),
    Reason = reason(W),
    T = io_captured(Cap),
    group_leader(whereis(user), self()),
    say("get", R),
    say("log", Log),
    say("crash", Reason),
    say_text("trace output", T),
    _ = logs(),
    ok.
