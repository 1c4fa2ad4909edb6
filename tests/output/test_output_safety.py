"""Output safety: vpcegen writes only inside --out, never through symlinks, never half a module.

Module names cannot escape --out; symlinked module folders, files, manifests and old lock files
are never written through; an unusable --out (a file, a missing parent, /proc, a read-only
mount, a full disk) exits 2 with nothing partial; concurrent runs on one --out serialise.

Running as root: chmod cannot make a folder unwritable, so read-only and full file systems
are real mounts (a read-only bind mount, a tiny tmpfs) inside a private mount namespace
(`unshare -m`); those tests skip where mount namespaces are not available.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.api import generate_paths
from generator.render import writer
from generator.render.writer import (
    MANIFEST,
    OutputError,
    check_module,
    clean_leftovers,
    locked,
    prepare_out,
    write_module,
)
from tests.support.paths import EXAMPLES, ROOT, run_cli

BASE = (EXAMPLES / "shared-services" / "spec.yaml").read_text("utf-8")
LEFTOVER_PREFIXES = (writer.TMP_PREFIX, writer.OLD_PREFIX)


def spec_text(name: str, variant: str = "a") -> str:
    text = BASE.replace("name: shared-services", f"name: {name}", 1)
    return text.replace("CostCenter: network", f"CostCenter: network-{variant}", 1)


def write_estate(folder: Path, count: int, variant: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"m{i:02d}.yaml"
        path.write_text(spec_text(f"mod-{i:02d}", variant), "utf-8")
        paths.append(path)
    return paths


def tree(folder: Path) -> dict[str, bytes | str]:
    """Relative path -> bytes (files) or 'symlink:target' / 'dir' -- a byte-exact snapshot."""
    snap: dict[str, bytes | str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                snap[rel] = "symlink:" + os.readlink(path)
            elif path.is_dir():
                snap[rel] = "dir"
            else:
                snap[rel] = path.read_bytes()
    return snap


def leftovers(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if p.name.startswith(LEFTOVER_PREFIXES)]


def generate(specs: list[Path] | Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    paths = [str(p) for p in specs] if isinstance(specs, list) else [str(specs)]
    proc = run_cli("generate", *paths, "--out", str(out), *args)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return proc


def reference(specs: Path, variant: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What generate writes for the estate in `specs` as `variant` (rendered in-process)."""
    monkeypatch.chdir(ROOT)  # the CLI runs from the repository root too
    count = len(list(specs.glob("*.yaml")))
    write_estate(specs, count, variant)
    out = specs.parent / f"ref-{variant}"
    result = generate_paths([str(specs)], str(out))
    assert not result.blocked and result.validation.ok, result.messages
    return {k: v for k, v in tree(out).items() if isinstance(v, bytes) and "/" in k}


# --- module names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../escape", "/tmp/absolute", "a/b", "..", ".", ".hidden", "UPPER", "x" * 64, "a b"]
)
def test_module_names_cannot_escape_out(tmp_path: Path, name: str) -> None:
    spec = tmp_path / "specs" / "spec.yaml"
    spec.parent.mkdir()
    spec.write_text(BASE.replace("name: shared-services", f"name: {json.dumps(name)}", 1), "utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = generate(spec, tmp_path / "out")
    assert proc.returncode == 1
    assert "SPEC007" in proc.stdout
    assert "nothing written" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # not even --out
    assert not Path("/tmp/absolute").exists()


@pytest.mark.parametrize("name", ["../escape", "/abs", "a/b", "..", ".", "", ".vpcegen-tmp-x"])
def test_writer_refuses_unsafe_names_itself(tmp_path: Path, name: str) -> None:
    """Defence in depth: even without the rule, the writer stays inside --out."""
    out = tmp_path / "deep" / "out"
    out.mkdir(parents=True)
    before = tree(tmp_path)
    result = write_module(out, name, {"main.tf": b"x\n"}, "spec.yaml")
    assert result.status == "blocked" and result.messages
    assert check_module(out, name, {"main.tf": b"x\n"}, "spec.yaml").status == "blocked"
    assert tree(tmp_path) == before


@pytest.mark.parametrize("file_name", ["../evil.tf", "/abs.tf", "sub/x.tf", MANIFEST, ".."])
def test_writer_refuses_unsafe_file_names(tmp_path: Path, file_name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = write_module(out, "mod", {"main.tf": b"x\n", file_name: b"evil\n"}, "spec.yaml")
    assert result.status == "blocked"
    assert tree(tmp_path) == {"out": "dir"}


# --- symlinks inside --out -----------------------------------------------------------------------


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "main.tf").write_text("# precious, not vpcegen's\n")
    (victim / MANIFEST).write_text('{"files": {"main.tf": "0"}}\n')
    return victim


def api(spec: Path, out: Path, *, check: bool = False, force: bool = False) -> tuple[bool, str]:
    """generate in-process (what the CLI calls): (blocked or differs, all messages)."""
    result = generate_paths([str(spec)], str(out), check=check, force=force)
    assert result.validation.ok, result.validation.findings
    return result.blocked or result.changed, "\n".join(result.messages)


def _spec(tmp_path: Path, variant: str = "a") -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text("mod", variant), "utf-8")
    return spec


