#!/usr/bin/env escript
%% gen_statem timeouts: an event timeout fires when no event comes and any event cancels it; a state timeout survives events but not a state change; generic timeouts by name survive both; cancel, update (also of one not running: fires at once), 0 ms, infinity cancels, the last of a type wins; get_status lists the running ones.
-module(gen_statem_timeouts).
-mode(compile).
-export([main/1]).
-behaviour(gen_statem).
-export([init/1, callback_mode/0, handle_event/4]).
-include("../norm.hrl").
callback_mode() -> handle_event_function.
init(Me) -> {ok, idle, Me}.
handle_event({call, From}, {arm, Actions}, _S, _Me) -> {keep_state_and_data, [{reply, From, ok} | Actions]};
handle_event({call, From}, {goto, S2}, _S, Me) -> {next_state, S2, Me, [{reply, From, ok}]};
handle_event(cast, poke, _, _) -> keep_state_and_data;
handle_event(Type, Content, S, Me) -> Me ! {fired, Type, Content, S}, keep_state_and_data.
arm(S, A) -> ok = gen_statem:call(S, {arm, A}).
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_statem:start(?MODULE, self(), []), name(S, statem),
    arm(S, [{timeout, 30, t1}]), timer:sleep(60),
    say("event timeout, no event", flush_now()),
    arm(S, [{timeout, 30, t2}]), gen_statem:cast(S, poke), timer:sleep(60),
    say("event timeout, then an event", flush_now()),
    arm(S, [{state_timeout, 30, st1}]), gen_statem:cast(S, poke), timer:sleep(60),
    say("state timeout, then an event", flush_now()),
    arm(S, [{state_timeout, 30, st2}]), gen_statem:call(S, {goto, busy}), timer:sleep(60),
    say("state timeout, then a state change", flush_now()),
    arm(S, [{{timeout, g1}, 30, c1}, {{timeout, g2}, 40, c2}]), gen_statem:call(S, {goto, idle}), gen_statem:cast(S, poke), timer:sleep(80),
    say("generic timeouts, a state change and an event", flush_now()),
    arm(S, [{{timeout, g1}, 30, c1}]), arm(S, [{{timeout, g1}, cancel}]), timer:sleep(60),
    say("generic timeout cancelled", flush_now()),
    arm(S, [{{timeout, g1}, 30, c1}]), arm(S, [{{timeout, g1}, update, c9}]), timer:sleep(60),
    say("generic timeout updated", flush_now()),
    arm(S, [{{timeout, g3}, update, now}]), timer:sleep(20),
    say("update of one not running", flush_now()),
    arm(S, [{timeout, 0, zero}]), timer:sleep(20),
    say("event timeout 0", flush_now()),
    arm(S, [{state_timeout, 0, szero}, {{timeout, g4}, 0, gzero}]), timer:sleep(20),
    say("zero timeouts in order", flush_now()),
    arm(S, [{timeout, 30, a}, {timeout, 40, b}]), timer:sleep(70),
    say("the last of a type wins", flush_now()),
    arm(S, [{state_timeout, 30, s1}]), arm(S, [{state_timeout, infinity, s2}]), timer:sleep(60),
    say("state timeout infinity cancels", flush_now()),
    arm(S, [{timeout, 25, num}]), arm(S, [30]), timer:sleep(60),
    say("a bare time is an event timeout", flush_now()),
    arm(S, [{{timeout, g5}, 1000, c5}, {state_timeout, 1000, s5}]),
    {status, _, _, [_, _, _, _, Misc]} = sys:get_status(S),
    [D | _] = [Items || {data, Items} <- Misc],
    say("get_status Time-outs", lists:keyfind("Time-outs", 1, D)),
    say("stop", gen_statem:stop(S)),
    say("mailbox", flush_all()),
    ok.
