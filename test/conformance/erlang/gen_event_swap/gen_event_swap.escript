#!/usr/bin/env escript
%% gen_event swap_handler: the old handler's terminate(Args1, S) result is passed to the new one's init({Args2, Result}); a missing old handler gives {Args2, error}; a swap whose new init fails; {swap_handler, ...} returned from handle_event and from handle_call (with the reply).
-module(gen_event_swap).
-mode(compile).
-export([main/1]).
-behaviour(gen_event).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).
-include("../norm.hrl").
init({{fail, _Me}, T}) -> {error, {refused, T}};
init({{Id, Me}, T}) -> Me ! {Id, init_from, T}, {ok, {Id, Me}};
init({Id, Me}) -> {ok, {Id, Me}}.
handle_event({swap_to, New}, {Id, Me}) -> {swap_handler, {leaving, Id}, {Id, Me}, {?MODULE, New}, {New, Me}};
handle_event(E, {Id, Me} = S) -> Me ! {Id, event, E}, {ok, S}.
handle_call({swap_to, New}, {Id, Me}) -> {swap_handler, {swapped_to, New}, {leaving, Id}, {Id, Me}, {?MODULE, New}, {New, Me}};
handle_call(id, {Id, _} = S) -> {ok, Id, S}.
handle_info(_, S) -> {ok, S}.
terminate(Arg, {Id, Me}) -> Me ! {Id, terminate, Arg}, {state_of, Id}.
h(Id) -> {?MODULE, Id}.
main(_) ->
    names_init(), name(self(), test), Me = self(),
    {ok, M} = gen_event:start(), name(M, mgr),
    ok = gen_event:add_handler(M, h(a), {a, Me}),
    say("swap_handler a -> b", gen_event:swap_handler(M, {h(a), to_b}, {h(b), {b, Me}})),
    say("  got", flush_all()),
    say("  which_handlers", gen_event:which_handlers(M)),
    say("swap a missing handler", gen_event:swap_handler(M, {h(zz), x}, {h(c), {c, Me}})),
    say("  got", flush_all()),
    say("  which_handlers", gen_event:which_handlers(M)),
    say("swap to a handler whose init fails", gen_event:swap_handler(M, {h(c), y}, {h(fail), {fail, Me}})),
    say("  got", flush_all()),
    say("  which_handlers", gen_event:which_handlers(M)),
    ok = gen_event:sync_notify(M, {swap_to, d}),
    say("{swap_handler, ...} from handle_event", flush_all()),
    say("  which_handlers", gen_event:which_handlers(M)),
    say("{swap_handler, Reply, ...} from handle_call", gen_event:call(M, h(d), {swap_to, e})),
    say("  got", flush_all()),
    say("  which_handlers", gen_event:which_handlers(M)),
    say("  call e", gen_event:call(M, h(e), id)),
    ok = gen_event:stop(M),
    say("stop", flush_all()),
    ok.
