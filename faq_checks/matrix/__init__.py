"""
``faq-check matrix``: the answers run on several Twisted releases.

Each release gets its own cached virtualenv (:mod:`.envs`), runs
``faq-check run --format json`` there, and the runs are folded into one
answer x release document (:mod:`.aggregate`), whose history is then checked
against each answer's ``:changed-in:`` field (:mod:`.history`).
"""
