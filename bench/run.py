"""vpcegen benchmark: whole processes, measured against `terraform fmt` in the same run.

    .venv/bin/python bench/run.py                 # the full table (5 runs per measurement)
    .venv/bin/python bench/run.py --runs 7        # more runs, tighter medians
    .venv/bin/python bench/run.py --quick         # smoke run: small estates, 1 run, no verdicts

Every number is a median over runs of whole processes (exec to exit, as a user waits for them).
A ratio is computed pair by pair -- vpcegen and terraform back to back, alternating which goes
first -- and the median of those ratios is reported, so load from other processes on the
machine hits both sides of a pair alike. Peak memory is the child's ru_maxrss from wait4().

Targets (issues "Performance: a benchmark, and targets measured against terraform fmt" and
"Performance round 2"):
  (a) `vpcegen validate` of one spec  <= 2.5x `terraform fmt -check` of that spec's module
      (a0, no target: the same for a minimal typer + pydantic + PyYAML command, bench/floor.py:
      the floor of the stack)
  (b) `vpcegen generate` of 500 specs / 10,000 endpoints into an empty folder
                                      <= 0.5x `terraform fmt -check -recursive` of the output
  (c) peak memory of (b), the parent and its workers together, <= 200 MiB
  (d) scaling over 125, 250, 500, 1,000 specs: 4x the work in <= 4.4x the time
  (e) `generate --check` of the unchanged estate <= 1.0x a fresh `generate` of it; a second
      `generate` of the unchanged estate rewrites no file (no needless writes); also reported
      against `fmt -check -recursive`
  (f) reported: `validate` of the 500-spec folder, time to its first finding and to its end

Child processes get the environment a normal install has: Python's bytecode cache is enabled
(PYTHONDONTWRITEBYTECODE is dropped; PYTHONPYCACHEPREFIX points into the work folder, so the
repository is not touched) and one warm-up run of each command precedes the timed runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.estate import ENDPOINTS_PER_SPEC, spec_name, write_estate

FULL_SIZES = (125, 250, 500, 1000)
QUICK_SIZES = (10, 20, 40, 80)
HEADLINE = 500  # the estate of (b), (c) and (e)

TARGET_VALIDATE = 2.5
TARGET_GENERATE = 0.5
TARGET_MEMORY_MIB = 200.0
TARGET_SCALING = 4.4
TARGET_CHECK = 1.0


@dataclass
class Sample:
    """One finished child process."""

    wall: float  # seconds, exec to exit
    cpu: float  # user + system seconds of the child and the workers it waited for
    maxrss_kib: int  # the largest single process (the child or one of its workers)
    returncode: int
    tree_rss_kib: int = 0  # the child and its workers together, Pss (sampled every 10 ms)
    first_line: float = 0.0  # seconds to the first line on stdout (when asked for)


@dataclass
class Series:
    """Samples of one command, plus pairwise ratios against another series where paired."""

    label: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak_mib(self) -> float:
        return max(s.maxrss_kib for s in self.samples) / 1024

    @property
    def median_mib(self) -> float:
        return statistics.median(s.maxrss_kib for s in self.samples) / 1024

    @property
    def tree_mib(self) -> float:
        return max(s.tree_rss_kib for s in self.samples) / 1024

    @property
    def first_line(self) -> float:
        return statistics.median(s.first_line for s in self.samples)


def ratios(a: Series, b: Series) -> list[float]:
    return [x.wall / y.wall for x, y in zip(a.samples, b.samples, strict=True)]


class Runner:
    """Runs commands as whole processes and measures them."""

    def __init__(self, workdir: Path, env: dict[str, str], verbose: bool) -> None:
        self.workdir = workdir
        self.env = env
        self.verbose = verbose
        self.log = workdir / "last-command.log"

    def run(
        self, cmd: Sequence[str], expect: int = 0, *, tree: bool = False, first_line: bool = False
    ) -> Sample:
        """Run `cmd` to its end. `tree`: also sample the memory of the child and its workers
        together; `first_line`: also time the first line it prints on stdout."""
        first = 0.0
        peak = [0]
        with open(self.log, "wb") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(
                list(cmd),
                cwd=self.workdir,
                env=self.env,
                stdout=subprocess.PIPE if first_line else out,
                stderr=subprocess.STDOUT if not first_line else out,
            )
            sampler = None
            if tree:
                sampler = threading.Thread(target=_sample_tree, args=(proc.pid, peak), daemon=True)
                sampler.start()
            if first_line:
                assert proc.stdout is not None
                proc.stdout.readline()
                first = time.perf_counter() - start
                shutil.copyfileobj(proc.stdout, out)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            if sampler is not None:
                sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != expect:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise SystemExit(
                f"bench: {' '.join(cmd)} exited {proc.returncode} (expected {expect})\n{tail}"
            )
        sample = Sample(
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss,
            proc.returncode,
            max(peak[0], usage.ru_maxrss),
            first,
        )
        if self.verbose:
            print(
                f"  {wall:8.3f}s wall {sample.cpu:8.3f}s cpu {sample.maxrss_kib / 1024:7.1f} MiB"
                f"  {' '.join(cmd)}",
                file=sys.stderr,
            )
        return sample


def _tree_rss_kib(pid: int) -> int:
    """Memory of `pid` and its descendants together (Linux /proc; 0 elsewhere).

    Each process counts its proportional share (Pss) of the pages it shares: forked workers
    share the parent's pages until they write them, and adding their RSS would count those
    pages once per process. Without smaps_rollup, RSS (an overcount)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            try:
                text, key = Path(f"/proc/{p}/smaps_rollup").read_text(), "Pss:"
            except OSError:
                text, key = Path(f"/proc/{p}/status").read_text(), "VmRSS:"
            for line in text.splitlines():
                if line.startswith(key):
                    total += int(line.split()[1])
                    break
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def _sample_tree(pid: int, peak: list[int]) -> None:
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return
        if state == "Z":
            return
        peak[0] = max(peak[0], _tree_rss_kib(pid))
        time.sleep(0.01)


