#!/usr/bin/env escript
%%! +S 1
%% fan-out: a producer sends Rounds messages to each of Width receivers, round
%% by round. Ends when every receiver has had all of them. Prints
%% "<ops> <seconds>" per repetition after a warm-up; ops = messages handled.
-mode(compile).

main([WidthStr, RoundsStr, RepsStr]) ->
    Width = list_to_integer(WidthStr),
    Rounds = list_to_integer(RoundsStr),
    _ = run(Width, max(1, Rounds div 10)),
    [report(run(Width, Rounds)) || _ <- lists:seq(1, list_to_integer(RepsStr))],
    ok.

report({Ops, Secs}) -> io:format("~b ~.9f~n", [Ops, Secs]).

run(Width, Rounds) ->
    Parent = self(),
    Workers = [spawn(fun() -> worker(Rounds, 0, Parent) end) || _ <- lists:seq(1, Width)],
    T0 = erlang:monotonic_time(),
    spawn(fun() -> [[W ! R || W <- Workers] || R <- lists:seq(1, Rounds)] end),
    Ops = collect(Width, 0),
    T1 = erlang:monotonic_time(),
    {Ops, seconds(T1 - T0)}.

worker(Rounds, Got, Parent) when Got =:= Rounds -> Parent ! {done, Got};
worker(Rounds, Got, Parent) -> receive _ -> worker(Rounds, Got + 1, Parent) end.

collect(0, Ops) -> Ops;
collect(I, Ops) -> receive {done, Got} -> collect(I - 1, Ops + Got) end.

seconds(Native) -> erlang:convert_time_unit(Native, native, nanosecond) / 1.0e9.
