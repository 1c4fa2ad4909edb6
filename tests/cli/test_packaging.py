"""An installed (not editable) copy finds its templates and data inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.paths import ROOT

SPEC = ROOT / "output-examples" / "shared-services" / "spec.yaml"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here (pip wheel failed): {proc.stderr[-500:]}")
    [built] = sorted(dist.glob("vpcegen-*.whl"))
    return built


def test_wheel_ships_templates_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {
        "generator/_templates/" + p.relative_to(ROOT / "templates").as_posix()
        for p in (ROOT / "templates").rglob("*.j2")
    }
    assert "generator/_templates/module/endpoints.tf.j2" in templates
    assert templates <= names, sorted(templates - names)
    assert "generator/services/catalog.json" in names
    assert "generator/spec/regions.json" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), sorted(names)
    from generator.rules.catalog import RULES

    examples = {f"generator/rules/examples/{r.id}.yaml" for r in RULES if r.examples}
    assert examples and examples <= names, sorted(examples - names)


def test_installed_copy_generates(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    work = tmp_path / "work"
    work.mkdir()
    (work / "spec.yaml").write_bytes(SPEC.read_bytes())
    code = (
        "import generator, sys\n"
        "from generator.render.environment import templates_dir\n"
        "print(generator.__file__)\n"
        "print(templates_dir())\n"
        "from generator.cli import main\n"
        "sys.argv = ['vpcegen', 'generate', 'spec.yaml', '--out', 'out']\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    module_file, templates = proc.stdout.splitlines()[:2]
    assert module_file.startswith(str(target)), "the repository copy was imported, not the wheel"
    assert templates.startswith(str(target))
    generated = work / "out" / "shared-services" / "endpoints.tf"
    expected = ROOT / "output-examples" / "shared-services" / "endpoints.tf"
    body = generated.read_text().split("\n", 1)[1]
    assert body == expected.read_text().split("\n", 1)[1]
