#!/usr/bin/env escript
%% Monitors taken by registered name: the DOWN names {Name, Node}; the monitor follows the process, not the name (unregister or re-register does not move it); process_info(self(), monitors) lists {process, {Name, Node}}; demonitor of a by-name monitor; a name unknown at monitor time gives noproc at once.
-module(monitor_by_name).
-mode(compile).
-export([main/1]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    P = spawn(fun() -> receive go -> exit(bye) end end), name(P, p),
    register(golden_p, P),
    R = monitor(process, golden_p), name(R, '#ByName'),
    say("process_info monitors", element(2, process_info(self(), monitors))),
    say("monitored_by of the target", element(2, process_info(P, monitored_by))),
    P ! go,
    say("DOWN of a by-name monitor", receive {'DOWN', R, _, _, _} = D -> D after 1000 -> none end),
    %% the monitor follows the process: unregistering the name does not move it
    Q = spawn(fun() -> receive go -> exit(bye_q) end end), name(Q, q),
    register(golden_q, Q),
    Rq = monitor(process, golden_q), name(Rq, '#Q'),
    unregister(golden_q),
    Q2 = spawn(fun() -> receive go -> exit(bye_q2) end end), name(Q2, q2),
    register(golden_q, Q2),
    Q2 ! go, timer:sleep(20),
    say("the new holder of the name dies: mailbox", flush_now()),
    Q ! go,
    say("the monitored process dies (no longer named)", receive {'DOWN', Rq, _, _, _} = Dq -> Dq after 1000 -> none end),
    %% demonitor a by-name monitor
    T = spawn(fun() -> receive go -> ok end end), name(T, t),
    register(golden_t, T),
    Rt = monitor(process, golden_t),
    say("demonitor by-name [info]", demonitor(Rt, [info])),
    say("  process_info monitors", element(2, process_info(self(), monitors))),
    T ! go, timer:sleep(20),
    say("  mailbox", flush_now()),
    %% unknown name: noproc at once, object {Name, Node}
    Ru = monitor(process, golden_unknown), name(Ru, '#Unknown'),
    say("unknown name", receive {'DOWN', Ru, _, _, _} = Du -> Du after 1000 -> none end),
    %% a by-name monitor of itself: nothing
    register(golden_me, self()),
    Rm = monitor(process, golden_me),
    say("monitor own name: listed", element(2, process_info(self(), monitors))),
    say("  demonitor", demonitor(Rm, [info])),
    ok.
