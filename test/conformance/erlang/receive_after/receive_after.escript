#!/usr/bin/env escript
%% receive ... after: after 0 takes a matching message already queued, else times out at once; non-matching messages stay queued in order through any number of timed-out receives; a matching message that arrives during the wait is taken; a later receive sees messages that arrived while an earlier one skipped them.
-module(receive_after).
-mode(compile).
-export([main/1]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    Me = self(),
    say("after 0, empty mailbox", receive X0 -> X0 after 0 -> timeout end),
    self() ! {other, 1}, self() ! {want, 1}, self() ! {other, 2},
    say("after 0, a match queued behind another", receive {want, _} = W1 -> W1 after 0 -> timeout end),
    say("after 50, no match", receive {want, _} = W2 -> W2 after 50 -> timeout end),
    say("after 0, no match", receive {want, _} = W3 -> W3 after 0 -> timeout end),
    say("  the others are still there, in order", flush_now()),
    spawn(fun() -> timer:sleep(30), Me ! {other, 3}, timer:sleep(30), Me ! {want, 2} end),
    say("a match arriving during a 500 ms wait", receive {want, _} = W4 -> W4 after 500 -> timeout end),
    say("  what arrived before it stays", flush_now()),
    spawn(fun() -> Me ! {b, 1}, Me ! {a, 1}, Me ! {b, 2}, Me ! {a, 2} end),
    timer:sleep(20),
    A1 = receive {a, _} = Ma -> Ma after 100 -> none end,
    B1 = receive {b, _} = Mb -> Mb after 100 -> none end,
    say("selective: first a, then first b", {A1, B1}),
    say("  rest", flush_now()),
    say("after infinity with a match queued", begin self() ! ready, receive ready -> ready after infinity -> never end end),
    ok.
