"""A module's README lists every resource the module creates, and shows a call with the
provider the module needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.support import hcl
from tests.support.paths import EXAMPLES

MODULES = sorted(p.parent for p in EXAMPLES.glob("*/spec.yaml"))


def _resources(module: Path) -> set[str]:
    return {
        ".".join(block.labels)
        for root in hcl.parse_module_blocks(module).values()
        for block in root.blocks_of("resource")
    }


def _listed(readme: str) -> set[str]:
    table = readme.split("Every resource of the module:", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9_]+\.[a-z0-9_]+)` \|", table, flags=re.M))


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_readme_lists_every_resource(module: Path) -> None:
    readme = (module / "README.md").read_text(encoding="utf-8")
    assert _listed(readme) == _resources(module)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_usage_configures_the_spec_region(module: Path) -> None:
    region = yaml.safe_load((module / "spec.yaml").read_text(encoding="utf-8"))["region"]
    readme = (module / "README.md").read_text(encoding="utf-8")
    usage = readme.split("## Usage", 1)[1].split("\n## ", 1)[0]
    assert f'provider "aws" {{\n  region = "{region}"\n}}' in usage
    assert f'source = "./{module.name}"' in usage


def test_the_listing_check_can_fail(tmp_path: Path) -> None:
    module = MODULES[0]
    readme = (module / "README.md").read_text(encoding="utf-8")
    first = sorted(_listed(readme))[0]
    trimmed = "\n".join(line for line in readme.splitlines() if f"`{first}`" not in line)
    assert _listed(trimmed) != _resources(module)
