"""The library entry points: load -> check -> render. Returns values and findings; never prints."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Finding, Severity, has_errors, sort_findings
from generator.loader.load import LoadedSpec, discover, load_spec
from generator.rules.engine import check_specs

if TYPE_CHECKING:
    from generator.config import Config
    from generator.render.writer import ModuleResult
    from generator.rules.base import Rule


class NoSpecsError(Exception):
    """Nothing to check: no paths and no configured specs, or no spec among them (exit 2)."""


@dataclass(frozen=True)
class Skipped:
    """A file the run was given that is not a spec, and why."""

    file: str
    reason: str


@dataclass
class ValidationResult:
    specs: list[LoadedSpec]
    findings: list[Finding]
    skipped: list[Skipped] = field(default_factory=list)
    root: Path | None = None  # the project root when a configuration applies

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def validate_paths(
    paths: Sequence[str],
    *,
    config: Config | None = None,
    only_specs: bool = False,
) -> ValidationResult:
    """Load and check every spec under `paths`. Raises InputError for unreadable paths.

    With no paths, the configuration's `specs` are checked (NoSpecsError without one). A
    configuration also brings its per-rule severities and ignores. `only_specs` (the pre-commit
    hook) treats `paths` as candidates and skips those that are not specs: outside the
    configured `specs`, or, without them, files whose top level lacks `version` and `name`.
    A policy document that a spec of the run refers to is never checked as a spec.
    """
    files, skipped = _spec_files(paths, config, only_specs)
    root = config.root if config else None
    loaded = [load_spec(display, fs, root=root) for display, fs in files]
    if only_specs and (config is None or not config.specs):
        loaded, not_specs = _recognised(loaded)
        skipped.extend(not_specs)
    loaded, policies = _drop_policy_files(loaded)
    given = set(paths)
    skipped.extend(s for s in policies if s.file in given)
    check_specs(loaded, _rules(config))
    kept = [g for ls in loaded for f in ls.findings if (g := _configured(f, config)) is not None]
    return ValidationResult(loaded, sort_findings(kept), skipped, root)


def _spec_files(
    paths: Sequence[str], config: Config | None, only_specs: bool
) -> tuple[list[tuple[str, Path]], list[Skipped]]:
    from generator.config import matches, spec_files

    if not paths:
        if config is None:
            raise NoSpecsError(
                "no paths given and no configuration found ([tool.vpcegen] in pyproject.toml, "
                "or vpcegen.toml, in this folder or above)"
            )
        if not config.specs:
            raise NoSpecsError(f"{config.where}: no paths given and no 'specs' configured")
        return spec_files(config), []
    files = discover(paths)
    if not (only_specs and config is not None and config.specs):
        return files, []  # without configured specs, the hook goes by content
    kept = [(display, fs) for display, fs in files if matches(config, fs)]
    skipped = [
        Skipped(display, f"not one of the specs configured in {config.file.name}")
        for display, fs in files
        if not matches(config, fs)
    ]
    return kept, skipped


def _recognised(loaded: list[LoadedSpec]) -> tuple[list[LoadedSpec], list[Skipped]]:
    """Without a configuration, what makes a file given to the hook a spec: a top-level
    mapping with `version` and `name`. A file that cannot be parsed is kept (it may be a
    broken spec, and its error says where); an empty file is not a spec."""
    kept: list[LoadedSpec] = []
    skipped: list[Skipped] = []
    for ls in loaded:
        data = ls.data
        if isinstance(data, dict):
            spec = "version" in data and "name" in data
        elif data is None:  # did not parse, or empty (a null document is no spec either)
            spec = bool(ls.findings) and not _blank(ls.fs_path)
        else:
            spec = False
        if spec:
            kept.append(ls)
        else:
            skipped.append(Skipped(ls.file, "not a spec (no top-level 'version' and 'name')"))
    return kept, skipped


def _blank(path: Path | None) -> bool:
    """An empty file, or one of white space only (it was readable: the loader read it)."""
    try:
        return path is not None and not path.read_bytes().strip()
    except OSError:
        return False


def _drop_policy_files(loaded: list[LoadedSpec]) -> tuple[list[LoadedSpec], list[Skipped]]:
    """A folder walk (or a hook given every JSON file) also finds the policy documents specs
    refer to; they are not specs."""
    referenced: dict[Path, str] = {}
    for ls in loaded:
        if ls.fs_path is None:
            continue
        for result in ls.policy_files.values():
            referenced.setdefault((ls.fs_path.parent / result.relative).resolve(), ls.file)
    kept: list[LoadedSpec] = []
    skipped: list[Skipped] = []
    for ls in loaded:
        owner = referenced.get(ls.fs_path.resolve()) if ls.fs_path is not None else None
        if owner is None:
            kept.append(ls)
        else:
            skipped.append(Skipped(ls.file, f"a policy document of {owner}, not a spec"))
    return kept, skipped


def _rules(config: Config | None) -> Sequence[Rule]:
    """The catalog, with this project's severities: a raised rule's findings are errors, so a
    spec's `suppress` cannot hide them either."""
    from generator.rules.catalog import RULES

    if config is None or not config.severity:
        return RULES
    return [
        dataclasses.replace(r, severity=config.severity[r.id]) if r.id in config.severity else r
        for r in RULES
    ]


