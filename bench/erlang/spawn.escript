#!/usr/bin/env escript
%%! +S 1
%% spawn: start N idle processes (each in `receive stop -> ok end`), then stop
%% them. Timed: from the first spawn until all have run to their receive (the
%% spawner yields to the back of the one run queue and checks the last one is
%% waiting). Memory: erlang:memory(processes) growth per idle process.
%% Prints "<ops> <seconds> <bytes_per_process>" per repetition after a warm-up;
%% ops = processes that got 'stop' and ended.
-mode(compile).

main([NStr, RepsStr]) ->
    N = list_to_integer(NStr),
    _ = run(max(1, N div 10)),
    [report(run(N)) || _ <- lists:seq(1, list_to_integer(RepsStr))],
    ok.

report({Ops, Secs, Bytes}) -> io:format("~b ~.9f ~b~n", [Ops, Secs, Bytes]).

run(N) ->
    Parent = self(),
    garbage_collect(),
    Mem0 = erlang:memory(processes),
    T0 = erlang:monotonic_time(),
    Pids = spawn_all(N, Parent, []),
    wait_started(hd(Pids)),
    T1 = erlang:monotonic_time(),
    garbage_collect(),
    Mem1 = erlang:memory(processes),
    [P ! stop || P <- Pids],
    Ops = collect(N, 0),
    {Ops, seconds(T1 - T0), (Mem1 - Mem0) div N}.

spawn_all(0, _Parent, Acc) -> Acc;
spawn_all(I, Parent, Acc) ->
    P = spawn(fun() -> receive stop -> Parent ! stopped end end),
    spawn_all(I - 1, Parent, [P | Acc]).

%% the most recently spawned process (head of the list) is the last to run
wait_started(Last) ->
    erlang:yield(),
    case process_info(Last, status) of
        {status, waiting} -> ok;
        _ -> wait_started(Last)
    end.

collect(0, Ops) -> Ops;
collect(I, Ops) -> receive stopped -> collect(I - 1, Ops + 1) end.

seconds(Native) -> erlang:convert_time_unit(Native, native, nanosecond) / 1.0e9.
