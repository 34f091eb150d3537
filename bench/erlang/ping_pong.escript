#!/usr/bin/env escript
%%! +S 1
%% ping-pong: two processes bounce a counter; N deliveries. Prints one line per
%% repetition after a warm-up (a tenth of the size): "<ops> <seconds>" (ops = deliveries the two saw).
-mode(compile).

main([NStr, RepsStr]) ->
    N = list_to_integer(NStr),
    _ = run(max(1, N div 10)),
    [report(run(N)) || _ <- lists:seq(1, list_to_integer(RepsStr))],
    ok.

report({Ops, Secs}) -> io:format("~b ~.9f~n", [Ops, Secs]).

run(N) ->
    Parent = self(),
    A = spawn(fun() -> receive {peer, P} -> player(P, N, Parent, 0) end end),
    B = spawn(fun() -> player(A, N, Parent, 0) end),
    A ! {peer, B},
    T0 = erlang:monotonic_time(),
    A ! 1,
    receive {done, T1} -> ok end,
    A ! {count, self()},
    B ! {count, self()},
    Ops = receive {handled, X} -> X end + receive {handled, Y} -> Y end,
    {Ops, seconds(T1 - T0)}.

player(Peer, N, Parent, Handled) ->
    receive
        {count, From} ->
            From ! {handled, Handled};
        K when K >= N ->
            Parent ! {done, erlang:monotonic_time()},
            player(Peer, N, Parent, Handled + 1);
        K ->
            Peer ! K + 1,
            player(Peer, N, Parent, Handled + 1)
    end.

seconds(Native) -> erlang:convert_time_unit(Native, native, nanosecond) / 1.0e9.
