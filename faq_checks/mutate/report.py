"""How ``faq-check mutate`` shows its results: text for people, one JSON object for machines."""

from __future__ import annotations

import json
from typing import TextIO

from faq_checks.mutate.execute import KILLED, NOT_RUN, SURVIVED, AnswerResult


def _score(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def summary(answers: list[AnswerResult], seconds: float) -> dict:
    counts = {status: sum(a.count(status) for a in answers) for status in (KILLED, SURVIVED, NOT_RUN)}
    ran = counts[KILLED] + counts[SURVIVED]
    return {"answers": len(answers), "mutants": sum(len(a.results) for a in answers), **counts,
            "unmutated_failures": sum(1 for a in answers if a.baseline and a.baseline.status != "passed"),
            "score": round(counts[KILLED] / ran, 4) if ran else None, "seconds": round(seconds, 1)}


def text_report(answers: list[AnswerResult], seconds: float, stream: TextIO) -> None:
    for answer in answers:
        for result in answer.results:
            if result.status == SURVIVED:
                mutant = result.mutant
                stream.write(f"{mutant.path}:{mutant.line}: mutant survived ({mutant.operator}): "
                             f"{mutant.description}\n")
                stream.write("".join(f"    {line}" for line in mutant.diff.splitlines(keepends=True)))
        if answer.baseline is not None and answer.baseline.status != "passed":
            stream.write(f"{answer.plan.path}:1: not mutated: the answer itself {answer.baseline.status}\n")
    stream.write(f"\n{'score':>5} {'killed':>6} {'survived':>8} {'not run':>7} {'of':>4}  answer\n")
    for answer in answers:
        stream.write(f"{_score(answer.score):>5} {answer.count(KILLED):>6} {answer.count(SURVIVED):>8} "
                     f"{answer.count(NOT_RUN):>7} {len(answer.results):>4}  {answer.plan.path}"
                     f"{_capped(answer)}{_excluded(answer)}\n")
    total = summary(answers, seconds)
    stream.write(f"\n{total['mutants']} mutants of {total['answers']} answers: {total[KILLED]} killed, "
                 f"{total[SURVIVED]} survived, {total[NOT_RUN]} not run (budget); "
                 f"score {_score(total['score'])}; {seconds:.1f}s\n")


def _capped(answer: AnswerResult) -> str:
    generated = answer.plan.generated
    return f"  (capped: {len(answer.plan.mutants)} of {generated})" if generated > len(answer.plan.mutants) else ""


def _excluded(answer: AnswerResult) -> str:
    return f"  ({len(answer.plan.excluded)} block(s) no-mutate)" if answer.plan.excluded else ""


def json_report(answers: list[AnswerResult], seconds: float, stream: TextIO) -> None:
    body = {
        "answers": [{
            "path": answer.plan.path,
            "status": answer.baseline.status if answer.baseline else "error",
            "score": None if answer.score is None else round(answer.score, 4),
            "generated": answer.plan.generated,
            "mutants": len(answer.results),
            **{status: answer.count(status) for status in (KILLED, SURVIVED, NOT_RUN)},
            "no_mutate": [{"line": e.line, "reason": e.reason, "operators": sorted(e.operators)}
                          for e in answer.plan.excluded],
            "survivors": [{"line": r.mutant.line, "operator": r.mutant.operator, "kind": r.mutant.kind,
                           "description": r.mutant.description, "diff": r.mutant.diff}
                          for r in answer.results if r.status == SURVIVED],
        } for answer in answers],
        "summary": summary(answers, seconds),
    }
    json.dump(body, stream, indent=1)
    stream.write("\n")


REPORTS = {"text": text_report, "json": json_report}
