#!/usr/bin/env escript
%% Deferred replies: handle_call returns noreply and gen_server:reply answers later (from another callback, another process, a timeout); reply then noreply; a second reply is dropped; stop with and without a reply; call timeout shapes, late replies dropped.
-module(gen_server_reply_later).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
init(S) -> {ok, S}.
handle_call(later, From, S) -> {noreply, S ++ [From]};
handle_call(pending, _From, S) -> {reply, length(S), S};
handle_call({delegate, Helper}, From, S) -> Helper ! {answer, From}, {noreply, S};
handle_call(early, From, S) -> ok = gen_server:reply(From, early), {noreply, S};
handle_call(twice, From, S) -> gen_server:reply(From, first), {reply, second, S};
handle_call(on_timeout, From, S) -> {noreply, S ++ [From], 50};
handle_call(stop_without_reply, _From, S) -> {stop, normal, S};
handle_call(stop_with_reply, _From, S) -> {stop, {shutdown, done}, bye, S};
handle_call({sleep, T}, _From, S) -> timer:sleep(T), {reply, slept, S}.
handle_cast(release, S) ->
    lists:foldl(fun(F, N) -> ok = gen_server:reply(F, {released, N}), N + 1 end, 1, S),
    {noreply, []}.
handle_info(timeout, [F | Rest]) -> gen_server:reply(F, timed_out), {noreply, Rest};
handle_info(_, S) -> {noreply, S}.
main(_) ->
    names_init(), name(self(), test),
    Test = self(),
    {ok, S} = gen_server:start(?MODULE, [], []), name(S, server),
    %% two callers wait; a cast answers both, in request order
    Caller = fun(N) -> P = spawn(fun() -> Test ! {N, gen_server:call(S, later)} end), name(P, N), timer:sleep(10), P end,
    _ = Caller(c1), _ = Caller(c2),
    say("pending calls", gen_server:call(S, pending)),
    gen_server:cast(S, release),
    say("c1 got", receive {c1, R1} -> R1 after 1000 -> none end),
    say("c2 got", receive {c2, R2} -> R2 after 1000 -> none end),
    %% another process replies
    Helper = spawn(fun() ->
                       receive {answer, From} ->
                           Test ! {helper_saw, From},
                           Test ! {helper_reply_result, gen_server:reply(From, {from_helper, self()})}
                       end
                   end), name(Helper, helper),
    say("reply from another process", gen_server:call(S, {delegate, Helper})),
    say("  From as the helper saw it", receive {helper_saw, F} -> F after 1000 -> none end),
    say("  gen_server:reply returned", receive {helper_reply_result, RR} -> RR after 1000 -> none end),
    say("reply, then noreply", gen_server:call(S, early)),
    say("reply, then reply again", gen_server:call(S, twice)),
    timer:sleep(20),
    say("  mailbox (the second reply arrives as a stray message)", flush_now()),
    say("noreply with a timeout, reply from handle_info(timeout)", gen_server:call(S, on_timeout)),
    %% timeouts
    say("call timeout (later, 100)", try_(fun() -> gen_server:call(S, later, 100) end)),
    say("  pending calls", gen_server:call(S, pending)),
    gen_server:cast(S, release), timer:sleep(20),
    say("  mailbox after the late reply", flush_now()),
    say("call timeout (sleep 200, 50)", try_(fun() -> gen_server:call(S, {sleep, 200}, 50) end)),
    timer:sleep(200),
    say("  mailbox after the late reply", flush_now()),
    say("call infinity", gen_server:call(S, {sleep, 10}, infinity)),
    %% a caller that dies while waiting: the later reply goes nowhere
    Gone = spawn(fun() -> gen_server:call(S, later) end), name(Gone, gone), timer:sleep(10),
    exit(Gone, kill), timer:sleep(10),
    say("pending after the caller was killed", gen_server:call(S, pending)),
    gen_server:cast(S, release), timer:sleep(10),
    say("server alive after replying to a dead caller", is_process_alive(S)),
    %% stop with and without a reply
    W = watch(S),
    say("stop without reply", try_(fun() -> gen_server:call(S, stop_without_reply) end)),
    say("  server exit", reason(W)),
    {ok, S2} = gen_server:start(?MODULE, [], []), name(S2, server2), W2 = watch(S2),
    say("stop with reply", try_(fun() -> gen_server:call(S2, stop_with_reply) end)),
    say("  server exit", reason(W2)),
    %% the server dies while a caller waits for a deferred reply
    {ok, S3} = gen_server:start(?MODULE, [], []), name(S3, server3),
    spawn(fun() -> timer:sleep(30), exit(S3, kill) end),
    say("server killed while the call waits", try_(fun() -> gen_server:call(S3, later) end)),
    say("mailbox", flush_all()),
    _ = logs(),
    ok.
