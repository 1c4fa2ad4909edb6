"""The library entry points: load -> check -> render. Returns values and findings; never prints."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Finding, Severity, has_errors, sort_findings
from generator.loader.load import LoadedSpec, discover, load_spec
from generator.rules.engine import check_specs

if TYPE_CHECKING:
    from generator.render.writer import ModuleResult


@dataclass
class ValidationResult:
    specs: list[LoadedSpec]
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def validate_paths(paths: Sequence[str]) -> ValidationResult:
    """Load and check every spec under `paths`. Raises InputError for unreadable paths."""
    files = discover(paths)
    loaded = [load_spec(display, fs) for display, fs in files]
    loaded = _drop_policy_files(loaded, {str(p) for p in paths})
    check_specs(loaded)
    findings = sort_findings(f for ls in loaded for f in ls.findings)
    return ValidationResult(loaded, findings)


def _drop_policy_files(loaded: list[LoadedSpec], given: set[str]) -> list[LoadedSpec]:
    """A folder walk also finds the policy documents specs refer to; they are not specs."""
    referenced: set[Path] = set()
    for ls in loaded:
        if ls.fs_path is None:
            continue
        for result in ls.policy_files.values():
            referenced.add((ls.fs_path.parent / result.relative).resolve())
    return [
        ls
        for ls in loaded
        if ls.file in given or ls.fs_path is None or ls.fs_path.resolve() not in referenced
    ]


def render_spec(loaded: LoadedSpec, spec_path: str) -> dict[str, bytes]:
    """The files of the module of one valid spec (file name -> content), in memory."""
    from generator.render.module import render_module
    from generator.resolve import resolve
    from generator.rules.catalog import plan_guards

    return render_module(resolve(loaded), spec_path, plan_guards())


@dataclass
class GenerateResult:
    validation: ValidationResult
    modules: list[ModuleResult]
    messages: list[str]
    diff: str = ""

    @property
    def blocked(self) -> bool:
        return any(m.status == "blocked" for m in self.modules)

    @property
    def changed(self) -> bool:
        return any(m.status == "differs" for m in self.modules)


def spec_display_path(loaded: LoadedSpec) -> str:
    """The spec's path relative to the working directory, with '/' separators."""
    fs = loaded.fs_path
    if fs is None:
        return loaded.file
    try:
        rel = os.path.relpath(fs.resolve(), Path.cwd().resolve())
    except ValueError:  # another drive (Windows)
        rel = fs.name
    return Path(rel).as_posix()


def generate_paths(
    paths: Sequence[str],
    out: str,
    *,
    check: bool = False,
    force: bool = False,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateResult:
    """Validate, render every module in memory, then write (or compare) them."""
    from generator.render.module import render_module
    from generator.render.writer import (
        LOCK,
        OutputError,
        check_module,
        clean_leftovers,
        locked,
        prepare_out,
        write_module,
    )
    from generator.resolve import resolve
    from generator.rules.catalog import plan_guards

    validation = validate_paths(paths)
    failing = not validation.ok or (
        strict and any(f.severity is Severity.WARNING for f in validation.findings)
    )
    if failing or not validation.specs:
        note = "nothing written: fix the errors above first" if failing else ""
        return GenerateResult(validation, [], [note] if note and not check else [])

    guards = plan_guards()

    def rendered_modules() -> Iterator[tuple[str, dict[str, bytes], str]]:
        # One module in memory at a time: every spec already validated without errors.
        for ls in validation.specs:
            assert ls.spec is not None
            spec_path = spec_display_path(ls)
            yield ls.spec.name, render_module(resolve(ls), spec_path, guards), spec_path

    rendered = rendered_modules()
    out_dir = Path(out)
    results: list[ModuleResult] = []
    total = len(validation.specs)
    if check:
        lock = (
            locked(out_dir, shared=True)
            if (out_dir / LOCK).is_file() and os.access(out_dir / LOCK, os.W_OK)
            else contextlib.nullcontext()
        )
        with lock:
            for i, (name, files, spec_path) in enumerate(rendered, start=1):
                results.append(check_module(out_dir, name, files, spec_path))
                if progress:
                    progress(i, total)
        diff = "".join(r.diff for r in results)
        messages = [m for r in results for m in r.messages]
        return GenerateResult(validation, results, messages, diff)
    prepare_out(out_dir)
    with locked(out_dir):
        messages = clean_leftovers(out_dir)
        for i, (name, files, spec_path) in enumerate(rendered, start=1):
            try:
                results.append(write_module(out_dir, name, files, spec_path, force=force))
            except OutputError as exc:
                # Say what this run already wrote before the failure, then stop (exit 2).
                done = [f"{r.name}: {r.status}" for r in results if r.status != "unchanged"]
                raise OutputError(
                    f"{exc}"
                    + (f" (already written in this run: {', '.join(done)})" if done else "")
                ) from None
            if progress:
                progress(i, total)
    for r in results:
        messages.extend(r.messages)
    counts = {
        s: sum(1 for r in results if r.status == s)
        for s in ("created", "updated", "unchanged", "blocked")
    }
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    messages.append(f"{out_dir}: {summary}")
    return GenerateResult(validation, results, messages)
