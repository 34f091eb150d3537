#!/usr/bin/env escript
%% gen_event handler failures: a handler that crashes in handle_event, handle_info or handle_call, or returns garbage, is removed (terminate gets {error, {'EXIT', R}} or {error, Bad}) while the other handlers and the manager go on; a crashing call answers {error, {'EXIT', R}}; a terminate that crashes on delete_handler.
-module(gen_event_crash).
-mode(compile).
-export([main/1]).
-behaviour(gen_event).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).
-include("../norm.hrl").
init({Id, Me}) -> {ok, {Id, Me}}.
handle_event({crash, Id}, {Id, _}) -> exit({crashed, Id});
handle_event({garbage, Id}, {Id, _}) -> {what, ever};
handle_event(E, {Id, Me} = S) -> Me ! {Id, event, E}, {ok, S}.
handle_call(crash, {Id, _}) -> exit({call_crash, Id});
handle_call(id, {Id, _} = S) -> {ok, Id, S}.
handle_info({crash, Id}, {Id, _}) -> exit({info_crash, Id});
handle_info(I, {Id, Me} = S) -> Me ! {Id, info, I}, {ok, S}.
terminate(crash_me, _) -> exit(terminate_crash);
terminate(Arg, {Id, Me}) -> Me ! {Id, terminate, Arg}, ok.
h(Id) -> {?MODULE, Id}.
main(_) ->
    names_init(), name(self(), test), Me = self(),
    {ok, M} = gen_event:start(), name(M, mgr),
    [ok = gen_event:add_handler(M, h(Id), {Id, Me}) || Id <- [a, b, c, d, e]],
    ok = gen_event:sync_notify(M, {crash, b}),
    say("b crashes in handle_event", flush_all()),
    ok = gen_event:sync_notify(M, {garbage, c}),
    say("c returns garbage", flush_all()),
    M ! {crash, d}, _ = gen_event:which_handlers(M),
    say("d crashes in handle_info", flush_all()),
    say("which_handlers", gen_event:which_handlers(M)),
    say("a call that crashes", gen_event:call(M, h(e), crash)),
    say("  got", flush_all()),
    say("which_handlers", gen_event:which_handlers(M)),
    say("delete with a terminate that crashes", gen_event:delete_handler(M, h(a), crash_me)),
    say("which_handlers", gen_event:which_handlers(M)),
    say("manager alive", is_process_alive(M)),
    _ = logs(),
    ok.