def _configured(finding: Finding, config: Config | None) -> Finding | None:
    """A finding after the project's ignores and severities; errors pass unchanged."""
    if config is None or finding.severity is Severity.ERROR:
        return finding
    if finding.rule_id in config.ignore:
        return None
    wanted = config.severity.get(finding.rule_id)
    if wanted is not None and wanted is not finding.severity:
        return dataclasses.replace(finding, severity=wanted)
    return finding


# --- generate ----------------------------------------------------------------------------------


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
    out: Path | None = None
    orphans: list[ModuleResult] = field(default_factory=list)  # orphan, pruned or blocked

    @property
    def blocked(self) -> bool:
        return any(m.status == "blocked" for m in [*self.modules, *self.orphans])

    @property
    def changed(self) -> bool:
        return any(m.status == "differs" for m in self.modules)

    @property
    def orphaned(self) -> bool:
        return any(m.status == "orphan" for m in self.orphans)

    @property
    def edited(self) -> bool:
        return any(m.edited for m in [*self.modules, *self.orphans])


def spec_display_path(loaded: LoadedSpec, root: Path | None = None) -> str:
    """The spec's path relative to `root` (the project root with a configuration, else the
    working directory), with '/' separators. Generated headers and manifests name it."""
    fs = loaded.fs_path
    if fs is None:
        return loaded.file
    try:
        rel = os.path.relpath(fs.resolve(), (root or Path.cwd()).resolve())
    except ValueError:  # another drive (Windows)
        rel = fs.name
    return Path(rel).as_posix()


def repository_root(path: Path) -> Path | None:
    """The work tree holding `path` (a folder with `.git`), found without running git."""
    here = path.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def diff_prefix(out: Path) -> str:
    """--out as `git diff` names it: relative to the repository's top folder (the working
    directory outside a repository); an --out outside both is named by its absolute path."""
    target = out.resolve()
    base = repository_root(target) or Path.cwd().resolve()
    try:
        return target.relative_to(base).as_posix().removeprefix(".")
    except ValueError:
        return target.as_posix().lstrip("/")


