#!/usr/bin/env escript
%% global names on one node: register_name/whereis_name/send/unregister_name, a taken name (no), a second name for the same pid, send to a name nobody holds ({badarg, {Name, Msg}}), names freed when their process ends; a gen_server started as {global, N}: already_started, call/cast by name, stop by name, gone after exit; registered_names.
-module(global_names).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
init(N) -> {ok, N}.
handle_call(get, _, N) -> {reply, N, N};
handle_call(whoami, _, N) -> {reply, global:whereis_name(golden_g) =:= self(), N}.
handle_cast({add, K}, N) -> {noreply, N + K}.
handle_info({add, K}, N) -> {noreply, N + K}.
echo() -> receive {From, M} -> From ! {echo, M}, echo(); stop -> ok end.
main(_) ->
    names_init(), name(self(), test), Me = self(),
    P = spawn(fun echo/0), name(P, p1),
    Q = spawn(fun echo/0), name(Q, p2),
    say("register_name", global:register_name(golden_a, P)),
    say("whereis_name", global:whereis_name(golden_a)),
    say("whereis_name of an unknown name", global:whereis_name(golden_nobody)),
    say("register a taken name", global:register_name(golden_a, Q)),
    say("a tuple name", global:register_name({golden, 1}, Q)),
    say("  whereis", global:whereis_name({golden, 1})),
    say("send", global:send(golden_a, {Me, hello})),
    say("  reply", flush_all()),
    say("send to a name nobody holds", try_(fun() -> global:send(golden_nobody, x) end)),
    say("unregister_name", global:unregister_name(golden_a)),
    say("  whereis", global:whereis_name(golden_a)),
    say("unregister a name nobody holds", global:unregister_name(golden_a)),
    say("register again", global:register_name(golden_a, P)),
    W = watch(P), P ! stop, reason(W), timer:sleep(20),
    say("after its process ends", global:whereis_name(golden_a)),
    say("registered_names", lists:sort([N || N <- global:registered_names(), N =/= golden_log_collector])),
    Q ! stop,
    {ok, S} = gen_server:start({global, golden_g}, ?MODULE, 1, []), name(S, server),
    say("gen_server {global, N}", global:whereis_name(golden_g) =:= S),
    say("  registered during init", gen_server:call({global, golden_g}, whoami)),
    say("start again", gen_server:start({global, golden_g}, ?MODULE, 1, [])),
    say("start_link again", gen_server:start_link({global, golden_g}, ?MODULE, 1, [])),
    say("cast by name", gen_server:cast({global, golden_g}, {add, 2})),
    say("call by name", gen_server:call({global, golden_g}, get)),
    say("sys:get_state by name", sys:get_state({global, golden_g})),
    say("stop by name", gen_server:stop({global, golden_g})),
    timer:sleep(20),
    say("  whereis", global:whereis_name(golden_g)),
    say("call the stopped name", try_(fun() -> gen_server:call({global, golden_g}, get) end)),
    say("cast to the stopped name", gen_server:cast({global, golden_g}, x)),
    {ok, S2} = gen_server:start({global, golden_g}, ?MODULE, 5, []), name(S2, server2),
    W2 = watch(S2), exit(S2, kill), reason(W2), timer:sleep(20),
    say("killed: name freed", global:whereis_name(golden_g)),
    say("mailbox", flush_all()),
    ok.
