"""The package's layering, checked on the source: what may import what, and where the endpoint
types are spelled out."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.spec.endpoint_types import ENDPOINT_TYPES
from tests.support.paths import ROOT

PACKAGE = ROOT / "generator"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _python_files(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


# The loader is not listed: its findings take their text from catalog rules
# (generator.loader.source.rule_finding imports the catalog when a finding is made).
@pytest.mark.parametrize("folder", ["render", "resolve", "spec"])
def test_layer_imports_nothing_from_rules(folder: str) -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in _imports(p) if m.startswith("generator.rules"))
        for p in _python_files(folder)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_resolve_imports_nothing_from_render() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _python_files("resolve")
        if any(m.startswith("generator.render") for m in _imports(p))
    ]
    assert offenders == []


def test_render_names_rule_ids_only_in_checkov_reasons() -> None:
    """Rule IDs reach plan-time output through the catalog's guards, not from render/."""
    rule_id = re.compile(
        r"\b(?:SPEC|SVC|GW|GWLB|IF|IP|S3|POL|ES|PRN|PDN|XR|CN|RT|R53|Q|TAG|SG)\d{3}\b"
    )
    found = {
        str(p.relative_to(ROOT)): sorted(set(rule_id.findall(p.read_text(encoding="utf-8"))))
        for p in _python_files("render")
        if p.name != "checkov.py"  # skip reasons name the suppressed rule the spec chose
    }
    assert {k: v for k, v in found.items() if v} == {}


def _type_literals(path: Path) -> list[int]:
    """Lines of `path` with an endpoint type as a string literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in ENDPOINT_TYPES
    )


# Every part of the package; "." is the modules at its top (cli.py, api.py, policy_document.py).
AREAS = ["render", "resolve", "spec", "loader", "rules", "services", "formats", "importer", "."]


def _area_files(area: str) -> list[Path]:
    return sorted(PACKAGE.glob("*.py")) if area == "." else _python_files(area)


def test_areas_cover_the_package() -> None:
    covered = {p for area in AREAS for p in _area_files(area)}
    assert sorted(str(p.relative_to(ROOT)) for p in set(PACKAGE.rglob("*.py")) - covered) == []


@pytest.mark.parametrize("area", AREAS)
def test_endpoint_types_spelled_only_in_the_table(area: str) -> None:
    table = PACKAGE / "spec" / "endpoint_types.py"
    found = {str(p.relative_to(ROOT)): _type_literals(p) for p in _area_files(area) if p != table}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_module_over_600_lines_of_code() -> None:
    """Lines of code: not blank, not only a comment."""

    def loc(path: Path) -> int:
        return sum(
            1
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")
        )

    sizes = {str(p.relative_to(ROOT)): loc(p) for p in sorted(PACKAGE.rglob("*.py"))}
    assert {k: v for k, v in sizes.items() if v > 600} == {}
