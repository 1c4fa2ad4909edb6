"""docs/spec-language.md: current, complete (every field of every model, every endpoint type's
keys) and its examples real specs that load and pass every rule."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from pydantic import BaseModel

from generator.api import validate_paths
from generator.spec import models as m
from generator.spec.endpoint_types import ALL_FIELDS, ENDPOINT_TYPES, KINDS
from generator.spec.reference import SECTIONS, reference_page, slug
from generator.spec.reference_examples import EXAMPLE_FILES, EXAMPLES
from tests.support.paths import ROOT

PAGE_PATH = ROOT / "docs" / "spec-language.md"
PAGE = PAGE_PATH.read_text(encoding="utf-8")


def test_committed_page_is_current() -> None:
    assert reference_page() == PAGE, "stale: python scripts/regen.py"


def _models(annotation: Any) -> set[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation}
    found: set[type[BaseModel]] = set()
    for arg in get_args(annotation):
        found |= _models(arg)
    return found


def _reachable() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [m.Spec]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            todo.extend(_models(info.annotation))
    return seen


def _sections_text() -> dict[str, str]:
    """The text of each `##`/`###` section of the page, by its heading."""
    parts = re.split(r"^#{2,3} (.+)$", PAGE, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _table_keys(text: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", text, flags=re.M)


def test_every_model_has_a_section() -> None:
    """Endpoint models are one section (the matrix says which type takes what); each
    defaults model is documented per endpoint type."""
    documented = {s.model for s in SECTIONS}
    endpoint_models = {model for model in _reachable() if issubclass(model, m.EndpointBase)}
    defaults_models = {type(m.Defaults().for_type(t)) for t in ENDPOINT_TYPES}
    missing = _reachable() - documented - endpoint_models - defaults_models
    assert missing == set()
    assert m.EndpointBase in documented and defaults_models <= documented


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.title)
def test_every_field_is_in_its_section(section: Any) -> None:
    text = _sections_text()[section.title]
    fields = section.model.model_fields
    names = section.fields if section.fields is not None else tuple(fields)
    expected = [fields[n].alias or n for n in names]
    assert _table_keys(text.split("| key | type | default |", 1)[1]) == expected


def test_every_endpoint_field_in_the_matrix_as_the_table_says() -> None:
    text = _sections_text()["endpoints.&lt;name&gt;"]
    header = "| key | " + " | ".join(f"`{t}`" for t in ENDPOINT_TYPES) + " |"
    assert header in text
    rows = {
        key: [c.strip() == "✓" for c in rest.split("|")[1:-1]]
        for key, rest in re.findall(r"^\| `([a-z_]+)` ((?:\|[^|\n]*)+\|)$", text, flags=re.M)
        if rest.count("|") == len(ENDPOINT_TYPES) + 1
    }
    assert set(rows) == {"type", "tags", *ALL_FIELDS}
    for field in ALL_FIELDS:
        assert rows[field] == [KINDS[t].takes(field) for t in ENDPOINT_TYPES], field
    assert rows["type"] == rows["tags"] == [True] * len(ENDPOINT_TYPES)


def test_every_defaults_section_lists_what_the_table_gives() -> None:
    sections = _sections_text()
    for type_name, kind in KINDS.items():
        text = sections[f"defaults.{type_name}"]
        assert _table_keys(text) == list(kind.defaults), type_name


def test_every_model_field_has_a_description() -> None:
    """The page and editors' hover text show them; defaults take the endpoint key's, and the
    per-type endpoint models only narrow EndpointBase's `type`."""
    defaults_models = {type(m.Defaults().for_type(t)) for t in ENDPOINT_TYPES} | {m.Defaults}
    per_type = {model for model in _reachable() if issubclass(model, m.EndpointBase)}
    missing = [
        f"{model.__name__}.{name}"
        for model in (_reachable() - defaults_models - per_type) | {m.EndpointBase}
        for name, info in model.model_fields.items()
        if not info.description
    ]
    assert missing == []


def test_links_point_at_headings() -> None:
    anchors = {slug(h) for h in _sections_text()} | {"contents", "vpcegen-spec-language-version-1"}
    links = set(re.findall(r"\]\(#([^)]+)\)", PAGE))
    assert links and links <= anchors, links - anchors


def _page_examples() -> list[str]:
    blocks = re.findall(r"^```yaml\n(.*?)^```$", PAGE, flags=re.M | re.S)
    return [b for b in blocks if b.startswith("version: 1")]


def _page_files() -> dict[str, str]:
    return dict(re.findall(r"^`([^`]+)`:\n\n```json\n(.*?)^```$", PAGE, flags=re.M | re.S))


def test_page_shows_every_example_and_file() -> None:
    assert sorted(_page_examples()) == sorted(EXAMPLES.values())
    assert _page_files() == EXAMPLE_FILES


@pytest.mark.parametrize("text", _page_examples(), ids=lambda t: t.split("\n")[1])
def test_page_examples_are_specs_without_findings(tmp_path: Path, text: str) -> None:
    for rel, content in _page_files().items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(content, encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    result = validate_paths([str(spec)])
    assert [str(f) for f in result.findings] == []
    assert len(result.specs) == 1


def test_page_examples_validate_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from generator.spec.schema import json_schema

    validator = jsonschema.Draft7Validator(json_schema())
    for text in _page_examples():
        assert [e.message for e in validator.iter_errors(yaml.safe_load(text))] == []


def test_every_example_value_is_in_the_page() -> None:
    """The example column is quoted from the examples: spot-check one per section."""
    text = _sections_text()
    assert (
        "| `organization_id` | AWS Organizations ID | **required** |"
        in text["policy: {preset: organization}"]
    )
    assert "`[POL011]`" in text["Top level"]


def test_every_type_is_named() -> None:
    """type_label falls back to "any" for an annotation it does not know."""
    assert "| any |" not in PAGE
