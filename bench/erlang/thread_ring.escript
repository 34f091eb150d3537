#!/usr/bin/env escript
%%! +S 1
%% thread-ring: Size processes in a ring pass a token Hops times. Prints
%% "<ops> <seconds>" per repetition after a warm-up; ops = passes made.
-mode(compile).

main([SizeStr, HopsStr, RepsStr]) ->
    Size = list_to_integer(SizeStr),
    Hops = list_to_integer(HopsStr),
    _ = run(Size, max(1, Hops div 10)),
    [report(run(Size, Hops)) || _ <- lists:seq(1, list_to_integer(RepsStr))],
    ok.

report({Ops, Secs}) -> io:format("~b ~.9f~n", [Ops, Secs]).

run(Size, Hops) ->
    Parent = self(),
    Ring = [spawn(fun() -> receive {next, Next} -> node(Next, Parent, 0) end end) || _ <- lists:seq(1, Size)],
    [First | Rest] = Ring,
    [P ! {next, N} || {P, N} <- lists:zip(Ring, Rest ++ [First])],
    T0 = erlang:monotonic_time(),
    First ! Hops,
    receive {done, T1} -> ok end,
    [P ! {count, self()} || P <- Ring],
    Ops = lists:sum([receive {passes, X} -> X end || _ <- Ring]),
    {Ops, seconds(T1 - T0)}.

node(Next, Parent, Passes) ->
    receive
        {count, From} ->
            From ! {passes, Passes};
        0 ->
            Parent ! {done, erlang:monotonic_time()},
            node(Next, Parent, Passes);
        K ->
            Next ! K - 1,
            node(Next, Parent, Passes + 1)
    end.

seconds(Native) -> erlang:convert_time_unit(Native, native, nanosecond) / 1.0e9.
