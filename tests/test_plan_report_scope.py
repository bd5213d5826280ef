"""A plan's report joins the work items of its own group of plans only (workitems.book_around),
and says what it said when every plan's items were joined."""

from __future__ import annotations

import datetime as dt

from hncc import api
from hncc.data import loader
from hncc.queries import workitems
from tests.test_workitems import ANNUAL_8, ANNUAL_9, PLAN

AS_OF = dt.date(2023, 12, 1)


def _root_with_linked_and_apart_plans(root):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2023-8.yaml", ANNUAL_8)  # carries out plan 7
    root.plan("2023-9.yaml", ANNUAL_9)
    root.plan("2022-10.yaml", PLAN.replace("7/KH-UBND", "10/KH-UBND"))  # linked to none


def test_plan_report__is_the_same_from_its_groups_items_as_from_every_plans(root):
    _root_with_linked_and_apart_plans(root)
    whole = loader.load(root.data).dataset
    workitems.book(whole)  # every plan's items joined: a plan's report then reads these
    for plan in ("7/KH-UBND", "8/KH-UBND", "9/KH-UBND", "10/KH-UBND"):
        alone = loader.load(root.data).dataset
        made = api.report(alone, AS_OF, plan=plan)
        assert workitems.book_around(alone, "10/KH-UBND@2022") is not \
            workitems.book_around(alone, "7/KH-UBND@2022")  # the whole book was never built
        assert made == api.report(whole, AS_OF, plan=plan)


def test_plan_report__names_the_items_of_a_plan_it_carries_out(root):
    _root_with_linked_and_apart_plans(root)
    made = api.report(loader.load(root.data).dataset, AS_OF, plan="8/KH-UBND").decode()
    assert "Công việc của Kế hoạch 7/KH-UBND" in made
    assert "10/KH-UBND" not in made
