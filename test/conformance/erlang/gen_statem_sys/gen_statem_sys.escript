#!/usr/bin/env escript
%% sys on a gen_statem: get_state/replace_state ({State, Data}), get_status (header, Status, Time-outs, Postponed, State), suspend (calls wait) and resume, statistics counts, log, change_code while suspended, sys:terminate runs terminate.
-module(gen_statem_sys).
-mode(compile).
-export([main/1]).
-behaviour(gen_statem).
-export([init/1, callback_mode/0, handle_event/4, terminate/3, code_change/4]).
-include("../norm.hrl").
callback_mode() -> handle_event_function.
init(Me) -> {ok, idle, {Me, 0}}.
handle_event({call, From}, get, S, {_, N}) -> {keep_state_and_data, [{reply, From, {S, N}}]};
handle_event(cast, {add, K}, _, {Me, N}) -> {keep_state, {Me, N + K}};
handle_event(cast, {goto, S2}, _, D) -> {next_state, S2, D}.
terminate(R, S, {Me, N}) -> Me ! {terminate, R, S, N}.
code_change(Old, S, {Me, N}, Extra) -> {ok, {upgraded, S}, {Me, {Old, N, Extra}}}.
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_statem:start(?MODULE, self(), []), name(S, statem),
    say("get_state", sys:get_state(S)),
    say("replace_state", sys:replace_state(S, fun({St, {Me, N}}) -> {St, {Me, N * 10 + 1}} end)),
    say("  call", gen_statem:call(S, get)),
    {status, _, Mod, [_, SysState, Parent, Dbg, Misc]} = sys:get_status(S),
    say("get_status", {Mod, SysState, Parent, Dbg, Misc}),
    ok = sys:suspend(S),
    gen_statem:cast(S, {add, 1}),
    say("call while suspended", try_(fun() -> gen_statem:call(S, get, 50) end)),
    say("  get_state while suspended", sys:get_state(S)),
    ok = sys:resume(S),
    say("after resume", gen_statem:call(S, get)),
    ok = sys:statistics(S, true),
    gen_statem:cast(S, {add, 1}), _ = gen_statem:call(S, get),
    {ok, Stats} = sys:statistics(S, get),
    say("statistics in/out", {lists:keyfind(messages_in, 1, Stats), lists:keyfind(messages_out, 1, Stats)}),
    ok = sys:log(S, true),
    gen_statem:cast(S, {goto, busy}), _ = gen_statem:call(S, get),
    say("log", sys:log(S, get)),
    ok = sys:suspend(S),
    say("change_code", sys:change_code(S, ?MODULE, v1, extra)),
    ok = sys:resume(S),
    say("  state", sys:get_state(S)),
    say("sys:terminate", sys:terminate(S, normal)),
    say("  terminate", flush_all()),
    ok.