def generate_paths(
    paths: Sequence[str],
    out: str,
    *,
    check: bool = False,
    force: bool = False,
    strict: bool = False,
    prune: bool = False,
    config: Config | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateResult:
    """Validate, render every module in memory, then write (or compare) them.

    Module folders of `out` that no spec produces any more are orphans: --check reports them,
    `prune` removes them (see `_orphans` for when a folder counts as one).
    """
    from generator.render.module import render_module
    from generator.render.writer import (
        OutputError,
        check_module,
        clean_leftovers,
        locked,
        prepare_out,
        prune_module,
        write_module,
    )
    from generator.resolve import resolve
    from generator.rules.catalog import plan_guards

    validation = validate_paths(paths, config=config)
    out_dir = Path(out)
    failing = not validation.ok or (
        strict and any(f.severity is Severity.WARNING for f in validation.findings)
    )
    if failing or not validation.specs:
        note = "nothing written: fix the errors above first" if failing else ""
        return GenerateResult(validation, [], [note] if note and not check else [], out=out_dir)

    root = config.root if config else None
    spec_paths = {id(ls): spec_display_path(ls, root) for ls in validation.specs}

    guards = plan_guards()

    def rendered_modules() -> Iterator[tuple[str, dict[str, bytes], str]]:
        # One module in memory at a time: every spec already validated without errors.
        for ls in validation.specs:
            assert ls.spec is not None
            spec_path = spec_paths[id(ls)]
            files = render_module(resolve(ls), spec_path, guards)
            ls.resolved = None  # one module in memory at a time (see rules.engine)
            yield ls.spec.name, files, spec_path

    produced = {ls.spec.name: spec_paths[id(ls)] for ls in validation.specs if ls.spec}
    complete = not paths  # the configured specs: the whole project
    rendered = rendered_modules()
    results: list[ModuleResult] = []
    total = len(validation.specs)
    if check:
        prefix = diff_prefix(out_dir)
        lock = locked(out_dir, shared=True) if out_dir.is_dir() else contextlib.nullcontext()
        with lock:
            for i, (name, files, spec_path) in enumerate(rendered, start=1):
                results.append(check_module(out_dir, name, files, spec_path, diff_prefix=prefix))
                if progress:
                    progress(i, total)
            orphans = _orphans(out_dir, produced, complete, root)
        diff = "".join(r.diff for r in results)
        messages = [m for r in [*results, *orphans] for m in r.messages]
        return GenerateResult(validation, results, messages, diff, out_dir, orphans)
    prepare_out(out_dir)
    with locked(out_dir):
        messages = clean_leftovers(out_dir)
        for i, (name, files, spec_path) in enumerate(rendered, start=1):
            try:
                result = write_module(out_dir, name, files, spec_path, force=force)
            except OutputError as exc:
                # Say what this run already wrote before the failure, then stop (exit 2).
                done = [f"{r.name}: {r.status}" for r in results if r.status != "unchanged"]
                raise OutputError(
                    f"{exc}"
                    + (f" (already written in this run: {', '.join(done)})" if done else "")
                ) from None
            result.spec = spec_path
            results.append(result)
            if progress:
                progress(i, total)
        orphans = _orphans(out_dir, produced, complete, root)
        if prune:
            orphans = [prune_module(out_dir, o.name, force=force) for o in orphans]
    for r in [*results, *orphans]:
        messages.extend(r.messages)
    counts = {
        s: sum(1 for r in [*results, *orphans] if r.status == s)
        for s in ("created", "updated", "unchanged", "blocked", "pruned", "orphan")
    }
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    messages.append(f"{out_dir}: {summary}")
    return GenerateResult(validation, results, messages, out=out_dir, orphans=orphans)


def _orphans(
    out: Path, produced: dict[str, str], complete: bool, root: Path | None
) -> list[ModuleResult]:
    """Module folders vpcegen wrote that no spec of this run produces, and that no spec will:

    - with the configured specs (the whole project), every such folder;
    - with paths on the command line (perhaps a few specs of many), only a folder whose
      manifest names a spec of this run (renamed since) or a spec that no longer exists.
    """
    from generator.render.writer import ModuleResult, generated_modules

    run_specs = set(produced.values())
    bases = [b for b in (root, Path.cwd(), repository_root(out), out.parent) if b is not None]
    found: list[ModuleResult] = []
    for module in generated_modules(out):
        if module.name in produced:
            continue
        gone = not any((base / module.spec).exists() for base in bases)
        if complete or module.spec in run_specs or gone:
            why = "renamed" if module.spec in run_specs else "gone" if gone else "unlisted"
            what = {
                "renamed": f"{module.spec} now produces another module",
                "gone": f"{module.spec} no longer exists",
                "unlisted": f"{module.spec} is not among the configured specs",
            }[why]
            found.append(
                ModuleResult(
                    module.name,
                    "orphan",
                    [f"{out / module.name}: no spec produces this module any more ({what})"],
                    spec=module.spec,
                )
            )
    return found
