#!/usr/bin/env escript
%%! +S 1
%% call: one client makes N gen_server:call round trips to a counter server
%% (default 5 s timeout). Prints "<ops> <seconds>" per repetition after a
%% warm-up; ops = replies that carried the expected count.
-mode(compile).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2]).

main([NStr, RepsStr]) ->
    N = list_to_integer(NStr),
    _ = run(max(1, N div 10)),
    [report(run(N)) || _ <- lists:seq(1, list_to_integer(RepsStr))],
    ok.

report({Ops, Secs}) -> io:format("~b ~.9f~n", [Ops, Secs]).

run(N) ->
    {ok, Server} = gen_server:start(?MODULE, 0, []),
    Parent = self(),
    spawn(fun() ->
        T0 = erlang:monotonic_time(),
        Ok = client(Server, 1, N, 0),
        T1 = erlang:monotonic_time(),
        Parent ! {done, Ok, T1 - T0}
    end),
    receive {done, Ok, Native} -> ok end,
    gen_server:stop(Server),
    {Ok, seconds(Native)}.

client(_Server, I, N, Ok) when I > N -> Ok;
client(Server, I, N, Ok) ->
    case gen_server:call(Server, inc) of
        I -> client(Server, I + 1, N, Ok + 1);
        _ -> client(Server, I + 1, N, Ok)
    end.

init(Start) -> {ok, Start}.
handle_call(inc, _From, Count) -> {reply, Count + 1, Count + 1}.
handle_cast(_Msg, Count) -> {noreply, Count}.

seconds(Native) -> erlang:convert_time_unit(Native, native, nanosecond) / 1.0e9.