# --- machine facts ------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _output(cmd: Sequence[str], env: dict[str, str]) -> str:
    result = subprocess.run(list(cmd), env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def machine_facts(python: str, vpcegen: str, terraform: str, env: dict[str, str]) -> dict[str, str]:
    tf = json.loads(_output([terraform, "version", "-json"], env))
    version_probe = (
        "import importlib.metadata as m, platform, sys; "
        "print(m.version('vpcegen'), platform.python_version(), sys.implementation.name)"
    )
    vpce_version, py_version, impl = _output([python, "-c", version_probe], env).split()
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        affinity = os.cpu_count() or 0
    return {
        "cpu": _cpu_model(),
        "cores": f"{os.cpu_count()} logical ({affinity} usable by this process)",
        "memory": _mem_total(),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{impl} {py_version} ({python})",
        "terraform": f"{tf['terraform_version']} {tf.get('platform', '')}".strip(),
        "vpcegen": f"{vpce_version} ({vpcegen}); --jobs default: {affinity} workers",
        "load average at start": _loadavg(),
    }


def _mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def child_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env["NO_COLOR"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"  # terraform: no version check over the network
    cli_config = env.get("TF_CLI_CONFIG_FILE")
    if cli_config is not None and not Path(cli_config).is_file():
        env["TF_CLI_CONFIG_FILE"] = os.devnull  # silence "Unable to open CLI configuration"
    return env


# --- startup facts --------------------------------------------------------------------------

# Modules `vpcegen validate` has no use for (rendering and writing only); importing them would
# be startup time spent for nothing. Matched as module-name prefixes.
NOT_FOR_VALIDATE = (
    "jinja2",
    "markupsafe",
    "generator.render.module",
    "generator.render.environment",
    "generator.render.writer",
    "difflib",
    "ctypes",
    "rich",
)


def import_facts(python: str, spec: str, runner: Runner) -> tuple[int, float, list[str]]:
    """Modules `vpcegen validate` imports, their summed self time, and unneeded ones.

    Third-party modules pull in some stdlib modules of their own (typer imports difflib for
    did-you-mean hints); those are reported too, since they cost the same startup time.
    """
    cmd = [python, "-X", "importtime", "-m", "generator", "validate", spec]
    result = subprocess.run(
        cmd, cwd=runner.workdir, env=runner.env, capture_output=True, text=True, check=False
    )
    names: list[str] = []
    self_us = 0
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        try:
            self_us += int(parts[0].split(":")[1])
        except ValueError:
            continue  # the header line
        names.append(parts[2].strip())
    unneeded = [p for p in NOT_FOR_VALIDATE if any(n == p or n.startswith(p + ".") for n in names)]
    return len(names), self_us / 1e6, unneeded


# --- the benchmark ---------------------------------------------------------------------------


@dataclass
class Results:
    facts: dict[str, str]
    sizes: tuple[int, ...]
    runs: int
    validate: Series
    fmt_module: Series
    generate: dict[int, Series]
    fmt_estate: Series
    check: Series
    regenerate: Series
    rewritten_files: int
    imports: tuple[int, float, list[str]]
    floor: Series = field(default_factory=lambda: Series("typer+pydantic+PyYAML floor"))
    first_finding: Series = field(default_factory=lambda: Series("validate, first finding"))


def fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """inode and mtime of every file under `folder`: a rewrite changes one of them."""
    out: dict[str, tuple[int, int]] = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith(".vpcegen.lock"):
            st = path.stat()
            out[str(path.relative_to(folder))] = (st.st_ino, st.st_mtime_ns)
    return out


def run_benchmark(
    *,
    workdir: Path,
    python: str,
    vpcegen: str,
    terraform: str,
    sizes: tuple[int, ...],
    runs: int,
    verbose: bool,
) -> Results:
    env = child_env(workdir)
    runner = Runner(workdir, env, verbose)
    facts = machine_facts(python, vpcegen, terraform, env)
    headline = HEADLINE if HEADLINE in sizes else sizes[len(sizes) // 2]

    def progress(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    progress(f"writing estates of {', '.join(map(str, sizes))} specs under {workdir}")
    estates: dict[int, str] = {}
    for n in sizes:
        rel = f"estates/n{n:04d}"
        write_estate(workdir / rel, n)
        estates[n] = rel
    one_spec = f"{estates[sizes[0]]}/{spec_name(1)}/spec.yaml"

    # Warm-up (bytecode cache, page cache) and sanity: every spec validates with 0 errors.
    progress("warm-up and sanity checks")
    runner.run([vpcegen, "validate", estates[max(sizes)]])
    fresh(workdir / "one")
    runner.run([vpcegen, "generate", one_spec, "--out", "one"])
    module = f"one/{spec_name(1)}"
    runner.run([terraform, "fmt", "-check", module])
    runner.run([terraform, "fmt", "-check", "-recursive", "one"])
    (workdir / "floor.yaml").write_text("name: floor\n", encoding="utf-8")
    floor_cmd = [python, str(Path(__file__).with_name("floor.py")), "floor.yaml"]
    runner.run(floor_cmd)

    validate = Series("vpcegen validate (1 spec)")
    fmt_module = Series("terraform fmt -check (its module)")
    generate = {n: Series(f"vpcegen generate ({n} specs)") for n in sizes}
    fmt_estate = Series(f"terraform fmt -check -recursive ({headline} modules)")
    check = Series(f"vpcegen generate --check ({headline} specs, unchanged)")
    regenerate = Series(f"vpcegen generate ({headline} specs, unchanged)")
    rewritten = 0
    floor = Series("typer+pydantic+PyYAML floor")
    first_finding = Series(f"vpcegen validate ({headline} specs), first finding")

    def pair(first: Callable[[], None], second: Callable[[], None], swap: bool) -> None:
        for step in (second, first) if swap else (first, second):
            step()

    for r in range(runs):
        progress(f"run {r + 1}/{runs}")
        swap = r % 2 == 1
        # (a) one spec: validate vs fmt -check of its module, several pairs per run
        for i in range(5):
            pair(
                lambda: validate.samples.append(runner.run([vpcegen, "validate", one_spec])),
                lambda: fmt_module.samples.append(runner.run([terraform, "fmt", "-check", module])),
                swap ^ (i % 2 == 1),
            )
            floor.samples.append(runner.run(floor_cmd))
        # (f) a folder of specs: how long until the first finding is on the screen
        first_finding.samples.append(
            runner.run([vpcegen, "validate", estates[headline]], first_line=True)
        )
        # (b)-(d) generate each estate into an empty folder; fmt the headline estate's output
        for n in sizes:
            out = f"out/n{n:04d}"
            fresh(workdir / out)
            if n != headline:
                generate[n].samples.append(
                    runner.run([vpcegen, "generate", estates[n], "--out", out], tree=True)
                )
                continue

            def gen(n: int = n, out: str = out) -> None:
                generate[n].samples.append(
                    runner.run([vpcegen, "generate", estates[n], "--out", out], tree=True)
                )

            def fmt(out: str = out) -> None:
                fmt_estate.samples.append(
                    runner.run([terraform, "fmt", "-check", "-recursive", out])
                )

            if swap:  # fmt needs the output: generate an untimed copy first
                runner.run([vpcegen, "generate", estates[n], "--out", out])
                fmt()
                fresh(workdir / out)
                gen()
            else:
                gen()
                fmt()
            # (e) --check of the unchanged estate, and a second generate that must write nothing
            before = snapshot(workdir / out)
            check.samples.append(
                runner.run([vpcegen, "generate", estates[n], "--out", out, "--check"])
            )
            regenerate.samples.append(runner.run([vpcegen, "generate", estates[n], "--out", out]))
            after = snapshot(workdir / out)
            rewritten = max(rewritten, sum(1 for k, v in after.items() if before.get(k) != v))
    imports = import_facts(python, one_spec, runner)
    facts["load average at end"] = _loadavg()
    return Results(
        facts,
        sizes,
        runs,
        validate,
        fmt_module,
        generate,
        fmt_estate,
        check,
        regenerate,
        rewritten,
        imports,
        floor,
        first_finding,
    )


# --- the table ------------------------------------------------------------------------------


def _s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.2f} s"


def _verdict(ok: bool, judged: bool) -> str:
    if not judged:
        return "(quick)"
    return "met" if ok else "NOT met"


def render(res: Results, command: str, judged: bool) -> tuple[str, bool]:
    """The Markdown report and whether every target is met."""
    lines: list[str] = []
    add = lines.append
    headline = HEADLINE if HEADLINE in res.sizes else res.sizes[len(res.sizes) // 2]
    gen = res.generate[headline]
    add(f"Command: `{command}`")
    add("")
    add("| machine | |")
    add("|---|---|")
    for k, v in res.facts.items():
        add(f"| {k} | {v} |")
    add("")
    add(
        f"Medians over {res.runs} run(s) of whole processes; ratios are medians of per-pair "
        "ratios (vpcegen and terraform back to back). CPU = user + system time of the child."
    )
    add("")
    add("| | measurement | vpcegen | terraform fmt | ratio (median of pairs) | target | verdict |")
    add("|---|---|---|---|---|---|---|")
    all_met = True

    rv = statistics.median(ratios(res.validate, res.fmt_module))
    ok = rv <= TARGET_VALIDATE
    all_met &= ok
    add(
        f"| a | `validate` 1 spec ({ENDPOINTS_PER_SPEC} endpoints) vs `fmt -check` of its module "
        f"| {_s(res.validate.wall)} (cpu {_s(res.validate.cpu)}) "
        f"| {_s(res.fmt_module.wall)} (cpu {_s(res.fmt_module.cpu)}) "
        f"| {rv:.2f}x | <= {TARGET_VALIDATE}x | {_verdict(ok, judged)} |"
    )
    rf = statistics.median(ratios(res.floor, res.fmt_module))
    add(
        f"| a0 | the stack's floor: a typer command that validates a one-field pydantic model "
        f"read with PyYAML (`bench/floor.py`) vs `fmt -check` of the module "
        f"| {_s(res.floor.wall)} (cpu {_s(res.floor.cpu)}) | {_s(res.fmt_module.wall)} "
        f"| {rf:.2f}x | (none: what (a) cannot go below) | |"
    )
    rg = statistics.median(ratios(gen, res.fmt_estate))
    ok = rg <= TARGET_GENERATE
    all_met &= ok
    add(
        f"| b | `generate` {headline} specs / {headline * ENDPOINTS_PER_SPEC:,} endpoints into an "
        f"empty folder vs `fmt -check -recursive` of the output "
        f"| {_s(gen.wall)} (cpu {_s(gen.cpu)}) | {_s(res.fmt_estate.wall)} "
        f"(cpu {_s(res.fmt_estate.cpu)}) | {rg:.2f}x | <= {TARGET_GENERATE}x "
        f"| {_verdict(ok, judged)} |"
    )
    ok = gen.tree_mib <= TARGET_MEMORY_MIB
    all_met &= ok
    add(
        f"| c | peak memory of (b), every process of the run together (Pss, sampled every 10 ms; "
        f"the largest single process's RSS: {gen.peak_mib:.1f} MiB) | {gen.tree_mib:.1f} MiB "
        f"| {res.fmt_estate.peak_mib:.1f} MiB "
        f"| | <= {TARGET_MEMORY_MIB:.0f} MiB | {_verdict(ok, judged)} |"
    )
    sizes = res.sizes
    for small in sizes:
        big = small * 4
        if big not in res.generate:
            continue
        scale = statistics.median(
            b.wall / s.wall
            for s, b in zip(res.generate[small].samples, res.generate[big].samples, strict=True)
        )
        ok = scale <= TARGET_SCALING
        all_met &= ok
        add(
            f"| d | scaling: `generate` {small} -> {big} specs (4x the work) "
            f"| {_s(res.generate[small].wall)} -> {_s(res.generate[big].wall)} | "
            f"| {scale:.2f}x | <= {TARGET_SCALING}x | {_verdict(ok, judged)} |"
        )
    rc = statistics.median(ratios(res.check, gen))
    ok = rc <= TARGET_CHECK
    all_met &= ok
    add(
        f"| e | `generate --check` of the unchanged {headline}-spec estate vs a fresh `generate` "
        f"| {_s(res.check.wall)} vs {_s(gen.wall)} | | {rc:.2f}x | <= {TARGET_CHECK}x "
        f"| {_verdict(ok, judged)} |"
    )
    rcf = statistics.median(ratios(res.check, res.fmt_estate))
    add(
        f"| e | `generate --check` of the unchanged {headline}-spec estate vs `fmt -check "
        f"-recursive` of it | {_s(res.check.wall)} | {_s(res.fmt_estate.wall)} | {rcf:.2f}x "
        "| (reported) | |"
    )
    rr = statistics.median(ratios(res.regenerate, gen))
    ok = res.rewritten_files == 0
    all_met &= ok
    add(
        f"| e | `generate` again, estate unchanged: files rewritten "
        f"| {res.rewritten_files} files; {_s(res.regenerate.wall)} ({rr:.2f}x fresh) | | "
        f"| 0 files | {_verdict(ok, judged)} |"
    )
    ff = res.first_finding
    add(
        f"| f | `validate` of the {headline}-spec folder (every spec has a warning): time to the "
        f"first finding on stdout, and to the end | {_s(ff.first_line)}; {_s(ff.wall)} | "
        "| | (reported) | |"
    )
    add("")
    add("Scaling (`generate` into an empty folder):")
    add("")
    add(
        "| specs | endpoints | wall (median) | cpu (median, workers included) | ms per spec "
        "| peak memory, all processes (Pss) | largest process (RSS) |"
    )
    add("|---|---|---|---|---|---|---|")
    for n in sizes:
        s = res.generate[n]
        add(
            f"| {n:,} | {n * ENDPOINTS_PER_SPEC:,} | {_s(s.wall)} | {_s(s.cpu)} "
            f"| {1000 * s.wall / n:.1f} | {s.tree_mib:.1f} MiB | {s.peak_mib:.1f} MiB |"
        )
    count, self_s, unneeded = res.imports
    add("")
    add(
        f"Startup of `validate` (python -X importtime): {count} modules imported, "
        f"{self_s * 1000:.0f} ms summed self time; modules validate does not need: "
        f"{', '.join(unneeded) if unneeded else 'none'}."
    )
    return "\n".join(lines) + "\n", all_met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (5)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: estates of 10-80 specs, 1 run, no verdicts"
    )
    parser.add_argument("--sizes", help="comma-separated estate sizes (default 125,250,500,1000)")
    parser.add_argument("--workdir", type=Path, help="work folder (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--vpcegen", help="the vpcegen executable (default: beside this Python)")
    parser.add_argument("--terraform", default="terraform", help="the terraform executable")
    parser.add_argument("--json", type=Path, help="also write the raw samples here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every sample")
    args = parser.parse_args(argv)

    runs = 1 if args.quick else args.runs
    if args.sizes:
        sizes = tuple(int(x) for x in args.sizes.split(","))
    else:
        sizes = QUICK_SIZES if args.quick else FULL_SIZES
    python = sys.executable
    vpcegen = args.vpcegen or str(Path(python).with_name("vpcegen"))
    if not Path(vpcegen).exists():
        vpcegen = shutil.which("vpcegen") or ""
    terraform = shutil.which(args.terraform) or ""
    if not vpcegen or not terraform:
        parser.error("need vpcegen (pip install -e .) and terraform on PATH")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="vpcegen-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    workdir = workdir.resolve()
    command = " ".join(["python bench/run.py", *(sys.argv[1:] if argv is None else argv)])
    try:
        res = run_benchmark(
            workdir=workdir,
            python=python,
            vpcegen=vpcegen,
            terraform=terraform,
            sizes=sizes,
            runs=runs,
            verbose=args.verbose,
        )
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    report, all_met = render(res, command.strip(), judged=not args.quick)
    sys.stdout.write(report)
    if args.json:
        args.json.write_text(json.dumps(asdict(res), indent=2) + "\n", encoding="utf-8")
    return 1 if (args.strict and not all_met and not args.quick) else 0


if __name__ == "__main__":
    raise SystemExit(main())
