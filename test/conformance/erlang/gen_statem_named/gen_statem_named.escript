#!/usr/bin/env escript
%% gen_statem started under {local, N}, {global, N} and {via, global, N}: already_started, call/cast/stop by name, the name in get_status's header and trace lines, a failing init freeing a global name, calling a stopped name (noproc naming the name).
-module(gen_statem_named).
-mode(compile).
-export([main/1]).
-behaviour(gen_statem).
-export([init/1, callback_mode/0, handle_event/4]).
-include("../norm.hrl").
callback_mode() -> handle_event_function.
init(fail) -> {stop, failed};
init(N) -> {ok, idle, N}.
handle_event({call, From}, get, S, N) -> {keep_state_and_data, [{reply, From, {S, N}}]};
handle_event(cast, {add, K}, _, N) -> {keep_state, N + K}.
header(Name) ->
    {status, _, _, [_, _, _, _, [{header, H} | _]]} = sys:get_status(Name), H.
main(_) ->
    names_init(), name(self(), test),
    Names = [{local, golden_sm}, {global, golden_gsm}, {via, global, golden_vsm}],
    lists:foreach(fun(Reg) ->
        Name = case Reg of {local, N} -> N; _ -> Reg end,
        {ok, S} = gen_statem:start(Reg, ?MODULE, 1, []), name(S, statem),
        say("start", Reg),
        say("  again", gen_statem:start(Reg, ?MODULE, 1, [])),
        say("  cast and call by name", {gen_statem:cast(Name, {add, 2}), gen_statem:call(Name, get)}),
        say("  get_status header", header(Name)),
        Cap = io_capture_start(), group_leader(Cap, S),
        sys:trace(Name, true), _ = gen_statem:call(Name, get), sys:trace(Name, false),
        say_text("  trace", io_captured(Cap)),
        say("  stop by name", gen_statem:stop(Name)),
        say("  call the stopped name", try_(fun() -> gen_statem:call(Name, get) end))
    end, Names),
    say("init fails under a global name", gen_statem:start({global, golden_gsm}, ?MODULE, fail, [])),
    say("  whereis", global:whereis_name(golden_gsm)),
    say("mailbox", flush_all()),
    ok.
