"""Interrupted runs: after a crash at any moment, every module is wholly old or wholly new.

Two complementary tests:

- SIGKILL: `vpcegen generate` over an estate of 30 specs whose output alternates between two
  renderings (every run changes every module) is killed at random moments of its write phase,
  and just after its first module swap.
  After each kill every module folder holds exactly one of the two renderings (file set and
  bytes), files the user added are intact (same bytes, same inode), and modules never
  disappear. A last, uninterrupted run removes the leftovers and writes the final rendering.
- Every crash point: in a forked child, the writer dies (os._exit, as abrupt as SIGKILL) just
  before its k-th file-system step, for every k, with the atomic swap (renameat2) and with
  the fallback used where renameat2 is missing (rename aside, rename in). The same
  invariants hold, and the next run recovers.

Default: 20 kills (~10-25 s) and all ~75 crash points. Longer: VPCEGEN_KILL_ITERATIONS=200
(100 when VPCEGEN_FUZZ_EXAMPLES is set).
"""

from __future__ import annotations

import builtins
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.api import generate_paths
from generator.render import writer
from generator.render.writer import (
    MANIFEST,
    clean_leftovers,
    commit_modules,
    stage_module,
    write_module,
)
from tests.support.paths import EXAMPLES, ROOT

BASE = (EXAMPLES / "shared-services" / "spec.yaml").read_text("utf-8")
LEFTOVER_PREFIXES = (writer.TMP_PREFIX, writer.OLD_PREFIX)
ITERATIONS = int(
    os.environ.get("VPCEGEN_KILL_ITERATIONS")
    or (100 if os.environ.get("VPCEGEN_FUZZ_EXAMPLES") else 20)
)
ESTATE = 30
USER_MODULES = ("mod-00", "mod-07", "mod-29")

Snapshot = dict[str, bytes]


SECURITY_GROUPS = """security_groups:
  endpoints:
    description: HTTPS to interface endpoints from the VPC
    ingress:
      - {port: 443, from: vpc, description: HTTPS from the shared-services VPC}
"""


def spec_text(name: str, variant: str) -> str:
    """Two renderings per module; b has no security groups, so it drops security_groups.tf."""
    text = BASE.replace("name: shared-services", f"name: {name}", 1)
    text = text.replace("CostCenter: network", f"CostCenter: network-{variant}", 1)
    if variant == "b":
        text = text.replace(SECURITY_GROUPS, "").replace("    security_groups: [endpoints]\n", "")
    assert text.count(f"network-{variant}") == 1 and (variant == "a" or "endpoints]" not in text)
    return text


def write_estate(folder: Path, variant: str) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(ESTATE):
        (folder / f"m{i:02d}.yaml").write_text(spec_text(f"mod-{i:02d}", variant), "utf-8")


def generated(folder: Path, user: set[str]) -> Snapshot:
    """The top-level regular files of a module folder, minus the user's own."""
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.name not in user and p.is_file() and not p.is_symlink()
    }


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(LEFTOVER_PREFIXES))


@pytest.fixture
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder on tmpfs where there is one (fsync is free there; renames are what matter)."""
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        path = Path(tempfile.mkdtemp(prefix="vpcegen-kill-", dir="/dev/shm"))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
    else:
        yield tmp_path


# --- SIGKILL at random moments ------------------------------------------------------------------


def _start(specs: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("VPCEGEN_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(specs), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for_writing(proc: subprocess.Popen[bytes], out: Path, old: set[str]) -> bool:
    """Block until the run starts writing a module (a new temporary folder) or ends."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if any(n.startswith(writer.TMP_PREFIX) and n not in old for n in os.listdir(out)):
            return True
        time.sleep(0.001)
    return False


def _renderings_left(
    out: Path, refs: dict[str, dict[str, Snapshot]], user: dict[str, tuple[int, bytes]], when: str
) -> set[str]:
    """Check that every module is one whole rendering and the user's files are intact;
    return the renderings found ("a", "b")."""
    seen = set()
    for folder in sorted(out.iterdir()):
        if folder.name.startswith(LEFTOVER_PREFIXES) or not folder.is_dir():
            continue
        files = generated(folder, {"notes.md", "local"})
        ref = [v for v in ("a", "b") if refs[v][folder.name] == files]
        assert ref, f"{when}: {folder.name} is neither rendering: {sorted(files)}"
        seen.add(ref[0])
    assert {p.name for p in out.iterdir() if p.is_dir()} >= set(refs["a"]), "lost a module"
    for rel, (inode, data) in user.items():
        path = out / rel
        assert path.read_bytes() == data and path.stat().st_ino == inode, rel
    return seen


