"""Shared fixtures. Helpers live in tests/support/ (paths, HCL parsing, the Terraform harness)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import ROOT


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so generated headers name specs as in the examples."""
    monkeypatch.chdir(ROOT)
    return ROOT
