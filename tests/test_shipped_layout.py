"""The shipped data survives a round trip byte for byte and is already in canonical layout."""

from __future__ import annotations

import pytest
from conftest import REPO

from hncc.edit import fmt as formatting
from hncc.edit import status_edit as editing

DATA = REPO / "data"
SHIPPED = formatting.data_files(DATA) if DATA.is_dir() else []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped__round_trips_byte_for_byte(path):
    original = path.read_bytes()
    data = editing.canonical_yaml().load(original.decode("utf-8"))
    assert editing.dump(data).encode("utf-8") == original


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped__is_canonical(path):
    text = path.read_text(encoding="utf-8")
    assert formatting.format_text(text, formatting.model_for(path, DATA)) == text, (
        f"run `hncc fmt {path.relative_to(REPO)}`")
