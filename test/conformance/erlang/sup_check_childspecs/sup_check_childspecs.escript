#!/usr/bin/env escript
%% supervisor:check_childspecs/1,2: the first problem of a spec list, field by field (start, restart, shutdown, type, modules, significant and its combinations with the restart type and auto_shutdown), old tuple specs, empty list.
-module(sup_check_childspecs).
-mode(compile).
-export([main/1]).
-export([start_worker/1]).
-include("../norm.hrl").
main(_) ->
    names_init(), name(self(), test),
    W = #{id => w, start => {?MODULE, start_worker, [w]}},
    C = fun(Label, Specs) -> say(Label, supervisor:check_childspecs(Specs)) end,
    C("empty list", []),
    C("defaults", [W]),
    C("all fields", [W#{restart => transient, shutdown => infinity, type => worker, modules => dynamic, significant => false}]),
    C("shutdown brutal_kill", [W#{shutdown => brutal_kill}]),
    C("shutdown 0", [W#{shutdown => 0}]),
    C("shutdown a float", [W#{shutdown => 1.5}]),
    C("modules not a list", [W#{modules => w}]),
    C("modules with a non-atom", [W#{modules => [42]}]),
    C("significant not a boolean", [W#{significant => yes}]),
    C("significant transient", [W#{restart => transient, significant => true}]),
    C("significant permanent", [W#{significant => true}]),
    C("start missing", [#{id => w}]),
    C("old tuple spec", [{w, {?MODULE, start_worker, [w]}, permanent, 5000, worker, [?MODULE]}]),
    C("old tuple spec, bad restart", [{w, {?MODULE, start_worker, [w]}, sometimes, 5000, worker, [?MODULE]}]),
    C("second of two bad", [W, W#{id => v, type => boss}]),
    say("check_childspecs/2, significant under never", supervisor:check_childspecs([W#{restart => transient, significant => true}], never)),
    say("check_childspecs/2, significant under any_significant", supervisor:check_childspecs([W#{restart => transient, significant => true}], any_significant)),
    ok.
start_worker(_) -> ignore.