def test_sigkill_at_random_moments_leaves_every_module_whole(
    tmp_path: Path, fast_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = tmp_path / "specs"
    refs: dict[str, dict[str, Snapshot]] = {}
    monkeypatch.chdir(ROOT)  # references rendered in-process exactly as the CLI renders them
    for variant in ("a", "b"):
        write_estate(specs, variant)
        result = generate_paths([str(specs)], str(tmp_path / f"ref-{variant}"))
        assert result.validation.ok and not result.blocked, result.messages
        refs[variant] = {
            m.name: generated(m, set())
            for m in (tmp_path / f"ref-{variant}").iterdir()
            if m.is_dir()
        }
    assert len(refs["a"]) == ESTATE
    for name in refs["a"]:
        assert refs["a"][name] != refs["b"][name]
        assert set(refs["a"][name]) > set(refs["b"][name])  # stale files go, atomically

    out = fast_dir / "out"
    out.mkdir()
    write_estate(specs, "a")
    proc = _start(specs, out)
    assert _wait_for_writing(proc, out, set())
    started = time.monotonic()
    while proc.poll() is None and len(os.listdir(out)) < ESTATE:  # every module written
        time.sleep(0.001)
    write_phase = max(time.monotonic() - started, 0.02)  # the time it takes to write modules
    assert proc.wait(timeout=120) == 0

    user: dict[str, tuple[int, bytes]] = {}
    for module in USER_MODULES:
        (out / module / "notes.md").write_text(f"{module}: my notes\n")
        (out / module / "local").mkdir()
        (out / module / "local" / "override.tf").write_text("# mine\n")
        for rel in ("notes.md", "local/override.tf"):
            path = out / module / rel
            user[f"{module}/{rel}"] = (path.stat().st_ino, path.read_bytes())

    rng = random.Random(20240601)
    mid_write = 0  # kills that landed after the run had started writing modules
    mixed = 0  # kills that left some modules old and some new
    had_leftovers = False
    variant = "a"
    for iteration in range(ITERATIONS):
        variant = "b" if variant == "a" else "a"
        write_estate(specs, variant)
        proc = _start(specs, out)
        writing = _wait_for_writing(proc, out, set(leftovers(out)))
        time.sleep(rng.uniform(0, write_phase))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            mid_write += writing
        proc.wait(timeout=120)
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        assert "Traceback" not in stderr, stderr

        seen = _renderings_left(out, refs, user, f"kill {iteration}")
        had_leftovers = had_leftovers or bool(leftovers(out))
        mixed += len(seen) == 2

    # A run stages every module, makes them durable together, then swaps them in one after
    # another: random kills mostly land before the first swap (all old) or after the last (all
    # new). Aim kills just after the first swap, so that the mixed state is checked every
    # time, not by chance.
    for attempt in range(30):
        if mixed:
            break
        variant = "b" if variant == "a" else "a"
        write_estate(specs, variant)
        first = out / "mod-00"
        before_swap = first.stat().st_ino
        proc = _start(specs, out)
        while proc.poll() is None and first.stat().st_ino == before_swap:
            pass
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
        seen = _renderings_left(out, refs, user, f"aimed kill {attempt}")
        mixed += len(seen) == 2

    # Random kills rarely land inside one module's short write window; aim one kill there so
    # the clean-up of a temporary folder is exercised every time, not by chance.
    for _attempt in range(30):
        if had_leftovers:
            break
        variant = "b" if variant == "a" else "a"
        write_estate(specs, variant)
        proc = _start(specs, out)
        while proc.poll() is None and not any(
            name.startswith(writer.TMP_PREFIX) for name in os.listdir(out)
        ):
            pass
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
        had_leftovers = bool(leftovers(out))

    # the next, uninterrupted run cleans up and finishes the job
    variant = "b" if variant == "a" else "a"
    write_estate(specs, variant)
    before = leftovers(out)
    proc = _start(specs, out)
    assert proc.wait(timeout=120) == 0
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert leftovers(out) == []
    if before:
        assert "removed leftover" in stderr, stderr
    for name, files in refs[variant].items():
        assert generated(out / name, {"notes.md", "local"}) == files
    for rel, (inode, data) in user.items():
        assert (out / rel).read_bytes() == data and (out / rel).stat().st_ino == inode
    assert mid_write >= max(1, ITERATIONS // 2), (
        f"only {mid_write} of {ITERATIONS} kills landed while modules were being written"
    )
    assert mixed >= 1, "no kill left a mix of old and new modules"
    assert had_leftovers, "no kill ever left a temporary folder behind"


# --- a crash before every file-system step ------------------------------------------------------


class _Crash:
    """Counts file-system steps; dies abruptly (like SIGKILL) just before step `at`."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.steps = 0

    def step(self) -> None:
        self.steps += 1
        if self.steps == self.at:
            os._exit(77)

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def hooked(*args: Any, **kwargs: Any) -> Any:
            self.step()
            return fn(*args, **kwargs)

        return hooked


OLD = {"main.tf": b"old main\n", "gone.tf": b"stale\n", "README.md": b"old\n"}
NEW = {"main.tf": b"new main\n", "added.tf": b"added\n", "README.md": b"new\n"}
SAME = {"main.tf": b"same\n"}


def _setup(out: Path) -> dict[str, tuple[int, bytes]]:
    """upd (old -> new, with user files), new (created), same (unchanged), one leftover."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    assert write_module(out, "upd", OLD, "upd.yaml").status == "created"
    assert write_module(out, "same", SAME, "same.yaml").status == "created"
    (out / "upd" / "notes.md").write_bytes(b"user notes\n")
    (out / "upd" / "sub").mkdir()
    (out / "upd" / "sub" / "keep.tf").write_bytes(b"# user\n")
    (out / f"{writer.TMP_PREFIX}upd-deadbeef").mkdir()  # from an earlier crash
    (out / f"{writer.TMP_PREFIX}upd-deadbeef" / "main.tf").write_bytes(b"half\n")
    return {
        rel: ((out / "upd" / rel).stat().st_ino, (out / "upd" / rel).read_bytes())
        for rel in ("notes.md", "sub/keep.tf")
    }


def _run(out: Path, batch: bool = False) -> None:
    """One module at a time (write_module), or as generate writes a run: every module staged,
    made durable with one syncfs, then swapped in (stage_module, commit_modules)."""
    clean_leftovers(out)
    modules = (("upd", NEW, "upd.yaml"), ("new", NEW, "new.yaml"), ("same", SAME, "same.yaml"))
    if not batch:
        for name, files, spec in modules:
            write_module(out, name, files, spec)
        return
    staged = [stage_module(out, name, files, spec) for name, files, spec in modules]
    commit_modules(out, [s for s in staged if isinstance(s, writer.Staged)])


def _expected(files: dict[str, bytes], spec: str) -> dict[str, bytes]:
    return {**files, MANIFEST: writer.manifest_bytes(spec, files)}


def _crash_child(out: Path, at: int, fallback: bool, batch: bool) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            crash = _Crash(at)
            for name in ("fsync", "link", "mkdir", "rename", "replace", "unlink", "rmdir"):
                setattr(os, name, crash.wrap(getattr(os, name)))
            writer.open = crash.wrap(builtins.open)  # type: ignore[attr-defined]
            if fallback:
                writer._exchange = lambda a, b: False  # type: ignore[assignment]
            else:
                writer._exchange = crash.wrap(writer._exchange)  # type: ignore[assignment]
            if batch:  # the syncfs path, whatever the number of modules
                writer.SYNCFS_FROM = 1
                writer._syncfs = crash.wrap(writer._syncfs)  # type: ignore[assignment]
            _run(out, batch)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _check_after_crash(out: Path, user: dict[str, tuple[int, bytes]], at: int) -> None:
    user_names = {"notes.md", "sub"}
    aside = [p for p in out.iterdir() if p.name.startswith(f"{writer.OLD_PREFIX}upd-")]
    upd = out / "upd"
    if upd.is_dir():
        assert generated(upd, user_names) in (
            _expected(OLD, "upd.yaml"),
            _expected(NEW, "upd.yaml"),
        ), f"crash at step {at}: 'upd' is half old, half new"
        holder = upd
    else:  # only in the fallback swap, between its two renames
        assert len(aside) == 1, f"crash at step {at}: 'upd' vanished"
        assert generated(aside[0], user_names) == _expected(OLD, "upd.yaml")
        holder = aside[0]
    for rel, (inode, data) in user.items():
        path = holder / rel
        assert path.read_bytes() == data and path.stat().st_ino == inode, (at, rel)
    if (out / "new").exists():
        assert generated(out / "new", set()) == _expected(NEW, "new.yaml"), at
    assert generated(out / "same", set()) == _expected(SAME, "same.yaml"), at


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("fallback", [False, True], ids=["renameat2", "rename-aside"])
@pytest.mark.parametrize("batch", [False, True], ids=["module", "run"])
def test_crash_before_every_step_leaves_every_module_whole(
    fast_dir: Path, fallback: bool, batch: bool
) -> None:
    out = fast_dir / "out"
    crashes = 0
    for at in range(1, 500):
        user = _setup(out)
        code = _crash_child(out, at, fallback, batch)
        if code == 0:
            break  # the run has fewer steps than `at`: every crash point was covered
        assert code == 77, f"the child failed at step {at} (exit {code})"
        crashes += 1
        _check_after_crash(out, user, at)
        _run(out)  # the next run recovers
        assert leftovers(out) == [], at
        assert generated(out / "upd", {"notes.md", "sub"}) == _expected(NEW, "upd.yaml")
        assert generated(out / "new", set()) == _expected(NEW, "new.yaml")
        for rel, (inode, data) in user.items():
            path = out / "upd" / rel
            assert path.read_bytes() == data and path.stat().st_ino == inode, (at, rel)
    else:
        pytest.fail("the run never completed")
    assert crashes >= 20, f"only {crashes} crash points: the hooks miss the writer's steps"
