#!/usr/bin/env escript
%% gen_event: add_handler (ok, a taken id, init errors), which_handlers (newest first), notify/sync_notify/plain messages to every handler in order, call to one handler (an unknown one: bad_module), remove_handler from a call, delete_handler (terminate's result), stop (terminate(stop, S)); a named manager; a dead manager.
-module(gen_event_basics).
-mode(compile).
-export([main/1]).
-behaviour(gen_event).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).
-include("../norm.hrl").
init({_, fail}) -> {error, nope};
init({_, crash}) -> exit(init_crash);
init({Id, Me}) -> {ok, {Id, Me, []}}.
handle_event(E, {Id, Me, L}) -> Me ! {Id, event, E}, {ok, {Id, Me, [E | L]}}.
handle_call(get, {_, _, L} = S) -> {ok, lists:reverse(L), S};
handle_call(remove, {Id, _, _}) -> {remove_handler, {removed, Id}}.
handle_info(I, {Id, Me, L}) -> Me ! {Id, info, I}, {ok, {Id, Me, L}}.
terminate(Arg, {Id, Me, L}) -> Me ! {Id, terminate, Arg}, {final, Id, length(L)}.
h(Id) -> {?MODULE, Id}.
main(_) ->
    names_init(), name(self(), test), Me = self(),
    {ok, M} = gen_event:start(), name(M, mgr),
    say("add_handler a", gen_event:add_handler(M, h(a), {a, Me})),
    say("add_handler b", gen_event:add_handler(M, h(b), {b, Me})),
    say("add_handler a again", gen_event:add_handler(M, h(a), {a, Me})),
    say("init returns {error, R}", gen_event:add_handler(M, h(c), {c, fail})),
    say("init exits", gen_event:add_handler(M, h(c), {c, crash})),
    say("which_handlers", gen_event:which_handlers(M)),
    say("notify", gen_event:notify(M, e1)),
    say("sync_notify", gen_event:sync_notify(M, e2)),
    M ! hello,
    say("  handlers got", flush_all()),
    say("call a", gen_event:call(M, h(a), get)),
    say("call an unknown handler", gen_event:call(M, h(x), get)),
    say("call remove_handler", gen_event:call(M, h(a), remove)),
    say("  terminate", flush_all()),
    say("delete_handler b", gen_event:delete_handler(M, h(b), bye)),
    say("  terminate", flush_all()),
    say("delete an unknown handler", gen_event:delete_handler(M, h(b), bye)),
    say("which_handlers", gen_event:which_handlers(M)),
    say("notify with no handler", gen_event:sync_notify(M, e3)),
    ok = gen_event:add_handler(M, h(d), {d, Me}),
    say("stop", gen_event:stop(M)),
    say("  terminate", flush_all()),
    {ok, N} = gen_event:start({local, golden_events}), name(N, named),
    ok = gen_event:add_handler(golden_events, h(n), {n, Me}),
    say("by name", {gen_event:notify(golden_events, x), gen_event:sync_notify(golden_events, y), gen_event:which_handlers(golden_events)}),
    say("  got", flush_all()),
    say("start the name again", gen_event:start({local, golden_events})),
    ok = gen_event:stop(golden_events), _ = flush_all(),
    say("notify a dead manager", gen_event:notify(M, x)),
    say("sync_notify a dead manager", try_(fun() -> gen_event:sync_notify(M, x) end)),
    say("which_handlers of a dead manager", try_(fun() -> gen_event:which_handlers(M) end)),
    say("mailbox", flush_all()),
    ok.
