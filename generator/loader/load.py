"""Find spec files, read them safely, and validate them into models."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from generator.diagnostics import Finding
from generator.loader.errors import validation_findings
from generator.loader.json_reader import read_json
from generator.loader.source import (
    MAX_FILE_BYTES,
    Document,
    ParseFailure,
    Path,
    SourceMap,
    decode_text,
    oversize_failure,
    rule_finding,
)
from generator.loader.yaml_reader import read_yaml
from generator.spec.models import Spec

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
SUPPORTED_VERSIONS = (1,)


class InputError(Exception):
    """A path that cannot be read at all (exit code 2)."""


if TYPE_CHECKING:
    from generator.resolve.model import ResolvedSpec


@dataclass
class PolicyFileResult:
    """A `policy: {file: ...}` document, read relative to its spec."""

    path: str
    data: Any
    document: Document | None
    relative: str = ""


@dataclass
class LoadedSpec:
    file: str
    source: SourceMap
    data: Any
    spec: Spec | None
    findings: list[Finding] = field(default_factory=list)
    policy_files: dict[Path, PolicyFileResult] = field(default_factory=dict)
    fs_path: FsPath | None = None
    resolved: ResolvedSpec | None = field(default=None, repr=False, compare=False)

    def summary(self) -> LoadedSpec:
        """What a run reads of a spec once it is checked and rendered: its findings, its
        validated model, the policy files it refers to and whether its top level names a
        `version` and `name`. The source map, the raw document and the parsed policy
        documents are left out (a worker sends this back to the parent)."""
        data = self.data
        if isinstance(data, dict):
            data = {key: data[key] for key in ("version", "name") if key in data}
        policies = {
            path: PolicyFileResult(result.path, None, None, result.relative)
            for path, result in self.policy_files.items()
        }
        return LoadedSpec(
            self.file, SourceMap(self.file), data, self.spec, self.findings, policies, self.fs_path
        )


def discover(paths: Sequence[str]) -> list[tuple[str, FsPath]]:
    """Spec files named by the user: files as given, folders walked recursively, sorted.

    Returns (display path, filesystem path) pairs. Raises InputError for a missing path.
    """
    found: list[tuple[str, FsPath]] = []
    seen: set[str] = set()
    for given in paths:
        fs = FsPath(given)
        try:
            mode = os.stat(fs).st_mode
        except (FileNotFoundError, NotADirectoryError):
            if os.path.islink(fs):
                raise InputError(f"{given}: is a symlink to a missing file") from None
            raise InputError(f"{given}: no such file or folder") from None
        except OSError as exc:
            raise InputError(f"{given}: cannot read ({exc.strerror or exc})") from None
        except ValueError:  # an embedded NUL character
            raise InputError(f"{given}: not a valid path") from None
        if stat.S_ISDIR(mode):
            batch: list[tuple[str, FsPath]] = []
            for root, dirs, files in os.walk(fs, onerror=_walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.endswith(SPEC_SUFFIXES) and not name.startswith("."):
                        full = FsPath(root) / name
                        batch.append((str(full), full))
            found.extend(sorted(batch))
        else:  # read_document refuses what is not a regular file
            found.append((given, fs))
    unique: list[tuple[str, FsPath]] = []
    for display, fs in found:
        key = _identity(fs)
        if key not in seen:
            seen.add(key)
            unique.append((display, fs))
    return unique


def _walk_error(exc: OSError) -> None:
    """A folder in the walk that cannot be listed: say so rather than skip its specs."""
    raise InputError(f"{exc.filename}: cannot read folder ({exc.strerror or exc})")


def _identity(fs: FsPath) -> str:
    """The real path of `fs`, for de-duplication; never raises (symlink loops included)."""
    try:
        return os.path.realpath(fs)
    except (OSError, ValueError, RuntimeError):
        return os.path.abspath(fs)


def _read_bounded(display: str, fs: FsPath) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES, read without blocking.

    FIFOs, sockets and devices (/dev/zero, /dev/stdin) are refused before any read, so a
    hostile path can neither hang the run nor fill memory; an oversized file is refused
    from its size, without reading it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(fs, flags)
    except IsADirectoryError:
        raise InputError(f"{display}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{display}: cannot read ({exc.strerror or exc})") from None
    except ValueError:
        raise InputError(f"{display}: not a valid path") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{display}: is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"{display}: is not a regular file (a pipe, socket or device); "
                "vpcegen reads spec files only"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise oversize_failure(display, info.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_FILE_BYTES:  # the file may grow while it is read
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise oversize_failure(display, total)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"{display}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_document(display: str, fs: FsPath) -> Document:
    """Read and parse one YAML/JSON file; ParseFailure for malformed content."""
    raw = _read_bounded(display, fs)
    text = decode_text(display, raw)
    if fs.suffix.lower() == ".json":
        return read_json(display, text)
    return read_yaml(display, text)


def load_spec(display: str, fs: FsPath, *, root: FsPath | None = None) -> LoadedSpec:
    """Load one spec; `root` (default: the working directory) is the folder besides the
    spec's own under which its policy files may live (the project root with a configuration)."""
    try:
        doc = read_document(display, fs)
    except ParseFailure as failure:
        return LoadedSpec(display, SourceMap(display), None, None, [failure.finding], fs_path=fs)
    return _validate_document(doc, fs, root)


