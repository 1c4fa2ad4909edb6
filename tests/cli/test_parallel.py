"""Worker processes (`--jobs`): the same findings, messages, exit codes and modules as one
process, whatever the number of workers; Ctrl-C stops them all.

The runs here are large enough for the pool to start (generator.runner.MIN_SPECS_PER_WORKER
specs per worker): the examples, plus specs that exercise what the workers cannot see alone
(module names shared between specs) and what the run drops (policy documents, non-specs).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.estate import write_estate
from generator import runner
from tests.support.paths import EXAMPLES, ROOT, run_cli


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _examples(dest: Path) -> Path:
    """Every example spec with its policy files (no generated modules)."""
    for spec in sorted(EXAMPLES.glob("*/spec.yaml")):
        target = dest / spec.parent.name
        target.mkdir(parents=True)
        shutil.copy(spec, target / "spec.yaml")
        if (spec.parent / "policies").is_dir():
            shutil.copytree(spec.parent / "policies", target / "policies")
    return dest


def _mixed(dest: Path) -> Path:
    """The examples, a second spec using an example's module name, a spec that fails, an
    unreferenced JSON file and a YAML file that is not a spec."""
    specs = _examples(dest)
    text = (specs / "shared-services" / "spec.yaml").read_text("utf-8")
    (specs / "zz-copy").mkdir()
    (specs / "zz-copy" / "spec.yaml").write_text(text, "utf-8")  # same `name`: SPEC007
    bad = text.replace("name: shared-services", "name: broken", 1).replace(
        "service: ecr.api", "service: ecr.apj", 1
    )
    assert bad != text
    (specs / "zz-broken.yaml").write_text(bad, "utf-8")
    (specs / "stray.json").write_text('{"Version": "2012-10-17", "Statement": []}\n', "utf-8")
    (specs / "notes.yaml").write_text("- just\n- a list\n", "utf-8")
    return specs


def test_the_runs_here_are_large_enough_for_workers(tmp_path: Path) -> None:
    specs = list(_mixed(tmp_path / "specs").rglob("spec.yaml"))
    assert len(specs) // runner.MIN_SPECS_PER_WORKER >= 2


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_validate_reports_the_same_with_any_number_of_workers(tmp_path: Path, fmt: str) -> None:
    specs = _mixed(tmp_path / "specs")
    runs = [
        run_cli("validate", str(specs), "--format", fmt, "--jobs", str(n), cwd=tmp_path)
        for n in (1, 2, 3)
    ]
    assert runs[0].returncode == 1, runs[0].stderr  # the broken spec, the shared name
    assert "SPEC007" in runs[0].stdout and "ecr.apj" in runs[0].stdout
    for run in runs[1:]:
        assert (run.returncode, run.stdout, run.stderr) == (
            runs[0].returncode,
            runs[0].stdout,
            runs[0].stderr,
        )


def test_generate_writes_the_same_bytes_with_any_number_of_workers(tmp_path: Path) -> None:
    specs = _examples(tmp_path / "specs")
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"out-{n}"
        run = run_cli("generate", str(specs), "--out", str(out), "--jobs", str(n), cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        outputs.append((run.stdout, run.stderr.replace(str(out), "OUT"), _tree(out)))
    assert outputs[0] == outputs[1]
    assert len([k for k in outputs[0][2] if k.endswith("/main.tf")]) == len(
        list(EXAMPLES.glob("*/spec.yaml"))
    )
    # and it is what the committed examples hold (past the header naming the spec's path)
    for name, data in outputs[0][2].items():
        if name.endswith(".tf"):
            assert (EXAMPLES / name).read_bytes().split(b"\n", 1)[1] == data.split(b"\n", 1)[1]


def test_a_failing_spec_stops_generate_the_same_way(tmp_path: Path) -> None:
    specs = _mixed(tmp_path / "specs")
    runs = []
    for n in (1, 2):
        out = tmp_path / f"out-{n}"
        run = run_cli("generate", str(specs), "--out", str(out), "--jobs", str(n), cwd=tmp_path)
        runs.append((run.returncode, run.stdout, run.stderr))
        assert not out.exists() or not any(out.iterdir())
    assert runs[0] == runs[1]
    assert runs[0][0] == 1 and "nothing written" in runs[0][2]


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_ctrl_c_stops_every_worker_and_leaves_no_half_module(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    write_estate(specs, 150)
    out = tmp_path / "out"
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("VPCEGEN_DEBUG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(specs), "--out", str(out), "-j", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.01)
    assert len(workers) == 2, "the workers never started"
    time.sleep(0.3)  # well into the run
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
    _, stderr = proc.communicate(timeout=60)
    text = stderr.decode()
    assert proc.returncode == 130, text
    assert "vpcegen: interrupted" in text and "Traceback" not in text, text
    for pid in workers:
        assert not _alive(pid), f"worker {pid} outlived the run"
    leftovers = [p.name for p in out.iterdir()] if out.exists() else []
    assert not [n for n in leftovers if n.startswith(".vpcegen-")], leftovers


def _children(pid: int) -> set[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return set()
    return {int(x) for x in text.split()}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
