"""Scratch spec repositories, laid out as a user's: specs, policy files, config, modules."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support.paths import EXAMPLES

CONFIG = """\
[tool.vpcegen]
specs = ["specs/**/*.yaml"]
out = "modules"
"""


def _example(name: str) -> str:
    """An example spec without its editor comment (a path relative to output-examples/)."""
    text = (EXAMPLES / name / "spec.yaml").read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(True) if "yaml-language-server" not in line)


def make_project(root: Path, *, config: str | None = CONFIG, typo: bool = False) -> Path:
    """specs/shared.yaml and specs/app.yaml (with policy documents in specs/policies/), a
    pyproject.toml holding `config` (none when None). `typo` puts `service: ecr-dkr` in
    shared.yaml (an SVC004 warning with an obvious match)."""
    specs = root / "specs"
    (specs / "policies").mkdir(parents=True, exist_ok=True)
    shared = _example("shared-services")
    if typo:
        shared = shared.replace("service: ecr.api", "service: ecr-dkr", 1)
    (specs / "shared.yaml").write_text(shared, encoding="utf-8")
    (specs / "app.yaml").write_text(_example("policy-files"), encoding="utf-8")
    for policy in (EXAMPLES / "policy-files" / "policies").iterdir():
        shutil.copy(policy, specs / "policies" / policy.name)
    if config is not None:
        (root / "pyproject.toml").write_text(config, encoding="utf-8")
    return root


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def git_init(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init", "--allow-empty")
