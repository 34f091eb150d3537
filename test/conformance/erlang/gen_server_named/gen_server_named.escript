#!/usr/bin/env escript
%% gen_server started with a {local, Name}: the name is registered before init runs; a second start with the name gives {error, {already_started, Pid}} (also when a plain process holds it); calls, casts and sends by name; an init that fails or ignores frees the name; stop and crash free it; a stopped name answers noproc.
-module(gen_server_named).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_server:start({local, golden_srv}, ?MODULE, 0, []), name(S, server),
    say("whereis", whereis(golden_srv)),
    say("registered during init", gen_server:call(golden_srv, registered_in_init)),
    say("start again with the name", gen_server:start({local, golden_srv}, ?MODULE, 0, [])),
    say("start_link with the name", gen_server:start_link({local, golden_srv}, ?MODULE, 0, [])),
    say("call by name", gen_server:call(golden_srv, get)),
    say("cast by name", gen_server:cast(golden_srv, {add, 2})),
    golden_srv ! {add, 3},
    say("  state after a cast and a send by name", sys:get_state(golden_srv)),
    say("cast to an unknown name", gen_server:cast(golden_nobody, x)),
    say("process_info registered_name", process_info(S, registered_name)),
    say("start with init {stop, R}", gen_server:start({local, golden_bad}, ?MODULE, stop, [])),
    say("  whereis", whereis(golden_bad)),
    say("start with init ignore", gen_server:start({local, golden_bad}, ?MODULE, ignore, [])),
    say("  whereis", whereis(golden_bad)),
    P = spawn(fun() -> receive stop -> ok end end), name(P, plain), register(golden_plain, P),
    say("start with a name a plain process holds", gen_server:start({local, golden_plain}, ?MODULE, 0, [])),
    P ! stop,
    say("stop by name", gen_server:stop(golden_srv)),
    say("  whereis", whereis(golden_srv)),
    say("call the stopped name", try_(fun() -> gen_server:call(golden_srv, get) end)),
    say("stop the stopped name", try_(fun() -> gen_server:stop(golden_srv) end)),
    {ok, S2} = gen_server:start({local, golden_srv}, ?MODULE, 0, []), name(S2, server2),
    W = watch(S2),
    gen_server:cast(golden_srv, crash),
    say("a crash", reason(W)),
    say("  whereis", whereis(golden_srv)),
    {ok, S3} = gen_server:start({local, golden_srv}, ?MODULE, 0, []), name(S3, server3),
    say("start again under the freed name", whereis(golden_srv)),
    say("mailbox", flush_all()),
    _ = logs(),
    ok.
init(stop) -> {stop, nope};
init(ignore) -> ignore;
init(N) -> {ok, {N, whereis(golden_srv) =:= self()}}.
handle_call(get, _From, {N, _} = S) -> {reply, N, S};
handle_call(registered_in_init, _From, {_, R} = S) -> {reply, R, S}.
handle_cast({add, K}, {N, R}) -> {noreply, {N + K, R}};
handle_cast(crash, _S) -> exit(crashed).
handle_info({add, K}, {N, R}) -> {noreply, {N + K, R}}.
