#!/usr/bin/env escript
%% gen_statem starts and failures: init's returns (ignore, {stop, R}, a bad one, an exit), a bad callback mode, a bad return or action from a state function, a missing state function, {stop, R} and stop_and_reply from a callback with terminate run, calls to a dead machine and a call timeout, gen_statem:stop.
-module(gen_statem_errors).
-mode(compile).
-export([main/1]).
-behaviour(gen_statem).
-export([init/1, callback_mode/0, ready/3, terminate/3]).
-include("../norm.hrl").
callback_mode() -> case get(mode) of undefined -> state_functions; M -> M end.
init({Me, ok}) -> put(me, Me), {ok, ready, 0};
init({_, ignore}) -> ignore;
init({_, stop}) -> {stop, nope};
init({_, bad}) -> {what, ever};
init({_, exit}) -> exit(init_exit);
init({Me, {mode, M}}) -> put(me, Me), put(mode, M), {ok, ready, 0}.
ready({call, _}, garbage, _) -> {what, ever};
ready({call, _}, bad_action, _) -> {keep_state_and_data, [{bogus, 1}]};
ready({call, From}, nowhere, D) -> {next_state, nowhere, D, [{reply, From, ok}]};
ready({call, From}, slow, _) -> timer:sleep(200), {keep_state_and_data, [{reply, From, late}]};
ready({call, _}, {stop, R}, D) -> {stop, R, D + 1};
ready({call, From}, {stop_and_reply, R}, D) -> {stop_and_reply, R, [{reply, From, bye}], D + 2};
ready({call, From}, ping, _) -> {keep_state_and_data, [{reply, From, pong}]};
ready(cast, _, _) -> keep_state_and_data;
ready(info, _, _) -> keep_state_and_data.
terminate(R, S, D) -> case get(me) of undefined -> ok; Me -> Me ! {terminate, R, S, D} end.
start(Arg) -> gen_statem:start(?MODULE, {self(), Arg}, []).
crash(Req) ->
    {ok, S} = start(ok), name(S, statem), W = watch(S),
    C = try_(fun() -> gen_statem:call(S, Req) end),
    {C, reason(W), flush_all()}.
main(_) ->
    names_init(), name(self(), test),
    say("init ignore", start(ignore)),
    say("init {stop, R}", start(stop)),
    say("init bad return", start(bad)),
    say("init exit", start(exit)),
    process_flag(trap_exit, true),
    {ok, B} = gen_statem:start_link(?MODULE, {self(), {mode, bogus}}, []), name(B, bad_mode),
    say("bad callback mode: start_link", ok),
    say("  then", {receive {'EXIT', B, R} -> R end, flush_all()}),
    process_flag(trap_exit, false),
    say("bad return from a state function", crash(garbage)),
    say("bad action", crash(bad_action)),
    {ok, S1} = start(ok), name(S1, s1), W1 = watch(S1),
    say("state without a function", {gen_statem:call(S1, nowhere), try_(fun() -> gen_statem:call(S1, ping) end)}),
    say("  exit", reason(W1)),
    say("{stop, R, D}", crash({stop, shutdown})),
    say("stop_and_reply", crash({stop_and_reply, normal})),
    {ok, S2} = start(ok), name(S2, s2),
    say("call timeout", try_(fun() -> gen_statem:call(S2, slow, 50) end)),
    say("  still serves", gen_statem:call(S2, ping)),
    say("  late reply", flush_all()),
    say("stop", gen_statem:stop(S2)),
    say("  terminate", flush_all()),
    say("call a dead machine", try_(fun() -> gen_statem:call(S2, ping) end)),
    say("stop a dead machine", try_(fun() -> gen_statem:stop(S2) end)),
    say("cast to a dead machine", gen_statem:cast(S2, x)),
    {ok, S3} = start(ok), name(S3, s3),
    say("stop with a reason", gen_statem:stop(S3, {shutdown, done}, infinity)),
    say("  terminate", flush_all()),
    _ = logs(),
    ok.
