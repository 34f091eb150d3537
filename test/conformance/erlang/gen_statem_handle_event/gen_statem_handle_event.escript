#!/usr/bin/env escript
%% gen_statem in handle_event_function mode with state_enter: tuple states, enter calls (also at start and on repeat_state), next_event internal events handled before queued messages and in order, reply actions (one or a list), gen_statem:reply/2 from a later event, gen_server:call reaching a state machine.
-module(gen_statem_handle_event).
-mode(compile).
-export([main/1]).
-behaviour(gen_statem).
-export([init/1, callback_mode/0, handle_event/4]).
-include("../norm.hrl").
callback_mode() -> [handle_event_function, state_enter].
init(_) -> {ok, {off, 0}, []}.
handle_event(enter, Old, State, Log) -> {keep_state, [{enter, Old, State} | Log]};
handle_event({call, From}, flip, {off, N}, Log) -> {next_state, {on, N + 1}, Log, [{reply, From, {was, off}}]};
handle_event({call, From}, flip, {on, N}, Log) -> {next_state, {off, N + 1}, Log, {reply, From, {was, on}}};
handle_event({call, From}, log, _, Log) -> {keep_state, [], [{reply, From, lists:reverse(Log)}]};
handle_event({call, From}, later, _, _) -> {keep_state_and_data, [{next_event, internal, {answer, From}}]};
handle_event({call, From}, repeat, _, Log) -> {repeat_state, [repeat | Log], [{reply, From, ok}]};
handle_event({call, From}, same, S, Log) -> {next_state, S, [same | Log], [{reply, From, ok}]};
handle_event(internal, {answer, From}, S, _) -> gen_statem:reply(From, {answered_in, S}), keep_state_and_data;
handle_event(cast, {steps, L}, _, Log) -> {keep_state, [steps | Log], [{next_event, internal, X} || X <- L]};
handle_event(internal, X, _, Log) -> {keep_state, [{internal, X} | Log]};
handle_event(info, Msg, _, Log) -> {keep_state, [{info, Msg} | Log]}.
main(_) ->
    names_init(), name(self(), test),
    {ok, S} = gen_statem:start(?MODULE, [], []), name(S, statem),
    say("state at start", sys:get_state(S)),
    say("flip", gen_statem:call(S, flip)),
    say("flip again (one reply action alone)", gen_statem:call(S, flip)),
    say("log (enter calls)", gen_statem:call(S, log)),
    gen_statem:cast(S, {steps, [a, b, c]}), S ! hi,
    say("next_event internal before the queued info", gen_statem:call(S, log)),
    say("reply from an internal event", gen_statem:call(S, later)),
    say("repeat_state", gen_statem:call(S, repeat)),
    say("next_state to the same state", gen_statem:call(S, same)),
    say("log (repeat_state calls enter; the same state does not)", gen_statem:call(S, log)),
    say("gen_server:call to a state machine", gen_server:call(S, flip)),
    say("state", sys:get_state(S)),
    say("stop", gen_statem:stop(S)),
    say("mailbox", flush_all()),
    ok.
