#!/usr/bin/env escript
%% process_info items: status (running for the caller, waiting in a receive, still waiting when sys-suspended), message_queue_len and messages (unread, in order), links, monitors and monitored_by, trap_exit, registered_name; undefined for a dead pid; is_process_alive.
-module(process_info_basics).
-mode(compile).
-export([main/1]).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    say("own status", process_info(self(), status)),
    P = spawn(fun() -> receive never -> ok end end), name(P, p),
    timer:sleep(10),
    say("waiting process: status", process_info(P, status)),
    P ! one, P ! {two, 2}, P ! "three",
    say("  message_queue_len", process_info(P, message_queue_len)),
    say("  messages", process_info(P, messages)),
    say("  registered_name (none)", process_info(P, registered_name)),
    say("  trap_exit", process_info(P, trap_exit)),
    link(P), R = monitor(process, P), name(R, '#Mon'),
    say("  links", process_info(P, links)),
    say("  monitored_by", process_info(P, monitored_by)),
    say("own monitors", process_info(self(), monitors)),
    say("a list of items", process_info(P, [links, trap_exit, message_queue_len])),
    unlink(P), demonitor(R),
    say("after unlink and demonitor: links, monitored_by", {process_info(P, links), process_info(P, monitored_by)}),
    {ok, S} = gen_server:start(?MODULE, 0, []), name(S, server),
    ok = sys:suspend(S),
    say("sys-suspended gen_server: status", process_info(S, status)),
    ok = sys:resume(S),
    process_flag(trap_exit, true),
    say("own trap_exit after process_flag", process_info(self(), trap_exit)),
    exit(P, kill), timer:sleep(10),
    say("dead pid: process_info", process_info(P, status)),
    say("  is_process_alive", is_process_alive(P)),
    say("  process_info/1", process_info(P)),
    ok.
init(N) -> {ok, N}.
handle_call(_, _From, S) -> {reply, S, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.
