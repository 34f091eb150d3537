#!/usr/bin/env escript
%% sys:change_code on a gen_server: refused unless suspended; code_change(OldVsn, State, Extra) runs in the server and its {ok, NewState} replaces the state; {error, R}, a raise and a bad return leave the state; messages queued while suspended are handled after resume, with the new state.
-module(sys_change_code).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, code_change/3]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test), register(golden_test, self()),
    {ok, S} = gen_server:start(?MODULE, {v1, []}, []), name(S, server),
    say("change_code while running", sys:change_code(S, ?MODULE, "1", upgrade)),
    say("suspend", sys:suspend(S)),
    gen_server:cast(S, {note, a}),
    gen_server:cast(S, {note, b}),
    say("change_code while suspended", sys:change_code(S, ?MODULE, "1", upgrade)),
    say("  get_state (suspended)", sys:get_state(S)),
    say("  callbacks seen", flush_all()),
    say("change_code returning {error, R}", sys:change_code(S, ?MODULE, "2", {fail, nope})),
    say("  state kept", sys:get_state(S)),
    say("change_code raising error", sys:change_code(S, ?MODULE, "2", crash)),
    say("  state kept", sys:get_state(S)),
    say("change_code raising exit", sys:change_code(S, ?MODULE, "2", exit_now)),
    say("  state kept", sys:get_state(S)),
    say("change_code with a bad return", sys:change_code(S, ?MODULE, "2", bad_return)),
    say("  state kept", sys:get_state(S)),
    say("  server alive", is_process_alive(S)),
    say("downgrade (OldVsn {down, V}) with a timeout", sys:change_code(S, ?MODULE, {down, "2"}, downgrade, 1000)),
    say("  get_state", sys:get_state(S)),
    {status, _, _, [_, Status | _]} = sys:get_status(S),
    say("  status", Status),
    say("resume", sys:resume(S)),
    say("state after the queued casts ran", gen_server:call(S, get)),
    say("callbacks seen", flush_all()),
    say("change_code after resume", sys:change_code(S, ?MODULE, "3", upgrade)),
    ok.
init(S) -> {ok, S}.
handle_call(get, _From, S) -> {reply, S, S}.
handle_cast({note, X}, {V, Log}) -> {noreply, {V, Log ++ [X]}}.
handle_info(_Msg, S) -> {noreply, S}.
code_change(Old, {V, Log} = S, Extra) ->
    golden_test ! {code_change, Old, S, Extra},
    case Extra of
        {fail, R} -> {error, R};
        crash -> error(boom);
        exit_now -> exit(gone);
        bad_return -> what;
        _ -> {ok, {{V, Old, Extra}, Log}}
    end.
