#!/usr/bin/env escript
%% kill vs killed: exit(P, kill) kills even a trapping P, whose reason is killed, and link partners see killed (a non-trapping one dies killed); a process that ends itself with exit(kill) has reason kill, which reaches partners as an ordinary reason: a trapping one gets {'EXIT', P, kill}, a non-trapping one dies kill, and its own partners then see kill.
-module(link_kill_reasons).
-mode(compile).
-export([main/1]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    Test = self(),
    %% exit(P, kill) on a trapping process
    T = spawn(fun() -> process_flag(trap_exit, true), receive after infinity -> ok end end), name(T, trapper),
    timer:sleep(10),
    Wt = watch(T), exit(T, kill),
    say("exit(P, kill) on a trapping process", reason(Wt)),
    %% chain: test (trapping) - B (not trapping) - C; exit(C, kill)
    process_flag(trap_exit, true),
    B = spawn_link(fun() ->
                       C = spawn_link(fun() -> receive after infinity -> ok end end),
                       Test ! {c, C},
                       receive after infinity -> ok end
                   end), name(B, b),
    C = receive {c, C0} -> C0 end, name(C, c),
    Wb = watch(B), Wc = watch(C),
    exit(C, kill),
    say("killed: C's reason", reason(Wc)),
    say("  B (not trapping, linked to C)", reason(Wb)),
    say("  test (trapping, linked to B) gets", receive {'EXIT', B, _} = E1 -> E1 after 1000 -> none end),
    %% chain: test (trapping) - B2 (not trapping) - C2; C2 calls exit(kill) itself
    B2 = spawn_link(fun() ->
                        C2 = spawn_link(fun() -> receive go -> exit(kill) end end),
                        Test ! {c, C2},
                        receive after infinity -> ok end
                    end), name(B2, b2),
    C2 = receive {c, C20} -> C20 end, name(C2, c2),
    Wb2 = watch(B2), Wc2 = watch(C2),
    C2 ! go,
    say("exit(kill) by itself: C2's reason", reason(Wc2)),
    say("  B2 (not trapping, linked to C2)", reason(Wb2)),
    say("  test (trapping, linked to B2) gets", receive {'EXIT', B2, _} = E2 -> E2 after 1000 -> none end),
    %% a trapping partner of a process that ends with exit(kill)
    D = spawn_link(fun() -> receive go -> exit(kill) end end), name(D, d),
    D ! go,
    say("trapping partner of exit(kill)", receive {'EXIT', D, _} = E3 -> E3 after 1000 -> none end),
    %% exit(P, kill) sent by a linked process to itself
    E = spawn_link(fun() -> exit(self(), kill) end), name(E, e),
    say("exit(self(), kill): partner gets", receive {'EXIT', E, _} = E4 -> E4 after 1000 -> none end),
    say("test alive", is_process_alive(self())),
    say("mailbox", flush_all()),
    ok.
