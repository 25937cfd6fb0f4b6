"""Mutation testing for documentation: ``faq-check mutate``.

An answer's proofs should fail when what the reader sees is wrong.  This
package makes small wrong versions (mutants) of what the reader relies on
and runs each through the same fork server as ``faq-check run``; a mutant
that still passes is a sample the answer does not prove.

The pieces: :mod:`.targets` finds the blocks a reader relies on in an
answer; :mod:`.python_ops` and :mod:`.line_ops` are the operators, kept as
tables; :mod:`.mutants` turns an operator's edit into a mutated document and
a diff and picks a capped, seeded selection; :mod:`.execute` runs them
within a budget; :mod:`.report` prints the result; :mod:`.cli` is the
command.
"""
