"""Each spec in tests/fixtures/specs/invalid/ gives exactly its committed expected output.

To accept a deliberate change of wording, rerun with VPCEGEN_UPDATE_EXPECTED=1 and review the
diff of the .expected files like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.api import validate_paths
from generator.diagnostics import Severity, format_text
from tests.support.paths import ROOT

INVALID = ROOT / "tests" / "fixtures" / "specs" / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def test_at_least_25_invalid_fixtures() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("spec", CASES, ids=lambda p: p.name)
def test_invalid_fixture(spec: Path, in_repo: Path) -> None:
    rel = spec.relative_to(in_repo).as_posix()
    result = validate_paths([rel])
    assert any(f.severity is not Severity.INFO for f in result.findings), (
        f"{rel} is meant to be invalid but yields no error or warning"
    )
    assert all(f.span.line >= 1 and f.span.col >= 1 for f in result.findings)
    actual = format_text(result.findings)
    expected_file = spec.with_suffix(".expected")
    if os.environ.get("VPCEGEN_UPDATE_EXPECTED"):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), (
        f"missing {expected_file.name}; run with VPCEGEN_UPDATE_EXPECTED=1"
    )
    assert actual == expected_file.read_text(encoding="utf-8")
