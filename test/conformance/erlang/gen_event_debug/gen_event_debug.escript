#!/usr/bin/env escript
%% sys on a gen_event manager: trace lines for notify, call and a plain message (a sync_notify's line prints its raw ref: logged only); sys:log's {in, Msg} events; get_state ([{Module, Id, State}]); replace_state per handler; suspend/resume.
-module(gen_event_debug).
-mode(compile).
-export([main/1]).
-behaviour(gen_event).
-export([init/1, handle_event/2, handle_call/2, handle_info/2]).
-include("../norm.hrl").
init(N) -> {ok, N}.
handle_event(_, N) -> {ok, N + 1}.
handle_call(get, N) -> {ok, N, N}.
handle_info(_, N) -> {ok, N + 100}.
main(_) ->
    names_init(), name(self(), test),
    {ok, M} = gen_event:start({local, golden_mgr}), name(M, mgr),
    Cap = io_capture_start(), group_leader(Cap, M),
    ok = gen_event:add_handler(M, {?MODULE, a}, 0),
    ok = sys:log(M, true),
    ok = gen_event:sync_notify(M, ev1),
    ok = sys:trace(M, true),
    gen_event:notify(M, ev2),
    say("call", gen_event:call(M, {?MODULE, a}, get)),
    M ! hello,
    say("get_state", sys:get_state(M)),
    say("replace_state", sys:replace_state(M, fun({Mod, Id, N}) -> {Mod, Id, N * 2} end)),
    ok = sys:suspend(M),
    gen_event:notify(M, ev3),
    say("get_state while suspended", sys:get_state(M)),
    ok = sys:resume(M),
    say("call after resume", gen_event:call(M, {?MODULE, a}, get)),
    {ok, Log} = sys:log(M, get),
    say("log", Log),
    say_text("trace output", io_captured(Cap)),
    ok = gen_event:stop(M),
    ok.
