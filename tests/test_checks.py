"""The checks of `hncc check` that go beyond YAML and types, each on a small plan."""

from __future__ import annotations

import json

from tests.conftest import PLAN


def problems(hncc, root, *options):
    result = hncc("check", "--root", root.path, "--format", "json", *options)
    found = json.loads(result.stdout)["problems"]
    return result.exit_code, [(p["code"], p["line"], p["severity"]) for p in found]


def test_check__deadline_phrase_disagreeing_with_its_value(hncc, root):
    root.plan("p.yaml", PLAN.replace("    deadline: Quý II/2022",
                                     "    deadline: {text: Quý II/2022, due: 2022-09-30}"))
    assert problems(hncc, root) == (1, [("deadline-mismatch", 12, "error")])


def test_check__budget_phrase_disagreeing_with_its_value(hncc, root):
    root.plan("p.yaml", PLAN.replace("      budget: 6 tỷ", '      budget: {text: 6 tỷ, amount: "5"}'))
    assert problems(hncc, root) == (1, [("budget-mismatch", 24, "error")])


def test_check__phrase_not_read_is_a_note_when_the_value_is_written(hncc, root):
    root.plan("p.yaml", PLAN.replace("    deadline: Quý II/2022",
                                     "    deadline: {text: khi có chỉ đạo, due: 2022-09-30}"))
    assert problems(hncc, root) == (0, [("deadline-unparsed", 12, "note")])


def test_check__phrase_not_read_without_a_value_is_an_error(hncc, root):
    root.plan("p.yaml", PLAN.replace("    deadline: Quý II/2022", "    deadline: khi có chỉ đạo"))
    assert problems(hncc, root) == (1, [("deadline-unreadable", 12, "error")])


def test_check__citation_date_disagreeing_with_the_cited_plan(hncc, root):
    root.plan("a.yaml", PLAN)
    root.plan("b.yaml", PLAN.replace("number: 7/KH-UBND", "number: 9/KH-UBND").replace(
        "horizon: {start: 2022, end: 2024}\n",
        "horizon: {start: 2022, end: 2024}\ncites:\n  - kind: Kế hoạch\n    number: 7/KH-UBND\n"
        "    date: 2022-01-11\n    relation: căn cứ\n"))
    code, found = problems(hncc, root)
    assert (code, found) == (0, [("citation-date", 9, "warning")])


def test_check__duplicate_ref_and_broken_links(hncc, root):
    text = PLAN.replace("  - ref: III.2\n", "  - ref: III.1\n").replace(
        "summarizes: [III.1]", "summarizes: [III.7]")
    root.plan("p.yaml", text + "    - ref: PL.2\n      title: Dòng hai\n"
              "      implements: 5/KH-UBND@2021:II.1\n      no_deadline: Nguồn không ghi\n")
    code, found = problems(hncc, root)
    assert code == 1
    assert found == [("duplicate-id", 13, "error"), ("broken-link", 25, "error"),
                     ("broken-link", 28, "error")]


def test_check__strict_warns_of_two_leads_and_a_missing_deadline_reason(hncc, root):
    root.plan("p.yaml", PLAN.replace("lead: [Sở Ngoại Vụ]", "lead: [Sở Ngoại Vụ, Sở Công Thương]").replace(
        "    deadline: Hàng năm\n", ""))
    assert problems(hncc, root) == (0, [])
    code, found = problems(hncc, root, "--strict")
    # III.1 (line 12) says Quý II/2022 where row PL.1, which summarizes it, says Năm 2022-2023.
    assert (code, found) == (1, [("deadline-disagrees", 12, "warning"), ("no-deadline", 13, "warning"),
                                 ("two-leads", 16, "warning")])


def test_check__a_group_name_with_commas_in_a_flow_list_says_to_quote_it(hncc, root):
    """"cooperating: [Sở Ngoại vụ, các sở, ban, ngành]": YAML reads four names; the check says
    that three of them are one name with commas (and how to write it), not three unknown ones."""
    from tests.conftest import AGENCIES

    root.agencies(AGENCIES + "  - id: cac-so-ban-nganh\n    name: các sở, ban, ngành\n    kind: group\n")
    flow = "    cooperating: [Sở Ngoại vụ, các đơn vị liên quan]"
    assert flow in PLAN
    root.plan("p.yaml", PLAN.replace(flow, "    cooperating: [Sở Ngoại vụ, các sở, ban, ngành]"))
    assert problems(hncc, root) == (1, [("agency-split-at-comma", 11, "error")])
    result = hncc("check", "--root", root.path)
    assert '["các sở, ban, ngành"]' in result.stdout
    root.plan("p.yaml", PLAN.replace(flow, '    cooperating: [Sở Ngoại vụ, "các sở, ban, ngành"]'))
    assert problems(hncc, root) == (0, [])


