"""Queries on the shipped data, checked against the source texts by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from hncc.data import loader
from hncc.queries import budget
from hncc.queries import tasks as queries
from tests.conftest import REPO

DATA = REPO / "data"
pytestmark = pytest.mark.skipif(not (DATA / "plans").is_dir(), reason="no shipped data")


@pytest.fixture(scope="module")
def dataset():
    return loader.load(DATA).dataset


def test_budget_2022__by_hand_from_the_appendix_of_102(dataset):
    # Appendix of 102 (seeds/004, lines 402-622), horizon 2022-2025:
    #   per year ("Hàng năm"): I.2 2 + I.4 1 + II.2 2 + II.8 2 + II.9 3 = 10
    #   single year 2022: II.4 1 + II.6 2 = 3                     -> firm 13
    #   "Năm 2022-2023" totals halved: II.1 6/2 = 3, II.5 2/2 = 1   -> apportioned 4
    #   "-": I.1 (Quý II/2022), II.3 and II.7 (Năm 2022)           -> total 17
    result = budget.year_budget(dataset, 2022)
    assert (result.firm, result.apportioned, result.total) == (13, 4, 17)
    assert [u.ref for u in result.no_budget] == ["PL.I.1", "PL.II.3", "PL.II.7"]
    assert not result.not_stated


def test_budget_2023__by_hand_from_the_appendix_of_102(dataset):
    #   per year: 10 (as in 2022); single year 2023: II.10 5        -> firm 15
    #   apportioned: II.1 3 + II.5 1 = 4                            -> total 19
    #   empty cell: I.3 (Năm 2023); plan 161 states no amounts (its text stops at 1.4)
    result = budget.year_budget(dataset, 2023)
    assert (result.firm, result.apportioned, result.total) == (15, 4, 19)
    assert [u.ref for u in result.not_stated] == ["PL.I.3"]
    assert not result.no_budget and not result.restated


def test_budget_overview__2024_and_2025_hold_only_the_yearly_amounts(dataset):
    totals = {y.year: y.total for y in budget.overview(dataset).years}
    assert totals == {2022: 17, 2023: 19, 2024: 10, 2025: 10}
    assert budget.overview(dataset).total == Decimal(56)


@pytest.mark.parametrize(("as_of", "late"), [(dt.date(2022, 6, 30), False),
                                             (dt.date(2022, 7, 1), True)])
def test_overdue__row_I_1_quy_II_2022(dataset, as_of, late):
    found = {(t.plan, t.ref) for t in queries.overdue(dataset, as_of)}
    assert (("102/KH-UBND@2022", "PL.I.1") in found) is late


def test_overdue__agency_typed_without_accents(dataset):
    as_of = dt.date(2023, 12, 15)
    where = queries.scope(dataset, as_of, agency="so ngoai vu")
    assert {t.ref for t in queries.overdue(dataset, as_of, where)} >= {"PL.I.2"}


@pytest.mark.parametrize("as_of", [dt.date(2022, 6, 1), dt.date(2024, 1, 1), dt.date(2026, 6, 1)])
def test_tasks__every_row_is_a_whole_task_as_its_constructor_makes_it(dataset, as_of):
    """Each row of a task list is what the constructor makes of its fields, every field there
    (an overdue row is copied from a task's fields)."""
    rows = [*queries.tasks(dataset, as_of), *queries.tasks(dataset, as_of, queries.Scope(kind="target")),
            *queries.overdue(dataset, as_of), *queries.upcoming(dataset, as_of, 365)]
    assert rows
    for row in rows:
        assert type(row)(**{f.name: getattr(row, f.name) for f in dataclasses.fields(row)}) == row
