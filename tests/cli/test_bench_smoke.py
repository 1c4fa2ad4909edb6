"""Smoke test of the benchmark's synthetic estate: a few specs, all valid. No timing here;
the performance targets live in bench/run.py."""

from __future__ import annotations

from pathlib import Path

from bench.estate import ENDPOINTS_PER_SPEC, write_estate
from generator.api import validate_paths
from generator.diagnostics import Severity
from generator.spec.endpoint_types import ENDPOINT_TYPES
from generator.spec.models import PolicyFile


def test_estate_specs_are_valid_and_cover_every_endpoint_type(tmp_path: Path) -> None:
    paths = write_estate(tmp_path / "estate", 3)
    assert len(paths) == 3

    result = validate_paths([str(tmp_path / "estate")])

    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
    # The folder walk also finds the policy JSON files; they are not counted as specs.
    assert len(result.specs) == 3
    specs = [ls.spec for ls in result.specs]
    assert all(spec is not None for spec in specs)
    names = {spec.name for spec in specs if spec is not None}
    assert len(names) == 3
    for ls in result.specs:
        spec = ls.spec
        assert spec is not None
        assert len(spec.endpoints) == ENDPOINTS_PER_SPEC
        assert {ep.type for ep in spec.endpoints.values()} == set(ENDPOINT_TYPES)
        assert spec.endpoint_services
        policies = [ep.policy for ep in spec.endpoints.values() if ep.policy is not None]
        assert any(isinstance(p, PolicyFile) for p in policies)
        assert any(isinstance(p, dict) for p in policies)  # inline document
        assert spec.defaults.interface.policy is not None  # preset
        assert ls.policy_files  # file policies were read from beside the spec
        assert any(ep.routes for ep in spec.endpoints.values())
