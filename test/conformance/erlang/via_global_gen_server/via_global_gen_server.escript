#!/usr/bin/env escript
%% {via, global, N} names: gen_server and gen_statem started under one (the name registered before init, already_started, a name conflict with global:register_name), call/cast/stop by the via name, sys by it, the name freed on exit, calling it then is noproc; an init that fails frees the name.
-module(via_global_gen_server).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
init(fail) -> {stop, failed};
init(N) -> {ok, N}.
handle_call(get, _, N) -> {reply, N, N};
handle_call(whoami, _, N) -> {reply, global:whereis_name(golden_v) =:= self(), N}.
handle_cast({add, K}, N) -> {noreply, N + K}.
handle_info(_, N) -> {noreply, N}.
main(_) ->
    names_init(), name(self(), test),
    V = {via, global, golden_v},
    {ok, S} = gen_server:start(V, ?MODULE, 1, []), name(S, server),
    say("registered before init", gen_server:call(V, whoami)),
    say("start again", gen_server:start(V, ?MODULE, 1, [])),
    say("{global, N} names the same process", gen_server:call({global, golden_v}, get)),
    say("cast", gen_server:cast(V, {add, 4})),
    say("call", gen_server:call(V, get)),
    say("sys:get_state", sys:get_state(V)),
    say("stop", gen_server:stop(V)),
    timer:sleep(20),
    say("call the stopped name", try_(fun() -> gen_server:call(V, get) end)),
    say("cast to the stopped name", gen_server:cast(V, x)),
    say("init fails", gen_server:start(V, ?MODULE, fail, [])),
    say("  whereis", global:whereis_name(golden_v)),
    P = spawn(fun() -> receive stop -> ok end end), name(P, plain),
    yes = global:register_name(golden_v, P),
    say("a plain process holds the name", gen_server:start(V, ?MODULE, 1, [])),
    P ! stop, timer:sleep(20),
    {ok, S2} = gen_server:start(V, ?MODULE, 7, []), name(S2, server2),
    say("start after it ended", gen_server:call(V, get)),
    W = watch(S2),
    exit(S2, kill), reason(W), timer:sleep(20),
    say("killed: name freed", global:whereis_name(golden_v)),
    say("mailbox", flush_all()),
    _ = logs(),
    ok.
