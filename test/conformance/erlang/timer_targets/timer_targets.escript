#!/usr/bin/env escript
%% Timer destinations: a timer to a pid is cancelled when that process exits (read_timer/cancel_timer give false, also for a timer armed to an already dead pid); a timer to a name is resolved at expiry, survives the holder's death, reaches the next holder, and is dropped without error when nobody holds the name.
-module(timer_targets).
-mode(compile).
-export([main/1]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    Test = self(),
    P = spawn(fun() -> receive stop -> ok end end), name(P, p),
    T1 = erlang:send_after(1000, P, hello),
    say("read_timer while the target lives", is_integer(erlang:read_timer(T1))),
    W = watch(P), P ! stop, reason(W),
    say("read_timer after the target exited", erlang:read_timer(T1)),
    say("cancel_timer after the target exited", erlang:cancel_timer(T1)),
    T2 = erlang:start_timer(1000, P, x),
    say("start_timer to a dead pid: read_timer", erlang:read_timer(T2)),
    say("  cancel_timer", erlang:cancel_timer(T2)),
    K = spawn(fun() -> receive after infinity -> ok end end), name(K, k),
    T5 = erlang:send_after(1000, K, hello),
    exit(K, kill), timer:sleep(10),
    say("target killed: cancel_timer", erlang:cancel_timer(T5)),
    Q = spawn(fun() -> receive stop -> ok end end), name(Q, q),
    register(golden_q, Q),
    T3 = erlang:send_after(100, golden_q, hi),
    Wq = watch(Q), Q ! stop, reason(Wq),
    say("timer to a name whose holder exited: still armed", is_integer(erlang:read_timer(T3))),
    R = spawn(fun() -> receive M -> Test ! {r_got, M} end end), name(R, r),
    register(golden_q, R),
    say("the next holder of the name gets it", receive {r_got, M} -> M after 1000 -> none end),
    T4 = erlang:send_after(10, golden_nobody, lost),
    timer:sleep(30),
    say("timer to a name nobody holds, after expiry: read_timer", erlang:read_timer(T4)),
    T6 = erlang:send_after(1000, self(), mine),
    say("own timer: cancel_timer", is_integer(erlang:cancel_timer(T6))),
    say("  cancel again", erlang:cancel_timer(T6)),
    say("mailbox", flush_all()),
    ok.
