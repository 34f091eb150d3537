#!/usr/bin/env escript
%% Registered names: register/unregister/whereis results; badarg on a taken name, a second name, a dead pid, undefined, unregister of an unknown name and a send to an unregistered name; sends to a dead pid succeed; a name is freed when its process exits (normal or killed) and can be taken again.
-module(registry_names).
-mode(compile).
-export([main/1]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    P = spawn(fun() -> waiter() end), name(P, p),
    say("register", register(reg_a, P)),
    say("whereis", whereis(reg_a)),
    say("registered() has it", lists:member(reg_a, registered())),
    say("process_info registered_name", process_info(P, registered_name)),
    say("register the taken name", try_(fun() -> register(reg_a, self()) end)),
    say("register a second name for the pid", try_(fun() -> register(reg_b, P) end)),
    say("whereis second name", whereis(reg_b)),
    say("register undefined", try_(fun() -> register(undefined, self()) end)),
    say("send to the name", try_(fun() -> reg_a ! {hello, self()} end)),
    say("  reply", receive {got, M} -> M after 1000 -> none end),
    say("unregister (not the owner)", unregister(reg_a)),
    say("whereis after unregister", whereis(reg_a)),
    say("process_info after unregister", process_info(P, registered_name)),
    say("unregister unknown", try_(fun() -> unregister(reg_a) end)),
    say("send to an unregistered name", try_(fun() -> reg_a ! hi end)),
    say("whereis never registered", whereis(never_registered)),
    Dead = spawn(fun() -> ok end), name(Dead, dead), await_exit(Dead),
    say("register a dead pid", try_(fun() -> register(reg_dead, Dead) end)),
    say("send to a dead pid", try_(fun() -> Dead ! msg end)),
    say("register self", register(reg_me, self())),
    reg_me ! ping,
    say("  self send by name", receive ping -> ping after 1000 -> none end),
    say("unregister self", unregister(reg_me)),
    %% the name is freed when its process ends
    say("register again", register(reg_c, P)),
    W = watch(P), P ! stop,
    say("  exit", reason(W)),
    say("  whereis after normal exit", whereis(reg_c)),
    say("  registered() has it", lists:member(reg_c, registered())),
    Q = spawn(fun() -> waiter() end), name(Q, q),
    say("freed name taken by another", register(reg_c, Q)),
    say("  whereis", whereis(reg_c)),
    Wq = watch(Q), exit(Q, kill),
    say("  killed", reason(Wq)),
    say("  whereis after kill", whereis(reg_c)),
    say("  send to the name now", try_(fun() -> reg_c ! hi end)),
    say("mailbox", flush_all()),
    ok.
waiter() ->
    receive
        {hello, From} -> From ! {got, hello}, waiter();
        stop -> ok
    end.
