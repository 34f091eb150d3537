#!/usr/bin/env escript
%% gen_event add_sup_handler: the owner gets {gen_event_EXIT, Handler, Reason} when the handler goes: normal (delete_handler, remove_handler), {'EXIT', R} (a crash), {swapped, New, Pid} (swap_sup_handler), shutdown (the manager stops); a plain handler sends none; the owner's death removes its handler with terminate({stop, Reason}, S).
-module(gen_event_sup_handler).
-mode(compile).
-export([main/1]).
-behaviour(gen_event).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).
-include("../norm.hrl").
init({{Id, Me}, _Term}) -> {ok, {Id, Me}};
init({Id, Me}) -> {ok, {Id, Me}}.
handle_event(crash, _) -> exit(boom);
handle_event(_, S) -> {ok, S}.
handle_call(remove, _) -> {remove_handler, removed}.
handle_info(_, S) -> {ok, S}.
terminate(Arg, {Id, Me}) -> Me ! {Id, terminate, Arg}, Id.
h(Id) -> {?MODULE, Id}.
main(_) ->
    names_init(), name(self(), test), Me = self(),
    {ok, M} = gen_event:start(), name(M, mgr),
    say("add_sup_handler", gen_event:add_sup_handler(M, h(s1), {s1, Me})),
    say("  linked", lists:member(M, element(2, process_info(self(), links)))),
    say("delete_handler", gen_event:delete_handler(M, h(s1), bye)),
    say("  got", flush_all()),
    ok = gen_event:add_sup_handler(M, h(s2), {s2, Me}),
    say("remove_handler from a call", gen_event:call(M, h(s2), remove)),
    say("  got", flush_all()),
    ok = gen_event:add_sup_handler(M, h(s3), {s3, Me}),
    ok = gen_event:add_handler(M, h(p), {p, Me}),
    gen_event:sync_notify(M, crash),
    say("a crash (sup handler, then plain handler)", flush_all()),
    say("  which_handlers", gen_event:which_handlers(M)),
    ok = gen_event:add_sup_handler(M, h(s4), {s4, Me}),
    say("swap_sup_handler", gen_event:swap_sup_handler(M, {h(s4), swap}, {h(s5), {s5, Me}})),
    say("  got", flush_all()),
    say("  which_handlers", gen_event:which_handlers(M)),
    Owner = spawn(fun() -> ok = gen_event:add_sup_handler(M, h(o), {o, Me}), Me ! added, receive stop -> exit(owner_gone) end end),
    name(Owner, owner),
    receive added -> ok end,
    say("owner's handler", gen_event:which_handlers(M)),
    Owner ! stop, timer:sleep(30),
    say("the owner dies", flush_all()),
    say("  which_handlers", gen_event:which_handlers(M)),
    say("stop", gen_event:stop(M)),
    say("  got", flush_all()),
    ok.
