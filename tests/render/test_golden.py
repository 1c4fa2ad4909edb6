"""Every output-examples/<name>/spec.yaml regenerates to exactly the committed module."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.api import generate_paths
from generator.render.writer import MANIFEST
from tests.support.paths import EXAMPLES, example_specs


def _module_files(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "spec.yaml"
    }


def test_at_least_eight_examples() -> None:
    assert len(example_specs()) >= 8


@pytest.mark.parametrize("spec", example_specs(), ids=lambda p: p.parent.name)
def test_example_is_current(spec: Path, tmp_path: Path, in_repo: Path) -> None:
    rel = spec.relative_to(in_repo)
    result = generate_paths([str(rel)], str(tmp_path))
    assert result.validation.ok, [str(f.span) + " " + f.message for f in result.validation.findings]
    name = spec.parent.name
    fresh = _module_files(tmp_path / name)
    committed = _module_files(EXAMPLES / name)
    assert MANIFEST in fresh
    assert sorted(fresh) == sorted(committed), "file sets differ; run python scripts/regen.py"
    for file_name, data in fresh.items():
        if committed[file_name] != data:
            diff = "".join(
                difflib.unified_diff(
                    committed[file_name].decode().splitlines(keepends=True),
                    data.decode().splitlines(keepends=True),
                    f"committed/{name}/{file_name}",
                    f"fresh/{name}/{file_name}",
                )
            )
            pytest.fail(f"{name}/{file_name} is stale (python scripts/regen.py):\n{diff}")


def test_generation_is_byte_identical_across_runs(tmp_path: Path, in_repo: Path) -> None:
    specs = [str(p.relative_to(in_repo)) for p in example_specs()]
    generate_paths(specs, str(tmp_path / "a"))
    generate_paths(specs, str(tmp_path / "b"))
    for module in sorted((tmp_path / "a").iterdir()):
        if module.is_dir():
            assert _module_files(module) == _module_files(tmp_path / "b" / module.name)


def test_examples_validate_clean(in_repo: Path) -> None:
    from generator.api import validate_paths
    from generator.diagnostics import Severity

    result = validate_paths(["output-examples"])
    assert len(result.specs) == len(example_specs())
    unexpected = [f for f in result.findings if f.severity is not Severity.INFO]
    assert not unexpected, [f"{f.span} {f.rule_id} {f.message}" for f in unexpected]
