"""Every command as a library function: arguments in, plain result data out. Nothing prints here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hncc.data import checks, loader
from hncc.data.dataset import Dataset
from hncc.domain.problems import Problem, Severity


@dataclass
class CheckResult:
    dataset: Dataset
    problems: list[Problem]
    strict: bool

    @property
    def ok(self) -> bool:
        """No errors; with --strict, no warnings either."""
        limit = Severity.WARNING if self.strict else Severity.ERROR
        return all(p.severity < limit for p in self.problems)


def check(data_dir: Path, strict: bool = False, progress: loader.Progress | None = None) -> CheckResult:
    """Load everything under `data_dir` and report every problem, strict checks included if asked."""
    dataset, problems = loader.load(data_dir, progress=progress)
    if strict:
        problems = sorted(problems + checks.run(dataset, checks.STRICT))
    return CheckResult(dataset, problems, strict)
