#!/usr/bin/env escript
%% A trapping process that both links to and monitors a process gets both signals of its death, the EXIT before the DOWN (the order OTP shows; both come from the one dying process), after any message that process sent before dying; with two monitors, both DOWNs after the EXIT, in monitor order.
-module(link_monitor_order).
-mode(compile).
-export([main/1]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    Me = self(),
    process_flag(trap_exit, true),
    [begin
         P = spawn_link(fun() -> receive go -> Me ! last_words, exit(R) end end), name(P, list_to_atom("p_" ++ lists:flatten(io_lib:format("~p", [R])))),
         R1 = monitor(process, P), name(R1, '#M1'),
         R2 = monitor(process, P), name(R2, '#M2'),
         P ! go,
         timer:sleep(20),
         say(io_lib:format("~0p: mailbox in order", [R]), flush_now())
     end || R <- [normal, boom, {shutdown, x}]],
    P2 = spawn_link(fun() -> receive after infinity -> ok end end), name(P2, killed_one),
    R3 = monitor(process, P2), name(R3, '#M3'),
    exit(P2, kill),
    timer:sleep(20),
    say("killed: mailbox in order", flush_now()),
    ok.
