"""The library entry points: load -> check -> render. Returns values and findings; never prints."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Finding, Severity, has_errors, sort_findings
from generator.loader.load import LoadedSpec, discover, load_spec
from generator.loader.source import SourceMap
from generator.runner import (
    Job,
    Outcome,
    check,
    configured,
    render,
    spec_display_path,
)
from generator.runner import run as run_specs

if TYPE_CHECKING:
    from generator.config import Config
    from generator.render.writer import ModuleResult

__all__ = ["spec_display_path"]  # re-exported: generate's manifests and headers use it


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
    jobs: int = 1,
) -> ValidationResult:
    """Load and check every spec under `paths`. Raises InputError for unreadable paths.

    With no paths, the configuration's `specs` are checked (NoSpecsError without one). A
    configuration also brings its per-rule severities and ignores. `only_specs` (the pre-commit
    hook) treats `paths` as candidates and skips those that are not specs: outside the
    configured `specs`, or, without them, files whose top level lacks `version` and `name`.
    A policy document that a spec of the run refers to is never checked as a spec. `jobs`:
    worker processes for large runs (the result is the same for any number).
    """
    job = Job(config, root=config.root if config else None)
    return _validate(paths, job, only_specs, jobs)[0]


def _validate(
    paths: Sequence[str],
    job: Job,
    only_specs: bool,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ValidationResult, dict[int, Outcome]]:
    """validate_paths, plus each kept spec's outcome (its rendered module, when the job
    renders in workers) by id() of its LoadedSpec."""
    config = job.config
    files, skipped = _spec_files(paths, config, only_specs)
    by_content = only_specs and (config is None or not config.specs)
    outcomes = _load_and_check(files, job, jobs, defer_json=not by_content, progress=progress)
    loaded = [o.loaded for o in outcomes]
    if by_content:
        loaded, not_specs = _recognised(loaded)
        skipped.extend(not_specs)
    loaded, policies = _drop_policy_files(loaded)
    given = set(paths)
    skipped.extend(s for s in policies if s.file in given)
    by_id = {id(o.loaded): o for o in outcomes}
    loaded = _settle_shared_names(loaded, job)
    kept = [g for ls in loaded for f in ls.findings if (g := configured(f, config)) is not None]
    result = ValidationResult(loaded, sort_findings(kept), skipped, job.root)
    return result, {id(ls): by_id[id(ls)] for ls in loaded if id(ls) in by_id}


def _load_and_check(
    files: list[tuple[str, Path]],
    job: Job,
    jobs: int,
    *,
    defer_json: bool,
    progress: Callable[[int, int], None] | None,
) -> list[Outcome]:
    """Each file's outcome, in order. With `defer_json`, JSON files come after the others,
    and one that a spec already loaded refers to as a policy document is not loaded as a spec
    (it would fail as one, and be dropped as a policy document anyway: see
    `_drop_policy_files`). A folder walk finds every policy document beside its spec."""
    first = [f for f in files if not (defer_json and f[1].suffix.lower() == ".json")]
    later = [f for f in files if defer_json and f[1].suffix.lower() == ".json"]
    total = len(files)

    def offset(base: int) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        return lambda done, _: progress(base + done, total)

    done = run_specs(job, first, jobs, offset(0))
    referenced = _policy_references([o.loaded for o in done])
    todo = [f for f in later if _real(f[1]) not in referenced]
    done += run_specs(job, todo, jobs, offset(len(first)))
    by_path = {o.loaded.fs_path: o for o in done}
    # a policy document not loaded: what _drop_policy_files needs to drop it
    return [
        by_path.get(fs) or Outcome(LoadedSpec(display, SourceMap(display), None, None, fs_path=fs))
        for display, fs in files
    ]


def _settle_shared_names(loaded: list[LoadedSpec], job: Job) -> list[LoadedSpec]:
    """Specs were checked one at a time; one whose module name another spec of the run also
    uses is loaded and checked again knowing the run's names (SPEC007)."""
    names = dict(Counter(ls.spec.name for ls in loaded if ls.spec is not None))
    if all(n == 1 for n in names.values()):
        return loaded
    settled: list[LoadedSpec] = []
    for ls in loaded:
        if ls.spec is not None and names[ls.spec.name] > 1 and ls.fs_path is not None:
            ls = load_spec(ls.file, ls.fs_path, root=job.root)
            check([ls], job, names)
        settled.append(ls)
    return settled


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


