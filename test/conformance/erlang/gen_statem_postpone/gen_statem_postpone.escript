#!/usr/bin/env escript
%% gen_statem postpone: postponed events (casts and infos) wait until a state change and are then retried oldest first, before newer messages; staying in the state (keep_state, repeat_state, next_state to the same state) retries nothing; get_status shows them.
-module(gen_statem_postpone).
-mode(compile).
-export([main/1]).
-behaviour(gen_statem).
-export([init/1, callback_mode/0, locked/3, open/3]).
-include("../norm.hrl").
callback_mode() -> state_functions.
init(_) -> {ok, locked, []}.
locked({call, From}, unlock, L) -> {next_state, open, L, [{reply, From, ok}]};
locked({call, From}, get, L) -> {keep_state_and_data, [{reply, From, {locked, lists:reverse(L)}}]};
locked({call, From}, repeat, _) -> {repeat_state_and_data, [{reply, From, ok}]};
locked({call, From}, same, L) -> {next_state, locked, L, [{reply, From, ok}]};
locked(cast, _, _) -> {keep_state_and_data, [postpone]};
locked(info, _, L) -> {keep_state, L, postpone}.
open({call, From}, lock, L) -> {next_state, locked, L, [{reply, From, ok}]};
open({call, From}, get, L) -> {keep_state_and_data, [{reply, From, {open, lists:reverse(L)}}]};
open(cast, {push, X}, L) -> {keep_state, [X | L]};
open(cast, {relock_on, X}, L) -> {next_state, locked, [{relock, X} | L]};
open(info, X, L) -> {keep_state, [{info, X} | L]}.
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_statem:start(?MODULE, [], []), name(S, statem),
    gen_statem:cast(S, {push, 1}), gen_statem:cast(S, {push, 2}), S ! a,
    say("locked", gen_statem:call(S, get)),
    {status, _, _, [_, _, _, _, Misc]} = sys:get_status(S),
    [D | _] = [Items || {data, Items} <- Misc],
    say("get_status Postponed", lists:keyfind("Postponed", 1, D)),
    ok = gen_statem:call(S, repeat), ok = gen_statem:call(S, same),
    say("after repeat_state and next_state to the same state", gen_statem:call(S, get)),
    ok = gen_statem:call(S, unlock),
    say("unlocked: retried oldest first", gen_statem:call(S, get)),
    ok = gen_statem:call(S, lock),
    gen_statem:cast(S, {push, 3}), gen_statem:cast(S, {relock_on, 4}), gen_statem:cast(S, {push, 5}),
    ok = gen_statem:call(S, unlock),
    say("a retried event that locks again postpones the rest again", gen_statem:call(S, get)),
    ok = gen_statem:call(S, unlock),
    say("unlocked again", gen_statem:call(S, get)),
    say("stop", gen_statem:stop(S)),
    ok.
