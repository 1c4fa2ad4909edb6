"""One spec's work (load, check, and for generate render), in this process or in workers.

A spec's findings and module depend on the spec and the files it reads, plus one run-wide
fact: which module names other specs of the run use (SPEC007). So each spec is worked on
alone, here or in a worker process, and the caller settles the shared names afterwards
(`recheck`). Results come back in input order whatever the number of workers, so a parallel
run prints and writes byte for byte what an in-process one does (tests/cli/test_parallel.py).

Workers are forked where the platform allows (they start with every module already
imported) and spawned elsewhere. They ignore SIGINT: Ctrl-C reaches the whole process group,
and only the parent decides what an interrupt means (it stops the workers and exits 130).
Workers never touch --out: the caller writes, under its lock, after every spec is known good.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Finding, Severity
from generator.loader.load import LoadedSpec, load_spec

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from generator.config import Config
    from generator.rules.base import Rule

# Below this many specs a pool costs more than it saves (forking the workers takes ~10 ms,
# a spec ~15 ms of work); `--jobs` does not change it.
MIN_SPECS_PER_WORKER = 4
CHUNK = 4  # specs per task sent to a worker: fewer round trips, still balanced at the end


@dataclass(frozen=True)
class Job:
    """What every spec's work in a run shares."""

    config: Config | None = None
    render: bool = False  # also render the module of a spec that has no failing finding
    strict: bool = False  # warnings fail the run (only decides whether to render)
    root: Path | None = None  # the project root with a configuration (policy files, paths)


@dataclass
class Outcome:
    """One spec's result. `files` is its module when the job renders and the spec passed."""

    loaded: LoadedSpec
    files: dict[str, bytes] | None = None
    spec_path: str = ""


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def rules_for(config: Config | None) -> Sequence[Rule]:
    """The catalog, with this project's severities: a raised rule's findings are errors, so a
    spec's `suppress` cannot hide them either."""
    from generator.rules.catalog import RULES

    if config is None or not config.severity:
        return RULES
    return [
        dataclasses.replace(r, severity=config.severity[r.id]) if r.id in config.severity else r
        for r in RULES
    ]


def configured(finding: Finding, config: Config | None) -> Finding | None:
    """A finding after the project's ignores and severities; errors pass unchanged."""
    if config is None or finding.severity is Severity.ERROR:
        return finding
    if finding.rule_id in config.ignore:
        return None
    wanted = config.severity.get(finding.rule_id)
    if wanted is not None and wanted is not finding.severity:
        return dataclasses.replace(finding, severity=wanted)
    return finding


def fails(findings: Sequence[Finding], strict: bool) -> bool:
    return any(
        f.severity is Severity.ERROR or (strict and f.severity is Severity.WARNING)
        for f in findings
    )


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


def render(loaded: LoadedSpec, spec_path: str) -> dict[str, bytes]:
    """The files of the module of one valid spec (file name -> content), in memory."""
    from generator.render.module import render_module
    from generator.resolve import resolve
    from generator.rules.catalog import plan_guards

    files = render_module(resolve(loaded), spec_path, plan_guards())
    loaded.resolved = None  # one resolved spec in memory at a time (see rules.engine)
    return files


def check(loaded: Sequence[LoadedSpec], job: Job, run_names: dict[str, int] | None = None) -> None:
    from generator.rules.engine import check_specs

    check_specs(loaded, rules_for(job.config), run_names)


def run_one(job: Job, display: str, fs: Path) -> Outcome:
    """Load and check one spec alone; render it too when the job asks and it passes."""
    loaded = load_spec(display, fs, root=job.root)
    check([loaded], job)
    outcome = Outcome(loaded)
    if job.render and loaded.spec is not None:
        kept = [g for f in loaded.findings if (g := configured(f, job.config)) is not None]
        if not fails(kept, job.strict):
            outcome.spec_path = spec_display_path(loaded, job.root)
            outcome.files = render(loaded, outcome.spec_path)
    return outcome


def run(
    job: Job,
    files: Sequence[tuple[str, Path]],
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[Outcome]:
    """`run_one` over `files`, in order; on `jobs` worker processes when that pays.

    `progress(done, total)` is called as workers finish specs they rendered."""
    workers = min(jobs, len(files) // MIN_SPECS_PER_WORKER)
    if workers <= 1:
        # In this process the caller renders each module when it writes it (one module in
        # memory at a time) and reports that progress itself.
        alone = dataclasses.replace(job, render=False)
        return [run_one(alone, display, fs) for display, fs in files]
    return list(_parallel(job, files, workers, progress if job.render else None))


def _parallel(
    job: Job,
    files: Sequence[tuple[str, Path]],
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> Iterator[Outcome]:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool: Pool = context.Pool(workers, initializer=_start_worker, initargs=(job,))
    try:
        for done, outcome in enumerate(pool.imap(_work, files, chunksize=CHUNK), start=1):
            if progress:
                progress(done, len(files))
            yield outcome
        pool.close()
    except BaseException:  # Ctrl-C or a failure: stop the workers now, then say why
        pool.terminate()
        raise
    finally:
        pool.join()


_JOB: Job | None = None


def _start_worker(job: Job) -> None:
    global _JOB
    _JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(item: tuple[str, Path]) -> Outcome:
    assert _JOB is not None
    outcome = run_one(_JOB, *item)
    # What the caller reads of a spec (findings, name, policy references, top-level keys):
    # the source map and parsed policy documents stay here.
    outcome.loaded = outcome.loaded.summary()
    return outcome