def _real(path: Path) -> Path:
    """`path` with symlinks resolved; never raises (a symlink loop stays as it is)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _policy_references(loaded: list[LoadedSpec]) -> dict[Path, str]:
    """The files specs refer to as policy documents (resolved path -> the spec)."""
    referenced: dict[Path, str] = {}
    for ls in loaded:
        if ls.fs_path is None:
            continue
        for result in ls.policy_files.values():
            referenced.setdefault(_real(ls.fs_path.parent / result.relative), ls.file)
    return referenced


def _drop_policy_files(loaded: list[LoadedSpec]) -> tuple[list[LoadedSpec], list[Skipped]]:
    """A folder walk (or a hook given every JSON file) also finds the policy documents specs
    refer to; they are not specs."""
    referenced = _policy_references(loaded)
    kept: list[LoadedSpec] = []
    skipped: list[Skipped] = []
    for ls in loaded:
        owner = referenced.get(_real(ls.fs_path)) if ls.fs_path is not None else None
        if owner is None:
            kept.append(ls)
        else:
            skipped.append(Skipped(ls.file, f"a policy document of {owner}, not a spec"))
    return kept, skipped


# --- generate ----------------------------------------------------------------------------------


def render_spec(loaded: LoadedSpec, spec_path: str) -> dict[str, bytes]:
    """The files of the module of one valid spec (file name -> content), in memory."""
    return render(loaded, spec_path)


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
    jobs: int = 1,
) -> GenerateResult:
    """Validate, render every module in memory, then write (or compare) them.

    Module folders of `out` that no spec produces any more are orphans: --check reports them,
    `prune` removes them (see `_orphans` for when a folder counts as one). With `jobs` > 1 a
    large run loads, checks and renders its specs in worker processes; what it writes and
    reports is the same for any number of jobs.
    """
    from generator.render.writer import (
        ModuleResult,
        Staged,
        check_module,
        clean_leftovers,
        commit_modules,
        discard,
        locked,
        prepare_out,
        prune_module,
        stage_module,
    )

    root = config.root if config else None
    job = Job(config, render=True, strict=strict, root=root)
    validation, outcomes = _validate(paths, job, False, jobs, progress)
    out_dir = Path(out)
    failing = not validation.ok or (
        strict and any(f.severity is Severity.WARNING for f in validation.findings)
    )
    if failing or not validation.specs:
        note = "nothing written: fix the errors above first" if failing else ""
        return GenerateResult(validation, [], [note] if note and not check else [], out=out_dir)

    spec_paths = {id(ls): spec_display_path(ls, root) for ls in validation.specs}
    rendered_in_workers = any(o.files is not None for o in outcomes.values())

    def rendered_modules() -> Iterator[tuple[str, dict[str, bytes], str]]:
        # Every spec validated without errors. Rendered here one module at a time, or
        # already rendered by the workers.
        for ls in validation.specs:
            assert ls.spec is not None
            spec_path = spec_paths[id(ls)]
            outcome = outcomes.get(id(ls))
            files = outcome.files if outcome is not None else None
            if files is None:
                full = ls
                if ls.fs_path is not None and not ls.source.values:  # a worker's summary
                    full = load_spec(ls.file, ls.fs_path, root=root)
                files = render(full, spec_path)
            elif outcome is not None:
                outcome.files = None  # written once: let it go
            yield ls.spec.name, files, spec_path

    produced = {ls.spec.name: spec_paths[id(ls)] for ls in validation.specs if ls.spec}
    complete = not paths  # the configured specs: the whole project
    rendered = rendered_modules()
    results: list[ModuleResult] = []
    total = len(validation.specs)
    step = None if rendered_in_workers else progress  # the workers' progress was reported
    if check:
        prefix = diff_prefix(out_dir)
        lock = locked(out_dir, shared=True) if out_dir.is_dir() else contextlib.nullcontext()
        with lock:
            for i, (name, files, spec_path) in enumerate(rendered, start=1):
                results.append(check_module(out_dir, name, files, spec_path, diff_prefix=prefix))
                if step:
                    step(i, total)
            orphans = _orphans(out_dir, produced, complete, root)
        diff = "".join(r.diff for r in results)
        messages = [m for r in [*results, *orphans] for m in r.messages]
        return GenerateResult(validation, results, messages, diff, out_dir, orphans)
    prepare_out(out_dir)
    with locked(out_dir):
        messages = clean_leftovers(out_dir)
        # Stage every module that changes beside its folder, then make them all durable at
        # once and swap them in (writer.commit_modules): a failure or Ctrl-C while staging
        # leaves every module as it was.
        staged: list[Staged] = []
        try:
            for i, (name, files, spec_path) in enumerate(rendered, start=1):
                outcome = stage_module(out_dir, name, files, spec_path, force=force)
                if isinstance(outcome, Staged):
                    staged.append(outcome)
                    results.append(ModuleResult(name, "staged", spec=spec_path))
                else:
                    outcome.spec = spec_path
                    results.append(outcome)
                if step:
                    step(i, total)
        except BaseException:
            discard(staged)
            raise
        committed = {r.name: r for r in commit_modules(out_dir, staged)}
        for r in results:
            if r.name in committed:
                r.status = committed[r.name].status
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
