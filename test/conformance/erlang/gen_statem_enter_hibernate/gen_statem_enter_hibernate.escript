#!/usr/bin/env escript
%% gen_statem state enter calls with actions (a state timeout set on entry, a reply from an enter, hibernate) and the enter call's limits (no state change, no postpone: the machine stops); hibernate actions put the machine in erlang:hibernate, keeping state and data; a system message wakes it and it sleeps again.
-module(gen_statem_enter_hibernate).
-mode(compile).
-export([main/1]).
-behaviour(gen_statem).
-export([init/1, callback_mode/0, handle_event/4]).
-include("../norm.hrl").
callback_mode() -> [handle_event_function, state_enter].
init(Me) -> {ok, start, Me, [hibernate]}.
handle_event(enter, _, start, _) -> keep_state_and_data;
handle_event(enter, Old, timed, Me) -> Me ! {entered, timed, from, Old}, {keep_state_and_data, [{state_timeout, 30, entry_timer}]};
handle_event(enter, _, sleepy, _) -> {keep_state_and_data, [hibernate]};
handle_event(enter, _, {replying, From}, _) -> {keep_state_and_data, [{reply, From, replied_on_entry}]};
handle_event(enter, _, bad_enter, Me) -> {next_state, elsewhere, Me};
handle_event(enter, _, bad_postpone, _) -> {keep_state_and_data, [postpone]};
handle_event(enter, _, _, _) -> keep_state_and_data;
handle_event({call, From}, {goto, S2}, _, Me) -> {next_state, S2, Me, [{reply, From, ok}]};
handle_event({call, From}, reply_on_entry, _, Me) -> {next_state, {replying, From}, Me};
handle_event({call, From}, sleep, _, _) -> {keep_state_and_data, [{reply, From, ok}, hibernate]};
handle_event({call, From}, get, S, _) -> {keep_state_and_data, [{reply, From, S}]};
handle_event(state_timeout, C, S, Me) -> Me ! {state_timeout, C, S}, keep_state_and_data.
hib(S) -> {hibernating, process_info(S, current_function) =:= {current_function, {erlang, hibernate, 3}}}.
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_statem:start(?MODULE, self(), []), name(S, statem),
    timer:sleep(20),
    say("after init [hibernate]", hib(S)),
    say("call wakes it", gen_statem:call(S, {goto, timed})), timer:sleep(60),
    say("enter timed: a state timeout set on entry", flush_all()),
    say("now", hib(S)),
    ok = gen_statem:call(S, sleep), timer:sleep(20),
    say("after [{reply,..}, hibernate]", hib(S)),
    say("sys:get_state while hibernating", sys:get_state(S)),
    say("after the system message", hib(S)),
    ok = gen_statem:call(S, {goto, sleepy}), timer:sleep(20),
    say("hibernate from an enter call", hib(S)),
    say("reply from an enter call", gen_statem:call(S, reply_on_entry)),
    say("state", gen_statem:call(S, get)),
    W = watch(S),
    say("an enter call that changes state", try_(fun() -> gen_statem:call(S, {goto, bad_enter}) end)),
    say("  exit", reason(W)),
    {ok, S2} = gen_statem:start(?MODULE, self(), []), name(S2, statem2), W2 = watch(S2),
    say("an enter call that postpones", try_(fun() -> gen_statem:call(S2, {goto, bad_postpone}) end)),
    say("  exit", reason(W2)),
    say("mailbox", flush_all()),
    _ = logs(),
    ok.