@pytest.mark.parametrize("check", [False, True])
def test_symlinked_module_folder_is_never_written_through(tmp_path: Path, check: bool) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mod").symlink_to(victim, target_is_directory=True)
    before = tree(victim)
    blocked, messages = api(_spec(tmp_path), out, check=check, force=True)
    assert blocked and "is a symlink" in messages
    assert tree(victim) == before
    assert (out / "mod").is_symlink() and leftovers(out) == []


def test_symlinked_module_folder_exits_1_through_the_cli(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mod").symlink_to(victim, target_is_directory=True)
    before = tree(victim)
    proc = generate(_spec(tmp_path), out, "--force")
    assert proc.returncode == 1 and f"{out / 'mod'}: is a symlink" in proc.stderr
    assert tree(victim) == before


def test_dangling_module_symlink_is_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mod").symlink_to(tmp_path / "created-through-link")
    blocked, messages = api(_spec(tmp_path), out)
    assert blocked and "is a symlink" in messages
    assert not (tmp_path / "created-through-link").exists()


def test_module_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mod").write_text("user data\n")
    for check in (False, True):
        blocked, messages = api(_spec(tmp_path), out, check=check)
        assert blocked and "not a folder" in messages
    assert (out / "mod").read_text() == "user data\n"


@pytest.mark.parametrize("target", ["main.tf", MANIFEST])
def test_symlinked_file_in_module_is_never_written_through(tmp_path: Path, target: str) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "out"
    assert api(_spec(tmp_path, "a"), out) == (False, f"{out}: 1 created")
    (out / "mod" / target).unlink()
    (out / "mod" / target).symlink_to(victim / target)
    before = tree(victim)
    for force in (False, True):
        blocked, messages = api(_spec(tmp_path, "b"), out, force=force)
        assert blocked and f"{out / 'mod' / target}: exists and was not generated" in messages
        assert tree(victim) == before
        assert (out / "mod" / target).is_symlink()


def test_users_own_symlink_survives_and_is_not_followed(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "out"
    api(_spec(tmp_path, "a"), out)
    (out / "mod" / "shared.tf").symlink_to(victim / "main.tf")
    before = tree(victim)
    assert api(_spec(tmp_path, "b"), out) == (False, f"{out}: 1 updated")
    assert os.readlink(out / "mod" / "shared.tf") == str(victim / "main.tf")
    assert tree(victim) == before


def test_no_lock_file_is_left_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for check in (False, True):
        api(_spec(tmp_path), out, check=check)
        assert sorted(p.name for p in out.iterdir()) == ["mod"]


def test_legacy_lock_file_is_removed_but_a_symlinked_one_never_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / writer.LEGACY_LOCK).write_bytes(b"")
    _, messages = api(_spec(tmp_path), out)
    assert "removed .vpcegen.lock" in messages
    assert sorted(p.name for p in out.iterdir()) == ["mod"]

    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    (out / writer.LEGACY_LOCK).symlink_to(victim)
    api(_spec(tmp_path, "b"), out)
    assert victim.read_text() == "keep\n"
    assert (out / writer.LEGACY_LOCK).is_symlink()


# --- unusable --out ------------------------------------------------------------------------------


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder\n")
    with pytest.raises(OutputError, match="not a folder"):
        api(_spec(tmp_path), out)
    assert out.read_text() == "not a folder\n"


def test_out_with_missing_parent_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    proc = generate(_spec(tmp_path), tmp_path / "missing" / "out")
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.yaml"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_out_under_proc_exits_2(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    proc = generate(spec, Path("/proc/1"))  # exists, and not writable even by root
    assert proc.returncode == 2 and "/proc/1" in proc.stderr, proc.stderr
    with pytest.raises(OutputError, match="cannot create"):
        api(spec, Path("/proc/self/vpcegen-out"))


def test_prepare_out_tolerates_a_concurrent_mkdir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs creating one --out at once: the loser of the mkdir race carries on."""
    out = tmp_path / "out"
    real_mkdir = Path.mkdir

    def racing_mkdir(self: Path, *args: object, **kwargs: object) -> None:
        real_mkdir(self)  # the other run wins the race ...
        raise FileExistsError(errno.EEXIST, "File exists", str(self))  # ... and we lose it

    monkeypatch.setattr(Path, "mkdir", racing_mkdir)
    prepare_out(out)
    assert out.is_dir()


def _unshare_available() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt 2>/dev/null"],
        capture_output=True,
        check=False,
        timeout=30,
    )
    return probe.returncode == 0


UNSHARE = pytest.mark.skipif(not _unshare_available(), reason="needs `unshare -m` and mount")


def _in_namespace(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `sh -c script` in a private mount namespace; $PY runs python, cwd is the repo."""
    env = {**os.environ, "NO_COLOR": "1", "PY": sys.executable}
    env.pop("VPCEGEN_DEBUG", None)
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@UNSHARE
def test_read_only_out_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    specs = write_estate(tmp_path / "specs", 3, "a")
    out = tmp_path / "out"
    assert generate(specs, out).returncode == 0
    before = tree(out)
    write_estate(tmp_path / "specs", 3, "b")
    script = (
        'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && '
        '"$PY" -m generator generate "$2" --out "$1"'
    )
    proc = _in_namespace(script, str(out), str(tmp_path / "specs"))
    assert proc.returncode == 2, proc.stderr
    assert "not writable" in proc.stderr and "Traceback" not in proc.stderr
    assert tree(out) == before


@UNSHARE
def test_full_disk_exits_2_and_leaves_every_module_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = tmp_path / "specs"
    write_estate(specs, 16, "a")
    expected = reference(specs, "a", monkeypatch)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    dump = (
        "import json, os, sys, hashlib\n"
        "out = sys.argv[1]\n"
        "snap = {}\n"
        "for root, dirs, files in os.walk(out):\n"
        "    for f in files:\n"
        "        p = os.path.join(root, f)\n"
        "        snap[os.path.relpath(p, out)] = hashlib.sha256(open(p, 'rb').read()).hexdigest()\n"
        "    for d in dirs:\n"
        "        snap[os.path.relpath(os.path.join(root, d), out)] = 'dir'\n"
        "print(json.dumps(snap))\n"
    )
    script = (
        'mount -t tmpfs -o size=160k tmpfs "$1" && '
        '"$PY" -m generator generate "$2" --out "$1/out"; echo "rc=$?" >&2; '
        '"$PY" -c "$3" "$1/out"'
    )
    proc = _in_namespace(script, str(mnt), str(specs), dump)
    assert "rc=2" in proc.stderr, proc.stderr
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    snap = json.loads(proc.stdout)
    modules = {k for k, v in snap.items() if v == "dir" and "/" not in k}
    assert not [m for m in modules if m.startswith(LEFTOVER_PREFIXES)], modules
    # The disk fills while the run stages its modules, before any is swapped in: every module
    # is as it was (here, not there yet), and the staged folders are gone.
    assert modules == set(), modules
    for module in modules:
        got = {k: v for k, v in snap.items() if k.startswith(module + "/")}
        want = {
            k: hashlib.sha256(v).hexdigest()
            for k, v in expected.items()
            if k.startswith(module + "/")
        }
        assert got == want, module


def test_failed_write_leaves_the_module_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process fault injection: an I/O error at every step of a module update."""
    out = tmp_path / "out"
    out.mkdir()
    old = {"main.tf": b"old\n", "gone.tf": b"stale\n"}
    new = {"main.tf": b"new\n", "added.tf": b"added\n"}
    assert write_module(out, "mod", old, "spec.yaml").status == "created"
    (out / "mod" / "notes.md").write_text("mine\n")
    before = tree(out)
    real_fsync = os.fsync
    failed_at = []
    for k in range(1, 50):
        calls = 0

        def failing_fsync(fd: int, k: int = k) -> None:
            nonlocal calls
            calls += 1
            if calls == k:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", failing_fsync)
        try:
            status = write_module(out, "mod", new, "spec.yaml").status
        except OutputError as exc:
            assert "No space left" in str(exc) and "'mod'" in str(exc)
            assert tree(out) == before and leftovers(out) == []
            failed_at.append(k)
            continue
        finally:
            monkeypatch.setattr(os, "fsync", real_fsync)
        assert status == "updated"
        break
    assert failed_at, "no fsync was made: the fault was never injected"
    assert (out / "mod" / "main.tf").read_bytes() == b"new\n"
    assert (out / "mod" / "notes.md").read_text() == "mine\n"
    assert not (out / "mod" / "gone.tf").exists()


def test_failed_swap_puts_the_old_module_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without renameat2: the second rename of the fallback swap fails."""
    out = tmp_path / "out"
    out.mkdir()
    assert write_module(out, "mod", {"main.tf": b"old\n"}, "spec.yaml").status == "created"
    before = tree(out)
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    real_rename = Path.rename

    def failing_rename(self: Path, target: str | Path) -> Path:
        if self.name.startswith(writer.TMP_PREFIX):
            raise OSError(errno.EIO, "Input/output error", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OutputError, match="Input/output error"):
        write_module(out, "mod", {"main.tf": b"new\n"}, "spec.yaml")
    assert tree(out) == before and leftovers(out) == []


# --- concurrent runs -----------------------------------------------------------------------------


def test_concurrent_runs_on_one_out_serialise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 10
    specs_a, specs_b = tmp_path / "a", tmp_path / "b"
    write_estate(specs_a, count, "a")
    write_estate(specs_b, count, "b")
    monkeypatch.chdir(ROOT)
    refs = {}
    for key, folder in (("a", specs_a), ("b", specs_b)):
        generate_paths([str(folder)], str(tmp_path / f"ref-{key}"))
        refs[key] = tree(tmp_path / f"ref-{key}")
    env = {**os.environ, "NO_COLOR": "1"}
    for round_ in range(3):
        out = tmp_path / f"out-{round_}"  # fresh: both runs race to create it
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "generator", "generate", str(f), "--out", str(out)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for f in (specs_a, specs_b)
        ]
        results = [p.communicate(timeout=120) for p in procs]
        for p, (_, err) in zip(procs, results, strict=True):
            assert p.returncode == 0, err
        assert leftovers(out) == []
        snap = tree(out)
        for i in range(count):
            module = f"mod-{i:02d}"
            got = {k: v for k, v in snap.items() if k.startswith(module + "/")}
            wants = [
                {k: v for k, v in ref.items() if k.startswith(module + "/")}
                for ref in refs.values()
            ]
            assert got in wants, f"round {round_}: {module} is a mix of two runs"