def load_text(display: str, text: str, base_dir: FsPath | None = None) -> LoadedSpec:
    """Load a spec given as text (rule examples, tests); `display` names it in findings."""
    fs = (base_dir or FsPath.cwd()) / FsPath(display).name
    try:
        checked = decode_text(display, text.encode("utf-8"))
        reader = read_json if display.endswith(".json") else read_yaml
        doc = reader(display, checked)
    except ParseFailure as failure:
        return LoadedSpec(display, SourceMap(display), None, None, [failure.finding], fs_path=fs)
    return _validate_document(doc, fs)


def _validate_document(doc: Document, fs: FsPath, root: FsPath | None = None) -> LoadedSpec:
    display = doc.file
    loaded = LoadedSpec(display, doc.source, doc.data, None, list(doc.findings), fs_path=fs)
    if not isinstance(doc.data, dict):
        shown = "a list" if isinstance(doc.data, list) else "a single value"
        loaded.findings.append(
            rule_finding("SPEC003", doc.source.value(()), "not-mapping", actual=shown)
        )
        return loaded
    version = doc.data.get("version")
    if "version" in doc.data and version not in SUPPORTED_VERSIONS:
        loaded.findings.append(
            rule_finding(
                "SPEC006",
                doc.source.value(("version",)),
                version=version,
                supported=", ".join(map(str, SUPPORTED_VERSIONS)),
            )
        )
        return loaded
    try:
        loaded.spec = Spec.model_validate(doc.data)
    except ValidationError as exc:
        loaded.findings.extend(validation_findings(exc, doc.data, doc.source))
        return loaded
    _read_policy_files(loaded, fs, root)
    return loaded


def _policy_locations(data: dict[str, Any]) -> Iterable[Path]:
    for name, ep in (data.get("endpoints") or {}).items():
        if isinstance(ep, dict) and isinstance(ep.get("policy"), dict):
            yield ("endpoints", name, "policy")
    for kind, defaults in (data.get("defaults") or {}).items():
        if isinstance(defaults, dict) and isinstance(defaults.get("policy"), dict):
            yield ("defaults", kind, "policy")


def _outside_allowed_tree(spec: FsPath, ref: str, root: FsPath | None = None) -> str | None:
    """Why a policy path is refused: absolute, or resolving outside both the spec's folder and
    the project root (the working directory without a configuration): a spec from an untrusted
    change must not read other files."""
    if os.path.isabs(ref):
        return "is an absolute path"
    try:
        target = (spec.parent / ref).resolve()
        roots = (spec.parent.resolve(), (root or FsPath.cwd()).resolve())
    except (OSError, RuntimeError):  # a symlink loop: reading it reports the problem
        return None
    if not any(target == root or root in target.parents for root in roots):
        where = "the project root" if root else "the working directory"
        return f"resolves outside the spec's folder and {where}"
    return None


def _read_policy_files(loaded: LoadedSpec, fs: FsPath, root: FsPath | None = None) -> None:
    for path in _policy_locations(loaded.data):
        policy = loaded.data
        for elem in path:
            policy = policy[elem]
        ref = policy.get("file")
        if not isinstance(ref, str):
            continue
        target = fs.parent / ref
        display = os.path.normpath(os.path.join(os.path.dirname(loaded.file), ref))
        span = loaded.source.value((*path, "file"))
        outside = _outside_allowed_tree(fs, ref, root)
        if outside:
            loaded.findings.append(
                rule_finding("POL001", span, "file-outside", file=ref, why=outside)
            )
            continue
        if not os.path.lexists(target):  # `display`: the path as the user would type it
            loaded.findings.append(
                rule_finding("POL001", span, "file-missing", file=ref, looked=display)
            )
            continue
        try:
            doc = read_document(display, target)
        except InputError as exc:
            reason = str(exc).split(": ", 1)[-1]
            loaded.findings.append(
                rule_finding("POL001", span, "file-unreadable", file=ref, reason=reason)
            )
            continue
        except ParseFailure as failure:
            loaded.findings.append(failure.finding)
            where = str(failure.finding.span)
            loaded.findings.append(
                rule_finding("POL001", span, "file-not-data", file=ref, location=where)
            )
            continue
        loaded.findings.extend(doc.findings)
        loaded.policy_files[path] = PolicyFileResult(display, doc.data, doc, ref)
