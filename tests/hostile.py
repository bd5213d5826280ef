"""Run everything hncc can do on a data root, for the fuzz and corpus tests.

`exercise` loads the data, checks it (strict and not), asks every query, builds every report and
renders it, at a few pinned as-of dates. It lets through only the exceptions that hncc documents
as messages for users (a filter naming nothing, a template that does not fit); anything else is
a bug and propagates to the test. It returns every problem found, for the caller to inspect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from hncc import api as commands
from hncc.data import loader
from hncc.data.dataset import Dataset
from hncc.domain.problems import Problem
from hncc.queries import budget, workload
from hncc.queries import tasks as queries

try:  # reports are new; the suite runs without them
    from hncc.queries import calendar, reports
    from hncc.render import templating
    from hncc.render.calendar import ics
except ImportError:  # pragma: no cover - only before the reports land
    calendar = reports = templating = ics = None

AS_OF_DATES = (dt.date(2024, 2, 29), dt.date(2024, 1, 1), dt.date(1900, 1, 1),
               dt.date(2999, 12, 31))
# Problems about a whole file or folder, where no line means anything.
WITHOUT_POSITION = {"missing-file", "not-a-plan-file", "link-outside-root"}
USER_ERRORS: tuple[type[Exception], ...] = (queries.QueryError,) + (
    (templating.TemplateProblem,) if templating else ())


def snapshot(folder: Path) -> dict[str, str]:
    """A hash of every file below `folder`, to show that nothing changed."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_positions(problems: list[Problem]) -> None:
    """Every problem names its file, and a line and column wherever a position means something."""
    for problem in problems:
        assert problem.file is not None and str(problem.file), problem
        assert problem.message.strip(), problem
        if problem.code not in WITHOUT_POSITION:
            assert problem.line >= 1 and problem.column >= 1, problem


def _user_facing(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except USER_ERRORS as error:
        assert str(error).strip()
        return None


def _entry_refs(dataset: Dataset, limit: int = 4) -> list[str]:
    refs = []
    for plan_file in dataset.plans:
        entries = list(plan_file.plan.entries())
        for entry in entries[:2] + entries[-2:]:
            refs.append(f"{plan_file.plan.key}:{entry.ref}")
    return [*refs[:limit], "102:KHÔNG.CÓ", ":", "@@:"]


def _reports(dataset: Dataset, day: dt.date, render: bool) -> None:
    """Build every report (and render them when `render`: compiling templates is slow)."""
    if reports is None:
        return
    project = dataset.root.parent
    for agency in [a.name for a in list(dataset.registry)[:2]] + ["không có cơ quan này"]:
        found = _user_facing(reports.agency_report, dataset, agency, day.year, day)
        if found is not None and render:
            _user_facing(templating.render, project, "agency_report.md.j2", {"report": found})
    for plan_file in dataset.plans[:2]:
        found = _user_facing(reports.plan_report, dataset, plan_file.plan.key, day)
        if found is not None and render:
            _user_facing(templating.render, project, "plan_report.md.j2", {"report": found})
    events = calendar.events(dataset, day)
    if render:
        ics(events, "Hạn nhiệm vụ")


def _queries(dataset: Dataset, day: dt.date) -> None:
    queries.tasks(dataset, day)
    queries.overdue(dataset, day)
    queries.upcoming(dataset, day, 30)
    for ref in _entry_refs(dataset):
        _user_facing(queries.show, dataset, ref, day)
    for agency in [a.name for a in list(dataset.registry)[:2]] + ["so ngoai vu", "x"]:
        where = _user_facing(queries.scope, dataset, day, agency=agency, role="any")
        if where is not None:
            queries.overdue(dataset, day, where)
            budget.overview(dataset, where)
        _user_facing(workload.agency_record, dataset, agency, day)
    for year in {day.year, 2023}:
        for by in budget.GROUPINGS:
            budget.year_budget(dataset, year, by)
    budget.overview(dataset)
    workload.workload(dataset, day)
    workload.workload(dataset, day, queries.Scope(year=day.year))


def exercise(data_dir: Path, dates: tuple[dt.date, ...] = AS_OF_DATES) -> list[Problem]:
    """Load, check, query and report on `data_dir`; the problems found. Raises only on a bug."""
    found = []
    for strict in (False, True):
        result = commands.check(data_dir, strict=strict)
        assert_positions(result.problems)
        found += result.problems
    dataset = loader.load(data_dir).dataset
    for day in dates:
        _queries(dataset, day)
        _reports(dataset, day, render=day == dates[0])
    return found