def test_a_run_waits_for_the_lock(tmp_path: Path) -> None:
    specs = write_estate(tmp_path / "specs", 2, "a")
    out = tmp_path / "out"
    out.mkdir()
    with locked(out):
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "generate", *map(str, specs), "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "generate finished while another run held the lock"
        assert sorted(p.name for p in out.iterdir()) == []
        notes = clean_leftovers(out)  # the lock holder may work meanwhile
        assert notes == []
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert (out / "mod-00" / MANIFEST).is_file() and (out / "mod-01" / MANIFEST).is_file()


def test_check_waits_for_a_writer_and_checks_share_the_lock(tmp_path: Path) -> None:
    specs = write_estate(tmp_path / "specs", 1, "a")
    out = tmp_path / "out"
    assert generate_paths([str(s) for s in specs], str(out)).validation.ok
    cmd = [sys.executable, "-m", "generator", "generate", *map(str, specs), "--out", str(out)]
    with locked(out, shared=True):  # another check: does not hold this one up
        done = subprocess.run([*cmd, "--check"], cwd=ROOT, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
    with locked(out):  # a writer: the check waits until it is done
        proc = subprocess.Popen(
            [*cmd, "--check"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "--check read --out while a writer held the lock"
    assert proc.wait(timeout=120) == 0
    assert sorted(p.name for p in out.iterdir()) == ["mod-00"]  # and no lock file