def test_check__a_new_group_name_cut_at_its_commas_says_to_quote_it_and_add_it(hncc, root):
    """"lead: [Các Sở, ban, ngành, UBND xã, phường]", the registry knowing none of the two
    names: YAML reads five names. Not five "unknown agency, add it to the registry" (an
    official would add "ban" and "phường" as agencies), but two names cut at their commas,
    each with how to write it and that it is still to be added."""
    flow = "    cooperating: [Sở Ngoại vụ, các đơn vị liên quan]"
    assert flow in PLAN
    root.plan("p.yaml", PLAN.replace(
        flow, "    cooperating: [Sở Ngoại vụ, Các Sở, ban, ngành, UBND xã, phường, "
              "các đơn vị liên quan]"))
    assert problems(hncc, root) == (1, [("agency-split-at-comma", 11, "error"),
                                        ("agency-split-at-comma", 11, "error")])
    result = hncc("check", "--root", root.path)
    assert '["Các Sở, ban, ngành"]' in result.stdout and '["UBND xã, phường"]' in result.stdout
    assert "“ban”" not in result.stdout.replace("“Các Sở”, “ban” và “ngành”", "")
    assert "kind: group" in result.stdout
    root.plan("p.yaml", PLAN.replace(
        flow, '    cooperating: [Sở Ngoại vụ, "Các Sở, ban, ngành"]'))
    assert problems(hncc, root) == (1, [("unknown-agency", 11, "error")])


def test_check__a_name_cut_at_its_commas_in_a_plan_with_another_error_is_still_named_so(hncc, root):
    """A plan that does not validate (a status written "Hoàn thành") is checked for its
    agencies from its raw data: a group name cut at its commas by a flow list is named as one
    name to quote there too, not as "ban", "ngành" to add to the registry."""
    flow = "    cooperating: [Sở Ngoại vụ, các đơn vị liên quan]"
    broken = PLAN.replace(flow, "    cooperating: [Sở Ngoại vụ, Các Sở, ban, ngành]").replace(
        "    deadline: Hàng năm\n",
        "    deadline: Hàng năm\n    status:\n      - {date: 2022-05-01, status: Hoàn thành}\n")
    root.plan("p.yaml", broken)
    code, found = problems(hncc, root)
    assert code == 1
    assert sorted(c for c, _, _ in found) == ["agency-split-at-comma", "invalid-value"]
    result = hncc("check", "--root", root.path)
    assert '["Các Sở, ban, ngành"]' in result.stdout and "“ban” trong danh mục" not in result.stdout


def test_check__an_alias_cut_at_its_commas_in_the_registry_is_warned_with_the_form_to_write(
        hncc, root):
    """"aliases: [Các Sở, ban, ngành Thành phố]" in agencies.yaml: YAML reads three aliases,
    so "ban" names the group and the name the official meant names nothing. The registry gets
    a warning with the quoted form to write; written so, no warning."""
    from tests.conftest import AGENCIES

    group = ("  - id: cac-so-ban-nganh\n    name: Các Sở, ban, ngành\n"
             "    aliases: [Các Sở, ban, ngành Thành phố]\n    kind: group\n")
    root.agencies(AGENCIES + group)
    root.plan("p.yaml", PLAN)
    result = hncc("check", "--root", root.path, "--format", "json")
    found = [p for p in json.loads(result.stdout)["problems"]]
    assert [(p["code"], p["file"].endswith("agencies.yaml"), p["severity"]) for p in found] == [
        ("agency-split-at-comma", True, "warning")]
    assert '["Các Sở, ban, ngành Thành phố"]' in found[0]["message"]
    assert "“ban” là một tên của cac-so-ban-nganh" in found[0]["message"]
    root.agencies(AGENCIES + group.replace("[Các Sở, ban, ngành Thành phố]",
                                           '["Các Sở, ban, ngành Thành phố", các sở ngành]'))
    assert problems(hncc, root) == (0, [])
