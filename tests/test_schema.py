"""`hncc schema`: the committed JSON Schema is what the models produce now."""

from __future__ import annotations

import json

from conftest import REPO

from hncc.data.model import Plan
from hncc.edit import schema


def test_schema__committed_files_match_the_models():
    for name, model in schema.SCHEMAS.items():
        committed = (REPO / schema.SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == schema.render(model), f"run `hncc schema` to regenerate {name}"


def test_schema__deadline_and_budget_accept_the_bare_phrase():
    definitions = schema.schema_of(Plan)["$defs"]
    for name in ("Deadline", "Budget"):
        forms = definitions[name]["anyOf"]
        assert forms[0]["type"] == "string"
        assert forms[1]["type"] == "object" and "text" in forms[1]["properties"]


def test_schema__entries_refer_to_the_phrase_forms():
    row = schema.schema_of(Plan)["$defs"]["AppendixRow"]["properties"]
    refs = json.dumps([row["deadline"], row["budget"]])
    assert "#/$defs/Deadline" in refs and "#/$defs/Budget" in refs


def test_schema__unknown_keys_are_flagged():
    assert schema.schema_of(Plan)["additionalProperties"] is False


def test_schema__command_writes_both_files(hncc, root, tmp_path):
    result = hncc("schema", "--output-dir", tmp_path / "out", "--root", root.path)
    assert result.exit_code == 0
    written = json.loads((tmp_path / "out" / "plan.schema.json").read_text(encoding="utf-8"))
    assert written == schema.schema_of(Plan)
    assert (tmp_path / "out" / "agencies.schema.json").is_file()


def _titled(node, parent=None):
    """Every (title, description) an editor can show: models and keys, not names of keys."""
    if isinstance(node, dict):
        if parent != "properties" and isinstance(node.get("title"), str):
            yield node["title"], node.get("description")
        for key, value in node.items():
            yield from _titled(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _titled(value)


def test_schema__every_title_and_description_an_editor_shows_is_vietnamese():
    vietnamese = "àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
    for name, model in schema.SCHEMAS.items():
        shown = list(_titled(schema.schema_of(model)))
        missing = [title for title, description in shown
                   if not description or not any(c in vietnamese for c in title.lower())]
        assert not missing, (f"{name}: add Vietnamese words for {missing} to MODEL_WORDS or "
                             "FIELD_WORDS in hncc/edit/schema.py")
        assert len(shown) > 10


def test_schema__an_amount_is_an_integer_or_a_quoted_decimal_as_the_model_takes_it():
    """`amount: 0.5` is a YAML float, which hncc check refuses (it would lose exactness): the
    editor must flag it too, and accept 2 and "0.5"."""
    import re

    budget = schema.schema_of(Plan)["$defs"]["Budget"]["anyOf"][1]["properties"]
    for forms in (budget["amount"]["anyOf"], budget["split"]["anyOf"][0]["additionalProperties"]["anyOf"]):
        assert {"type": "number"} not in forms
        assert {"type": "integer"} in forms
        pattern = next(form["pattern"] for form in forms if form.get("type") == "string")
        assert re.fullmatch(pattern, "0.5") and re.fullmatch(pattern, "12")
        assert not re.fullmatch(pattern, "1,5") and not re.fullmatch(pattern, "-2")


def test_schema__a_stop_without_its_reason_is_flagged():
    """The model refuses "cancelled" or "suspended" without `reason`; so does the schema."""
    entry = schema.schema_of(Plan)["$defs"]["StatusEntry"]
    assert set(entry["if"]["properties"]["status"]["enum"]) == {"cancelled", "suspended"}
    assert entry["then"] == {"required": ["reason"]}
