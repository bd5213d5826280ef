"""`hncc import` on the two seed texts, compared field by field with the hand-encoded plans.

Fields that are the encoder's judgement (note, no_deadline, summarizes, implements, source, kind)
are not compared. A field counts where either side has a value; lists of agencies are compared as
sets of agency ids. Run with `-s` to see the shares.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hncc.data import loader, yamlio
from hncc.data.model import Entry, Plan
from hncc.importer import reader as importer
from hncc.importer import writer as importer_yaml

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = {
    "102": ("004_d650fb2dcdec8f27.txt", "102/KH-UBND", 2022),
    "161": ("002_7a0329d468c6a074.txt", "161/KH-UBND", 2023),
}
ENTRY_FIELDS = ("title", "assignment", "body", "lead", "cooperating", "deadline", "budget",
                "dossier")
ROW_FIELDS = (*ENTRY_FIELDS, "lead_text", "cooperating_text", "directing")
HEADER_FIELDS = ("number", "kind", "issuer", "date", "signer", "signer_title", "title", "horizon")


@pytest.fixture(scope="module")
def dataset():
    return loader.load(DATA).dataset


@pytest.fixture(scope="module", params=sorted(SEEDS))
def pair(request, dataset) -> tuple[Plan, Plan, object]:
    """(hand-encoded plan, imported plan, registry) for one seed text."""
    source, number, year = SEEDS[request.param]
    text = importer.read_source((DATA / "sources" / source).read_bytes())
    draft = importer.import_text(text, dataset.registry, source)
    rendered = importer_yaml.render(draft, source)
    assert rendered.problems == []
    hand = dataset.find_plans(number, year)[0].plan
    return hand, Plan.model_validate(yamlio.parse(rendered.text)), dataset.registry


def _agency(registry, name: str | None) -> str | None:
    found = registry.resolve(name) if name else None
    return found.id if found else name


def value(entry: Entry, name: str, registry):
    """A field in comparable form: agency ids, the deadline and budget phrases."""
    raw = getattr(entry, name, None)
    if name in ("lead", "cooperating"):
        return {_agency(registry, n) for n in raw}
    if name in ("deadline", "budget"):
        return None if raw is None else raw.text
    if name == "directing":
        return _agency(registry, raw)
    return raw


def mismatches(hand: list[Entry], draft: list[Entry], fields, registry) -> tuple[list, int]:
    """The (ref, field, hand, draft) that differ, and how many fields were compared."""
    by_ref = {e.ref: e for e in draft}
    differ, compared = [], 0
    for ref in dict.fromkeys([e.ref for e in hand] + list(by_ref)):
        mine, theirs = by_ref.get(ref), next((e for e in hand if e.ref == ref), None)
        for name in fields:
            expected = value(theirs, name, registry) if theirs else None
            got = value(mine, name, registry) if mine else None
            if expected in (None, "", [], set()) and got in (None, "", [], set()):
                continue
            compared += 1
            if expected != got and not (expected == "" and got == ""):
                differ.append((ref, name, expected, got))
    return differ, compared


def test_import_seed__header_matches(pair):
    hand, draft, registry = pair
    for name in HEADER_FIELDS:
        expected, got = getattr(hand, name), getattr(draft, name)
        if name == "issuer":
            expected, got = _agency(registry, expected), _agency(registry, got)
        assert got == expected, name
    header = [(c.kind, c.number, c.date, _agency(registry, c.issuer), c.relation, c.text)
              for c in hand.cites if c.where == "header"]
    assert [(c.kind, c.number, c.date, _agency(registry, c.issuer), c.relation, c.text)
            for c in draft.cites] == header
    assert (draft.purpose, draft.requirements, draft.funding) == \
        (hand.purpose, hand.requirements, hand.funding)


def test_import_seed__every_target_exact(pair):
    hand, draft, registry = pair
    differ, _ = mismatches(hand.targets, draft.targets, ENTRY_FIELDS, registry)
    assert differ == []


def _rows(plan: Plan) -> list[Entry]:
    return plan.appendix.rows if plan.appendix else []


def test_import_seed__every_appendix_row_exact(pair):
    hand, draft, registry = pair
    differ, _ = mismatches(_rows(hand), _rows(draft), ROW_FIELDS, registry)
    assert differ == []


def test_import_seed__content_fields_mostly_match(pair):
    hand, draft, registry = pair
    differ, compared = mismatches(hand.content, draft.content, ENTRY_FIELDS, registry)
    share = 1 - len(differ) / compared
    matched = compared - len(differ)
    print(f"\n{hand.number}: {matched}/{compared} content fields match ({share:.1%})")
    for ref, name, expected, got in differ:
        print(f"  {ref} {name}: hand {expected!r} / import {got!r}")
    assert share >= 0.9
