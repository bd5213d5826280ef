"""Turning problems into text and JSON for `hncc check`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from hncc.domain.problems import SEVERITY_WORDS, Problem, Severity, display_path
from hncc.render.terminal import visible


def problem_line(problem: Problem, cwd: Path) -> str:
    """`path:line:column: code: message`, the form editors and CI annotate."""
    where = display_path(problem.file, cwd)
    if problem.line:
        where += f":{problem.line}:{problem.column}"
    prefix = "" if problem.severity is Severity.ERROR else f"{SEVERITY_WORDS[problem.severity]}: "
    return visible(f"{where}: {problem.code}: {prefix}{problem.message}")


def summary(problems: list[Problem], plans: int, entries: int, agencies: int) -> str:
    counts = Counter(p.severity for p in problems)
    loaded = f"{plans} kế hoạch, {entries} mục, {agencies} cơ quan"
    if not problems:
        return f"Dữ liệu hợp lệ: {loaded}."
    parts = [f"{counts[s]} {SEVERITY_WORDS[s]}" for s in sorted(counts, reverse=True)]
    return f"{', '.join(parts)}; đã đọc {loaded}."


def problems_json(problems: list[Problem], cwd: Path, ok: bool) -> str:
    document = {"ok": ok, "problems": [p.as_dict(cwd) for p in problems]}
    return json.dumps(document, ensure_ascii=False, indent=2)
