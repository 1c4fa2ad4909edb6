"""The README's read permissions are exactly what the module's data blocks need."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.render.permissions import DATA_SOURCE_PERMISSIONS
from tests.support.hcl import parse_module, unquote
from tests.support.paths import example_specs

_LINE = re.compile(r"^The plan-time guards read these \(read-only\) actions: (.*)\.$", re.M)


def _data_types(module: Path) -> set[str]:
    types: set[str] = set()
    for parsed in parse_module(module).values():
        for block in parsed.get("data", []):
            types.update(unquote(t) for t in block if not t.startswith("__"))
    return types


def _readme_actions(module: Path) -> set[str]:
    found = _LINE.findall((module / "README.md").read_text(encoding="utf-8"))
    assert len(found) <= 1
    return set(re.findall(r"`([^`]+)`", found[0])) if found else set()


@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.parent.name)
def test_readme_lists_the_union_of_the_data_sources_actions(spec: Path) -> None:
    module = spec.parent
    types = _data_types(module)
    assert types <= set(DATA_SOURCE_PERMISSIONS), "a data source without a permissions row"
    wanted = {a for t in types for a in DATA_SOURCE_PERMISSIONS[t].actions}
    assert _readme_actions(module) == wanted


def test_examples_read_data_sources() -> None:
    """The parametrized test above is not vacuous: some example reads each kind it can."""
    seen = set().union(*(_data_types(s.parent) for s in example_specs()))
    assert {"aws_vpc", "aws_subnet", "aws_vpc_endpoint_service", "aws_lb"} <= seen


def test_every_row_names_its_source() -> None:
    assert all(row.source for row in DATA_SOURCE_PERMISSIONS.values())
