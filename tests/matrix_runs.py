"""Synthetic ``faq-check run --format json`` documents, shaped as the README documents them."""

from __future__ import annotations


def answer(path: str, status: str = "passed", failures: list[tuple[int, str]] = (),
           total: int = 3, not_run: int = 0) -> dict:
    failed = len(failures)
    return {"path": path, "title": path.rsplit("/", 1)[-1], "status": status,
            "examples": {"total": total, "passed": total - failed - not_run,
                         "failed": failed, "not_run": not_run},
            "seconds": 0.1, "failures": [{"line": line, "message": m} for line, m in failures]}


def column(release: str, *answers: dict, state: str = "ran") -> dict:
    if state != "ran":
        return {"release": release, "requirement": f"twisted=={release}", "pins": [],
                "state": state, "error": "ERROR: No matching distribution"}
    passed = sum(a["status"] == "passed" for a in answers)
    return {"release": release, "requirement": f"twisted=={release}", "pins": [], "state": "ran",
            "cached": True, "build_seconds": 0.0, "run_seconds": 1.0,
            "run": {"twisted": release, "python": "3.11.7", "answers": list(answers),
                    "summary": {"answers": len(answers), "passed": passed,
                                "failed": len(answers) - passed}}}


def info(changed_in: str = "", lines=(10, 20, 30)) -> dict:
    return {"title": "T", "fields": {"changed-in": changed_in} if changed_in else {},
            "lines": list(lines)}
