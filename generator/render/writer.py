"""Write modules safely: atomic folder swaps, a manifest of what vpcegen wrote, a run lock.

- Each module is built in a temporary folder beside it (`stage_module`), made durable, and
  swapped in with one rename (Linux `renameat2(RENAME_EXCHANGE)` where available), so an
  interrupted run leaves every module wholly old or wholly new; the next run removes leftovers.
  A run stages all its modules first and makes them durable together (`commit_modules`: one
  syncfs for many modules), so a failure before the first swap changes nothing.
- `.vpcegen-manifest.json` records a SHA-256 per generated file. A file whose content no longer
  matches was edited by hand: generate refuses to overwrite it unless --force.
- Files vpcegen did not write stay untouched (hard-linked into the new folder, same inode);
  a module folder that is a symlink is never written through.
- Concurrent runs on one --out are serialised by an flock on the --out folder itself
  (exclusive to write, shared to --check), so no lock file is left for git to pick up.
- Module folders no spec produces any more (orphans) are reported; `prune_module` removes one
  only when it holds nothing but the files its manifest lists, unedited.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import difflib
import errno
import fcntl
import functools
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".vpcegen-manifest.json"
LEGACY_LOCK = ".vpcegen.lock"  # the lock file of vpcegen 0.1; removed when found
TMP_PREFIX = ".vpcegen-tmp-"
OLD_PREFIX = ".vpcegen-old-"


class OutputError(Exception):
    """The output folder cannot be used (exit code 2)."""


@dataclass
class ModuleResult:
    name: str
    status: str  # created | updated | unchanged | blocked | differs | orphan | pruned
    messages: list[str] = field(default_factory=list)
    diff: str = ""
    files: list[str] = field(default_factory=list)  # differs: the files that differ
    edited: list[str] = field(default_factory=list)  # generated files edited by hand
    spec: str = ""  # the spec the module comes from (an orphan: the one its manifest names)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(spec_path: str, files: Mapping[str, bytes]) -> bytes:
    doc = {
        "generator": "vpcegen",
        "spec": spec_path,
        "files": {name: sha256(files[name]) for name in sorted(files)},
    }
    return (json.dumps(doc, indent=2) + "\n").encode("utf-8")


def _read_manifest(folder: Path) -> dict[str, str] | None:
    doc = _read_manifest_doc(folder)
    return None if doc is None else doc[1]


def _read_manifest_doc(folder: Path) -> tuple[str, dict[str, str]] | None:
    """(spec path, file name -> SHA-256) of a module's manifest; None when absent or broken."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        files = doc["files"]
        spec = doc.get("spec", "")
        if (
            isinstance(files, dict)
            and all(isinstance(v, str) for v in files.values())
            and isinstance(spec, str)
        ):
            return spec, {str(k): v for k, v in files.items() if _safe_name(str(k))}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return None


def _safe_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def _read_file(path: Path) -> bytes | None:
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


# --- output folder and lock ---------------------------------------------------------------


