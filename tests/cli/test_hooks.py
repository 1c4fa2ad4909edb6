"""The published pre-commit hooks, run by real pre-commit (`try-repo`) in scratch repositories.

pre-commit installs vpcegen from a copy of this checkout into its own virtualenv (pip, from
the package index: about 20-40 s once per session; the environment is shared by every test
here). Skips, saying why, where git or pre-commit is missing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.project import git, git_init, make_project

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not on PATH"),
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="pre-commit is not installed (pip install -e '.[test]')",
    ),
]

# what the hook's `pip install .` needs from the checkout
_SOURCE = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A committed copy of this checkout as pre-commit clones it, and a private
    PRE_COMMIT_HOME (the hook environment is built once per session)."""
    base = tmp_path_factory.mktemp("hooks")
    src = base / "vpcegen"
    src.mkdir()
    for name in _SOURCE:
        shutil.copy(ROOT / name, src / name)
    for folder in ("generator", "templates"):
        shutil.copytree(
            ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    git_init(src)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(base / "pre-commit-home"),
        "NO_COLOR": "1",
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("VPCEGEN_DEBUG", None)
    return src, env


def _try(
    hooks: tuple[Path, dict[str, str]], repo: Path, hook: str
) -> subprocess.CompletedProcess[str]:
    src, env = hooks
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(src), hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _repository(root: Path, *, typo: bool = False, config: bool = True) -> Path:
    """A spec repository as a user keeps it: specs, policy files, the committed modules, a
    pre-commit config (a YAML file the hook must not take for a spec)."""
    make_project(root, typo=typo, **({} if config else {"config": None}))
    generate = [sys.executable, "-m", "generator", "generate"]
    if not config:
        generate += ["specs", "--out", "modules"]
    subprocess.run(generate, cwd=root, check=True, capture_output=True, timeout=120)
    (root / ".pre-commit-config.yaml").write_text("repos: []\n")
    git_init(root)
    return root


def test_good_repository_passes_both_hooks(
    hooks: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    repo = _repository(tmp_path / "good")
    validate = _try(hooks, repo, "vpcegen-validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "2 spec file(s) checked: 0 error(s), 0 warning(s)" in validate.stdout
    check = _try(hooks, repo, "vpcegen-generate-check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_warnings_show_on_a_passing_hook_and_configuration_can_fail_them(
    hooks: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    repo = _repository(tmp_path / "typo", typo=True)
    proc = _try(hooks, repo, "vpcegen-validate")
    assert proc.returncode == 0, proc.stdout
    assert "specs/shared.yaml:47:14: warning SVC004" in proc.stdout
    with (repo / "pyproject.toml").open("a") as fh:
        fh.write('severity = {SVC004 = "error"}\n')
    git(repo, "commit", "-q", "-am", "SVC004 is an error here")
    proc = _try(hooks, repo, "vpcegen-validate")
    assert proc.returncode == 1
    assert "specs/shared.yaml:47:14: error SVC004" in proc.stdout


def test_bad_repository_fails_both_hooks_with_located_findings(
    hooks: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    repo = _repository(tmp_path / "bad")
    spec = repo / "specs" / "shared.yaml"
    spec.write_text(spec.read_text().replace("port: 443", "port: 70000", 1))
    app = repo / "specs" / "app.yaml"
    app.write_text(app.read_text().replace("name: policy-files", "name: orders", 1))
    git(repo, "commit", "-q", "-am", "break it")
    validate = _try(hooks, repo, "vpcegen-validate")
    assert validate.returncode == 1
    located = [line for line in validate.stdout.splitlines() if ": error " in line]
    assert located and all(line.startswith("specs/shared.yaml:") for line in located), located
    assert "policies" not in validate.stdout and "manifest" not in validate.stdout

    spec.write_text(spec.read_text().replace("port: 70000", "port: 443", 1))
    git(repo, "commit", "-q", "-am", "fix the spec, forget to regenerate")
    check = _try(hooks, repo, "vpcegen-generate-check")
    assert check.returncode == 1
    assert "modules/policy-files: no spec produces this module any more" in check.stdout
    assert "+++ b/modules/orders/main.tf" in check.stdout
    assert "run: vpcegen generate --prune" in check.stdout


def test_without_configuration_the_hook_recognises_specs_by_content(
    hooks: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    repo = _repository(tmp_path / "plain", config=False)
    proc = _try(hooks, repo, "vpcegen-validate")
    assert proc.returncode == 0, proc.stdout
    assert "2 spec file(s) checked" in proc.stdout
