"""Running answers: each answer in its own forked worker, supervised.

The pieces, from the user's side inward: :mod:`.client` starts the fork
server and submits answers; :mod:`.forkserver` preloads Twisted and forks one
worker per answer; :mod:`.worker` runs an answer's examples (parsed by
:mod:`.samples`) and streams events; :mod:`.supervision` turns a worker's
events and its end into an :class:`.outcome.AnswerOutcome`;
:mod:`.processes` finds and ends what an answer left behind; :mod:`.report`
prints outcomes for people and machines.
"""
