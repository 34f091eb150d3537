#!/usr/bin/env escript
%% unlink stops exit propagation (from either side; an EXIT already queued stays); spawn_monitor's ref is the DOWN's; monitoring twice gives two DOWNs in monitor order; demonitor flush/info; link + monitor on one process gives both EXIT and DOWN; demonitor leaves the link.
-module(spawn_monitor_unlink).
-mode(compile).
-export([main/1]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    Test = self(),
    %% a middle process links a child, then unlinks it: the child's crash no longer reaches it
    M = spawn(fun() ->
                  C = spawn_link(fun() -> receive go -> exit(boom) end end),
                  Test ! {child, C},
                  receive unlink -> Test ! {unlinked, unlink(C), process_info(self(), links)} end,
                  receive stop -> ok end
              end), name(M, middle),
    C = receive {child, C0} -> C0 end, name(C, child),
    Wm = watch(M), Wc = watch(C),
    M ! unlink,
    say("unlink returns, links after", receive {unlinked, U, L} -> {U, L} end),
    C ! go,
    say("child exit", reason(Wc)),
    timer:sleep(20),
    say("middle alive after child crash", is_process_alive(M)),
    M ! stop,
    say("middle exit", reason(Wm)),
    %% the child removes the link from its side: one link, removed from either side
    M2 = spawn(fun() ->
                   Me = self(),
                   C2 = spawn_link(fun() -> receive unlink_me -> unlink(Me) end, receive go -> exit(boom2) end end),
                   Test ! {child, C2},
                   receive stop -> ok end
               end), name(M2, middle2),
    C2 = receive {child, C20} -> C20 end, name(C2, child2),
    Wm2 = watch(M2), Wc2 = watch(C2),
    C2 ! unlink_me, timer:sleep(20),
    say("links of middle2 after the child's unlink", element(2, process_info(M2, links))),
    C2 ! go,
    say("child2 exit", reason(Wc2)),
    timer:sleep(20),
    say("middle2 alive after child2 crash", is_process_alive(M2)),
    M2 ! stop,
    say("middle2 exit", reason(Wm2)),
    %% trapping: an EXIT already queued stays after unlink
    process_flag(trap_exit, true),
    D = spawn_link(fun() -> exit(bye) end), name(D, d),
    timer:sleep(20),
    say("unlink after the partner died", unlink(D)),
    say("  mailbox", flush_now()),
    E = spawn_link(fun() -> receive go -> exit(bye) end end), name(E, e),
    unlink(E), E ! go, timer:sleep(20),
    say("unlink before the partner dies: mailbox", flush_now()),
    say("unlink of a pid never linked", unlink(self())),
    process_flag(trap_exit, false),
    %% spawn_monitor: the DOWN carries its ref
    {S, SR} = spawn_monitor(fun() -> exit(done) end), name(S, s), name(SR, '#SpawnRef'),
    say("spawn_monitor DOWN", receive {'DOWN', SR, process, S, _} = Dn -> Dn after 1000 -> none end),
    %% two monitors, two DOWNs, in monitor order
    T = spawn(fun() -> receive go -> exit(twice) end end), name(T, t),
    R1 = monitor(process, T), name(R1, '#R1'),
    R2 = monitor(process, T), name(R2, '#R2'),
    say("two refs differ", R1 =/= R2),
    say("process_info monitors", lists:sort(element(2, process_info(self(), monitors)))),
    T ! go, timer:sleep(20),
    say("two DOWNs", flush_now()),
    %% demonitor of one of two monitors: the other still fires
    V = spawn(fun() -> receive go -> exit(once) end end), name(V, v),
    Ra = monitor(process, V), name(Ra, '#Ra'),
    Rb = monitor(process, V), name(Rb, '#Rb'),
    say("demonitor Ra [flush, info]", demonitor(Ra, [flush, info])),
    V ! go, timer:sleep(20),
    say("only Rb's DOWN", flush_now()),
    say("demonitor Rb [info] after it fired", demonitor(Rb, [info])),
    %% DOWN already queued: flush removes it, plain demonitor leaves it
    X = spawn(fun() -> ok end), name(X, x),
    Rx1 = monitor(process, X), name(Rx1, '#Rx1'),
    Rx2 = monitor(process, X), name(Rx2, '#Rx2'),
    timer:sleep(20),
    say("demonitor Rx1 [flush]", demonitor(Rx1, [flush])),
    say("demonitor Rx2 (no flush)", demonitor(Rx2)),
    say("  mailbox", flush_now()),
    %% link and monitor the same process while trapping: both arrive
    process_flag(trap_exit, true),
    Y = spawn_link(fun() -> receive go -> exit(both) end end), name(Y, y),
    Ry = monitor(process, Y), name(Ry, '#Ry'),
    Y ! go, timer:sleep(20),
    Both = flush_now(),
    say("link + monitor: EXIT", [Ex || {'EXIT', _, _} = Ex <- Both]),
    say("link + monitor: DOWN", [Dn || {'DOWN', _, _, _, _} = Dn <- Both]),
    %% demonitor leaves the link
    Z = spawn_link(fun() -> receive go -> exit(linked_only) end end), name(Z, z),
    Rz = monitor(process, Z), name(Rz, '#Rz'),
    demonitor(Rz),
    say("links after demonitor", lists:member(Z, element(2, process_info(self(), links)))),
    Z ! go, timer:sleep(20),
    say("  mailbox", flush_now()),
    ok.