def prepare_out(out: Path) -> None:
    """Create --out if its parent exists; refuse a missing parent or an unwritable folder."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    if not out.exists():
        if not out.parent.is_dir():
            raise OutputError(f"{out}: parent folder {out.parent} does not exist")
        try:
            out.mkdir()
        except FileExistsError:  # a concurrent run created it first
            if not out.is_dir():
                raise OutputError(f"{out}: exists and is not a folder") from None
        except OSError as exc:
            raise OutputError(f"{out}: cannot create ({exc.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: folder is not writable")


@contextlib.contextmanager
def locked(out: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold a lock on --out for the whole run: exclusive to write, shared to --check (so a
    check never reads a module in the middle of another run's swap).

    The lock is an flock on the folder itself: nothing is created, so nothing is left for git
    to pick up, and a read-only checkout can still be checked. Module swaps rename entries
    inside --out, never --out itself, so every run locks the same inode.
    """
    try:
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise OutputError(f"{out}: cannot open the folder to lock it ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def clean_leftovers(out: Path) -> list[str]:
    """Remove temporary folders of interrupted runs; restore a module a crash left aside."""
    try:
        return _clean_leftovers(out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot clean up an interrupted run ({exc.strerror})") from None


def _clean_leftovers(out: Path) -> list[str]:
    notes: list[str] = []
    legacy = out / LEGACY_LOCK
    if not legacy.is_symlink() and legacy.is_file():  # a symlink is never followed or removed
        legacy.unlink()
        notes.append(f"removed {LEGACY_LOCK} (vpcegen no longer leaves a lock file)")
    for entry in sorted(out.iterdir()):
        name = entry.name
        if entry.is_symlink() or not entry.is_dir():
            continue
        if name.startswith(TMP_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
            notes.append(f"removed leftover {name}")
        elif name.startswith(OLD_PREFIX):
            module = name[len(OLD_PREFIX) :].rsplit("-", 1)[0]
            target = out / module
            if _safe_name(module) and not os.path.lexists(target):
                entry.rename(target)
                notes.append(f"restored {module} from an interrupted run")
            else:
                shutil.rmtree(entry, ignore_errors=True)
                notes.append(f"removed leftover {name}")
    return notes


# --- comparing ---------------------------------------------------------------------------


def _unified(name: str, module: str, old: bytes | None, new: bytes | None, prefix: str) -> str:
    def lines(data: bytes | None) -> list[str]:
        if data is None:
            return []
        return data.decode("utf-8", errors="replace").splitlines(keepends=True)

    where = f"{prefix}/{module}/{name}" if prefix else f"{module}/{name}"
    a = f"a/{where}" if old is not None else "/dev/null"
    b = f"b/{where}" if new is not None else "/dev/null"
    out = "".join(difflib.unified_diff(lines(old), lines(new), a, b))
    if out and not out.endswith("\n"):
        out += "\n\\ No newline at end of file\n"
    return out


def _diff_order(fname: str) -> tuple[bool, str]:
    """Generated files first, by name; the manifest (hashes of the others) last."""
    return (fname == MANIFEST, fname)


def check_module(
    out: Path,
    name: str,
    files: Mapping[str, bytes],
    spec_path: str,
    *,
    diff_prefix: str = "",
) -> ModuleResult:
    """--check: compare what generate would write with the folder; write nothing.

    `diff_prefix` is --out as the diff names it (`modules` gives `a/modules/<name>/main.tf`).
    """
    folder = out / name
    wanted = {**files, MANIFEST: manifest_bytes(spec_path, files)}
    refused = _refuse_folder(out, name)
    if refused:
        return ModuleResult(name, "blocked", [refused], spec=spec_path)
    previous = _read_manifest(folder) or {}
    diffs: list[str] = []
    differing: list[str] = []
    edited: list[str] = []
    messages: list[str] = []
    for fname in sorted(set(wanted) | set(previous), key=_diff_order):
        current = _read_file(folder / fname) if folder.is_dir() else None
        new = wanted.get(fname)
        if current != new:
            differing.append(fname)
            diffs.append(_unified(fname, name, current, new, diff_prefix))
            if current is not None and fname in previous and sha256(current) != previous[fname]:
                edited.append(fname)
                messages.append(
                    f"{folder / fname}: was edited by hand; generate will refuse to overwrite "
                    "it without --force"
                )
    if diffs:
        messages.insert(0, f"{name}: differs from its spec")
        return ModuleResult(
            name, "differs", messages, "".join(diffs), differing, edited, spec=spec_path
        )
    return ModuleResult(name, "unchanged", spec=spec_path)


# --- orphans -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """A module folder in --out that holds a vpcegen manifest."""

    name: str
    spec: str  # the spec path its manifest names


def generated_modules(out: Path) -> list[Generated]:
    """Every folder of --out that vpcegen wrote (a readable manifest), sorted by name."""
    if not out.is_dir():
        return []
    found: list[Generated] = []
    try:
        entries = sorted(out.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise OutputError(f"{out}: cannot list the folder ({exc.strerror})") from None
    for entry in entries:
        if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
            continue
        doc = _read_manifest_doc(entry)
        if doc is not None:
            found.append(Generated(entry.name, doc[0]))
    return found


def prune_module(out: Path, name: str, *, force: bool = False) -> ModuleResult:
    """Remove an orphaned module folder, or say why it stays.

    Only a folder that holds nothing but its manifest and the files the manifest lists,
    each unchanged since vpcegen wrote it (or edited, with --force), is removed. The folder is
    first renamed to a temporary name (one atomic step: a crash leaves a leftover the next run
    removes, never half a module).
    """
    try:
        return _prune_module(out, name, force=force)
    except OSError as exc:
        raise OutputError(
            f"{exc.filename or out / name}: cannot remove orphaned module '{name}' "
            f"({exc.strerror or exc})"
        ) from None


def _prune_module(out: Path, name: str, *, force: bool) -> ModuleResult:
    folder = out / name
    refused = _refuse_folder(out, name)
    doc = None if refused else _read_manifest_doc(folder)
    if refused or doc is None or not folder.is_dir():
        return ModuleResult(name, "blocked", [refused or f"{folder}: no vpcegen manifest; kept"])
    spec, listed = doc
    theirs = sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name != MANIFEST
        and (entry.name not in listed or entry.is_symlink() or not entry.is_file())
    )
    if theirs:
        return ModuleResult(
            name,
            "blocked",
            [
                f"{folder}: not removed: holds files vpcegen did not write "
                f"({', '.join(theirs)}); remove the folder yourself"
            ],
            spec=spec,
        )
    edited = sorted(
        fname
        for fname, digest in listed.items()
        if (data := _read_file(folder / fname)) is not None and sha256(data) != digest
    )
    if edited and not force:
        return ModuleResult(
            name,
            "blocked",
            [
                f"{folder / f}: was edited by hand; not removed (rerun with --force to remove "
                "it anyway)"
                for f in edited
            ],
            edited=edited,
            spec=spec,
        )
    aside = out / f"{TMP_PREFIX}{name}-{secrets.token_hex(4)}"
    folder.rename(aside)
    _fsync_dir(out)
    shutil.rmtree(aside, ignore_errors=True)
    return ModuleResult(name, "pruned", [f"{folder}: removed (no spec produces it)"], spec=spec)


def _refuse_folder(out: Path, name: str) -> str | None:
    """Why the module folder `out/name` must not be written (or compared), or None."""
    folder = out / name
    if not _safe_name(name) or name.startswith("."):
        return f"{folder}: module name is not a plain folder name; nothing written"
    if folder.is_symlink():
        return f"{folder}: is a symlink; vpcegen never writes through it"
    if folder.exists() and not folder.is_dir():
        return f"{folder}: exists and is not a folder"
    return None


# --- writing -----------------------------------------------------------------------------


def _link_tree(src: Path, dst: Path) -> None:
    """Recreate `src` at `dst` sharing file inodes (no data is copied or changed).

    Folders are recreated (a folder cannot be hard-linked); moving them instead would leave a
    user's folder only in the temporary copy, which a crash would have cleaned away.
    """
    if src.is_symlink():
        try:  # Linux links the symlink itself: same inode
            os.link(src, dst, follow_symlinks=False)
        except OSError:
            os.symlink(os.readlink(src), dst)
    elif src.is_dir():
        dst.mkdir()
        shutil.copystat(src, dst)
        for child in sorted(src.iterdir()):
            _link_tree(child, dst / child.name)
    else:
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError:
            shutil.copy2(src, dst, follow_symlinks=False)


_RENAME_EXCHANGE = 2


@functools.cache
def _libc() -> Any:
    """The C library, or None (looked up once: find_library may run ldconfig)."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return None
    try:
        return ctypes.CDLL(libc_name, use_errno=True)
    except OSError:
        return None


@functools.cache
def _renameat2() -> Any:
    """libc's renameat2, or None."""
    libc = _libc()
    return getattr(libc, "renameat2", None) if libc is not None else None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd = -100
    res = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def _fsync(path: Path, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync(path, os.O_RDONLY | os.O_DIRECTORY)


def write_module(
    out: Path, name: str, files: Mapping[str, bytes], spec_path: str, *, force: bool = False
) -> ModuleResult:
    """Swap in the new module folder (or report why not); OutputError when writing fails."""
    staged = stage_module(out, name, files, spec_path, force=force)
    if isinstance(staged, ModuleResult):
        return staged
    return commit_modules(out, [staged])[0]


@dataclass(frozen=True)
class Staged:
    """A module's new folder, written beside the module and not yet swapped in."""

    name: str
    tmp: Path
    existed: bool


def stage_module(
    out: Path, name: str, files: Mapping[str, bytes], spec_path: str, *, force: bool = False
) -> ModuleResult | Staged:
    """Write the module's new folder beside it, or say why not (blocked, unchanged).

    Nothing the user sees changes until `commit_modules`; `discard` removes staged folders.
    OutputError when writing fails (the staged folder is removed).
    """
    try:
        return _stage_module(out, name, files, spec_path, force=force)
    except OSError as exc:
        where = exc.filename or (out / name)
        raise OutputError(
            f"{where}: cannot write module '{name}' ({exc.strerror or exc}); "
            "the module folder was left as it was"
        ) from None


def _stage_module(
    out: Path, name: str, files: Mapping[str, bytes], spec_path: str, *, force: bool
) -> ModuleResult | Staged:
    folder = out / name
    manifest = manifest_bytes(spec_path, files)
    wanted = {**files, MANIFEST: manifest}
    refused = _refuse_folder(out, name)
    if refused:
        return ModuleResult(name, "blocked", [refused])
    unsafe = sorted(f for f in files if not _safe_name(f) or f == MANIFEST)
    if unsafe:  # a renderer bug; never write outside the module folder
        return ModuleResult(name, "blocked", [f"{folder}: refusing to write {unsafe[0]!r}"])

    user_entries: list[str] = []
    if folder.is_dir():
        previous = _read_manifest(folder)
        ours = set(previous or {}) | ({MANIFEST} if previous is not None else set())
        blocked: list[str] = []
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            # only a regular file can be ours: a folder or symlink the user put in place of
            # a generated file is theirs and is kept (or blocks the run)
            if entry.name in ours and entry.is_file() and not entry.is_symlink():
                continue
            if entry.name in wanted:
                blocked.append(
                    f"{folder / entry.name}: exists and was not generated by vpcegen; "
                    "move it away (vpcegen never overwrites files it did not write)"
                )
            else:
                user_entries.append(entry.name)
        for fname, digest in sorted((previous or {}).items()):
            current = _read_file(folder / fname)
            if current is not None and sha256(current) != digest and not force:
                blocked.append(
                    f"{folder / fname}: was edited by hand; put the change in the spec, or "
                    "rerun with --force to overwrite it"
                )
        if blocked:
            return ModuleResult(name, "blocked", blocked)
        unchanged = all(_read_file(folder / f) == data for f, data in wanted.items()) and set(
            previous or {}
        ) <= set(files)
        if unchanged:
            return ModuleResult(name, "unchanged")

    tmp = out / f"{TMP_PREFIX}{name}-{secrets.token_hex(4)}"
    tmp.mkdir()
    try:
        for user_name in user_entries:
            _link_tree(folder / user_name, tmp / user_name)
        for fname in sorted(wanted):
            with open(tmp / fname, "wb") as fh:
                fh.write(wanted[fname])
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Staged(name, tmp, folder.exists())


def discard(staged: Iterable[Staged]) -> None:
    """Remove staged folders that will not be swapped in."""
    for st in staged:
        shutil.rmtree(st.tmp, ignore_errors=True)


# A run that stages this many modules makes them durable with one syncfs(2) of the file
# system instead of an fsync(2) per file and folder (5,500 fsyncs for 500 modules took two of
# the nine seconds of a generate: bench/RESULTS.md). Fewer: fsync each, as always.
SYNCFS_FROM = 8


def commit_modules(out: Path, staged: Sequence[Staged]) -> list[ModuleResult]:
    """Make every staged folder durable, then swap each into place.

    Each swap is one rename (or an atomic exchange), made only after the new folder's data is
    on disk, so a crash at any point leaves every module wholly old or wholly new (the next run
    removes leftovers). OutputError when a step fails: modules swapped so far are new (the
    message names them), the others are as they were. Staged folders not swapped are removed.
    """
    results: list[ModuleResult] = []
    pending = list(staged)
    try:
        _make_durable(out, pending)
        while pending:
            st = pending[0]
            try:
                _swap(out, st)
            except OSError as exc:
                done = [f"{r.name}: {r.status}" for r in results]
                raise OutputError(
                    f"{exc.filename or out / st.name}: cannot write module '{st.name}' "
                    f"({exc.strerror or exc}); the module folder was left as it was"
                    + (f" (already written in this run: {', '.join(done)})" if done else "")
                ) from None
            pending.pop(0)
            results.append(ModuleResult(st.name, "updated" if st.existed else "created"))
        _fsync_dir(out)
    except OSError as exc:  # making the staged folders durable failed: nothing was swapped
        raise OutputError(
            f"{exc.filename or out}: cannot write module(s) "
            f"{', '.join(repr(s.name) for s in staged)} ({exc.strerror or exc}); "
            "the module folders were left as they were"
        ) from None
    finally:
        discard(pending)
    return results


def _make_durable(out: Path, staged: Sequence[Staged]) -> None:
    if len(staged) >= SYNCFS_FROM and _syncfs(out):
        return
    for st in staged:
        for path in sorted(st.tmp.iterdir()):
            if path.is_file() and not path.is_symlink():
                _fsync(path)
        _fsync_dir(st.tmp)


@functools.cache
def _libc_syncfs() -> Any:
    libc = _libc()
    return getattr(libc, "syncfs", None) if libc is not None else None


def _syncfs(out: Path) -> bool:
    """syncfs(2) on the file system holding `out` (Linux): every file written there is on
    disk when it returns. False where unavailable; OSError when it fails."""
    syncfs = _libc_syncfs()
    if syncfs is None:
        return False
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if syncfs(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), str(out))
    finally:
        os.close(fd)
    return True


def _swap(out: Path, st: Staged) -> None:
    folder = out / st.name
    if not st.existed:
        st.tmp.rename(folder)
    elif _exchange(st.tmp, folder):
        # tmp now holds the old version (a leftover is removed by the next run)
        shutil.rmtree(st.tmp, ignore_errors=True)
    else:
        aside = out / f"{OLD_PREFIX}{st.name}-{secrets.token_hex(4)}"
        folder.rename(aside)
        try:
            st.tmp.rename(folder)
        except BaseException:
            aside.rename(folder)  # put the old version back
            raise
        shutil.rmtree(aside, ignore_errors=True)
