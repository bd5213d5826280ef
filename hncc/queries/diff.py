"""What changed in the plan data between two versions, in the terms a reviewer thinks in.

`compare` takes two loaded datasets and returns plain data: plans and entries added or removed,
status updates appended, deadlines, budgets and agencies changed. hncc.render.diff says it in
Vietnamese, grouped by plan.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from hncc.data.loader import Loaded
from hncc.data.model import Entry, Plan
from hncc.domain.agencies import Agency, Registry
from hncc.domain.problems import Problem, Severity
from hncc.domain.succession import record_text

AGENCY_ROLES = {"lead": "cơ quan chủ trì", "cooperating": "cơ quan phối hợp"}
REGISTRY = "data/agencies.yaml"  # the "plan" of the registry's changes
AGENCY_FIELDS = ("name", "short", "aliases", "kind")  # what a reviewer compares of an agency


@dataclass(frozen=True)
class Change:
    """One change. `kind` is a stable code; `old` and `new` are JSON-ready values."""

    plan: str
    kind: str  # plan-added, plan-removed, entry-added, entry-removed, status-added,
    #            status-rewritten, title, deadline, budget, lead, cooperating; field (any other
    #            key of an entry, or of the plan's head when ref is None: old and new are
    #            {"field": key, "value": …}, the value None where the key is absent); for the registry
    #            (plan REGISTRY): agency-added, agency-removed, agency-changed (ref: its id),
    #            succession-added, succession-removed
    ref: str | None = None
    old: Any = None
    new: Any = None


WORKING_TREE = "thư mục làm việc"  # the label of the files as they are, not a git revision


def _revision(label: str) -> str | None:
    """A version as JSON names it for scripts: the git revision, or null for the working tree."""
    return None if label == WORKING_TREE else label


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    changes: list[Change]
    problems: list[tuple[str, Problem]]  # (label of the version, an error found there)

    def as_dict(self, cwd: Any = None) -> dict:
        return {
            "from": _revision(self.old_label),
            "to": _revision(self.new_label),
            "changes": [asdict(change) for change in self.changes],
            "problems": [{"version": _revision(label), **problem.as_dict(cwd)}
                         for label, problem in self.problems],
        }


def compare(old: Loaded, new: Loaded, old_label: str, new_label: str) -> Comparison:
    """The changes from `old` to `new`, plan by plan, in file order of `new`."""
    old_plans = {pf.plan.key: pf.plan for pf in old.dataset.plans}
    new_plans = {pf.plan.key: pf.plan for pf in new.dataset.plans}
    changes: list[Change] = []
    for key, plan in new_plans.items():
        if key in old_plans:
            changes += _plan_changes(old_plans[key], plan)
        else:
            changes.append(Change(key, "plan-added", new=plan.title))
    changes += [Change(key, "plan-removed", old=plan.title)
                for key, plan in old_plans.items() if key not in new_plans]
    changes += _registry_changes(old.dataset.registry, new.dataset.registry)
    problems = [(label, problem) for label, dataset in ((old_label, old), (new_label, new))
                for problem in dataset.problems if problem.severity is Severity.ERROR]
    return Comparison(old_label, new_label, changes, problems)


# Keys compared on their own (with their own words in the text) or not at all (ref: the entry's
# identity; the lists of entries: compared entry by entry).
_OWN_CHANGES = frozenset(("ref", "title", "deadline", "budget", "status", *AGENCY_ROLES))
_ENTRY_LISTS = frozenset(("targets", "content", "duties", "appendix"))


def _field_changes(plan: str, ref: str | None, old: dict, new: dict) -> list[Change]:
    """Every other key whose value changed: the source's words (body, lead_text, time_text, …)
    and the encoder's (no_deadline, note, links) are what a reviewer checks, never left unsaid."""
    return [Change(plan, "field", ref, {"field": name, "value": old.get(name)},
                   {"field": name, "value": new.get(name)})
            for name in dict.fromkeys([*old, *new]) if old.get(name) != new.get(name)]


def _dump(model: Any, without: frozenset[str]) -> dict:
    return model.model_dump(mode="json", exclude_none=True, exclude=set(without))


def _plan_changes(old: Plan, new: Plan) -> list[Change]:
    changes = _field_changes(new.key, None, _dump(old, _ENTRY_LISTS), _dump(new, _ENTRY_LISTS))
    old_title = old.appendix.title if old.appendix else None
    new_title = new.appendix.title if new.appendix else None
    changes += _field_changes(new.key, None, {"appendix.title": old_title},
                              {"appendix.title": new_title})
    for ref, entry in new.by_ref.items():
        before = old.by_ref.get(ref)
        if before is None:
            changes.append(Change(new.key, "entry-added", ref, new=new.display_title(entry)))
        else:
            changes += _entry_changes(new.key, before, entry)
    changes += [Change(new.key, "entry-removed", ref, old=old.display_title(entry))
                for ref, entry in old.by_ref.items() if ref not in new.by_ref]
    return changes


def _registry_changes(old: Registry, new: Registry) -> list[Change]:
    """Agencies added, removed or renamed, and successions recorded or taken out: they change
    whose tasks are whose, as much as a plan's lead does."""
    changes = [Change(REGISTRY, "agency-added", agency.id, new=agency.name)
               for agency in new.all_in_file_order if agency.id not in old.by_id]
    changes += [Change(REGISTRY, "agency-removed", agency.id, old=agency.name)
                for agency in old.all_in_file_order if agency.id not in new.by_id]
    for agency in new.all_in_file_order:
        before = old.by_id.get(agency.id)
        if before is not None and before is not agency:
            was, now = _agency_fields(before), _agency_fields(agency)
            if was != now:
                changes.append(Change(REGISTRY, "agency-changed", agency.id, was, now))
    old_records, new_records = old.successions.records, new.successions.records
    changes += [Change(REGISTRY, "succession-added", new=record_text(r, new.display_name))
                for r in new_records if r not in old_records]
    changes += [Change(REGISTRY, "succession-removed", old=record_text(r, old.display_name))
                for r in old_records if r not in new_records]
    return changes


def _agency_fields(agency: Agency) -> dict:
    return {name: list(value) if isinstance(value, tuple) else value
            for name in AGENCY_FIELDS for value in [getattr(agency, name)]}


def _entry_changes(plan: str, old: Entry, new: Entry) -> list[Change]:
    changes = []
    if old.title != new.title:
        changes.append(Change(plan, "title", new.ref, old.title, new.title))
    for name in ("deadline", "budget"):
        before, after = _value(getattr(old, name)), _value(getattr(new, name))
        if before != after:
            changes.append(Change(plan, name, new.ref, before, after))
    for name in AGENCY_ROLES:
        if getattr(old, name) != getattr(new, name):
            changes.append(Change(plan, name, new.ref, getattr(old, name), getattr(new, name)))
    changes += _field_changes(plan, new.ref, _dump(old, _OWN_CHANGES), _dump(new, _OWN_CHANGES))
    old_history, new_history = [_value(s) for s in old.status], [_value(s) for s in new.status]
    if new_history[: len(old_history)] == old_history:
        changes += [Change(plan, "status-added", new.ref, new=update)
                    for update in new_history[len(old_history):]]
    else:
        changes.append(Change(plan, "status-rewritten", new.ref, old_history, new_history))
    return changes


def _value(model: Any) -> dict | None:
    return None if model is None else model.model_dump(mode="json", exclude_none=True)
