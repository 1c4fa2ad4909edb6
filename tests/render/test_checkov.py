"""checkov, offline, over every generated module: zero failed checks, and every suppression counted.

What runs
---------
* ``output-examples/*``: every committed module.
* Variants rendered in-process into ``tmp_path`` (one checkov run for all of them):
  every error-free rule example of the catalog, the output-example specs with risky-but-valid
  mutations (world-open ingress, an unattached group, an auto-accepting public endpoint
  service), a seeded batch of random security-group rule sets, and ``HYPOTHESIS_SPECS``
  error-free specs drawn from tests/render/test_conformance_property.py's ``specs`` strategy. Each
  spec with a warning checkov also flags is rendered twice: as is, and accepting the warning.

The contract
------------
1. A module vpcegen renders fails no checkov check unless vpcegen itself warned about the same
   thing (``CHECK_TO_RULE``): checkov never finds a weakness vpcegen did not report.
2. Once the spec accepts that warning (``suppress: [ID]``), the module is checkov-clean: the
   renderer writes an inline ``# checkov:skip=<CHECK_ID>: <reason>`` inside the resource block.
3. Every inline suppression names exactly one check ID and gives a reason; checkov reports each
   one as used (no stale suppressions); the committed examples carry exactly
   ``EXPECTED_SUPPRESSIONS`` of them, the number the README states.

Why checkov is not in the ``test`` extra
----------------------------------------
checkov (3.3.30) requires ``bc-python-hcl2==0.4.3``, a fork whose wheel installs the same
top-level ``hcl2`` package as ``python-hcl2==8.1.4``, the test suite's HCL parser
(tests/support/hcl.py). pip's resolver accepts both (different distribution names) and whichever is
installed last overwrites the other's files: ``from hcl2 import SerializationOptions`` fails and
tests/support/hcl.py breaks. So checkov lives in its own virtual environment (``.ci/run`` creates
``.venv-checkov``) and this test runs it as a program. It is found, in order, at
``$VPCEGEN_CHECKOV``, ``.venv-checkov/bin/checkov``, ``checkov`` on PATH. Without it the tests
skip with that reason, unless ``VPCEGEN_REQUIRE_CHECKOV=1`` (set by CI), where they fail.

Offline
-------
``--skip-download`` (no Prisma Cloud guidelines, custom policies or ID mapping),
``--download-external-modules false``, ``--skip-results-upload``, no API key, and the
environment switches ``BC_SKIP_MAPPING=TRUE`` and ``CKV_SKIP_PACKAGE_UPDATE_CHECK=true`` (the
PyPI version check in checkov's banner). Where ``unshare -n`` works (root, as in CI) checkov
runs in a network namespace with no interfaces, which proves it.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from generator.api import render_spec
from generator.diagnostics import Severity, has_errors
from generator.loader.load import LoadedSpec, load_text
from generator.rules.catalog import RULES
from generator.rules.engine import check_specs
from generator.rules.examples import example_text
from tests.support.paths import EXAMPLES, ROOT

# The number of inline `# checkov:skip=` suppressions in the committed output-examples modules.
# The README states this number ("N inline checkov suppression(s)"); change both together.
# 1 = CKV_AWS_123 on aws_vpc_endpoint_service.firewall (output-examples/firewall-service sets
# acceptance_required: false and lists its two consumer accounts).
# NOTE: this test fails until the renderer writes that suppression (see the checkov proposals).
EXPECTED_SUPPRESSIONS = 1

# The checkov version whose check set the counts above were made with (bump deliberately:
# a newer checkov brings new checks). Read from pyproject's `checkov` extra when it has one.
CHECKOV_VERSION_FALLBACK = "3.3.30"

# checkov check -> the vpcegen warning that reports the same weakness. A checkov failure on a
# module whose spec did not get (or suppressed) that warning is a vpcegen gap.
CHECK_TO_RULE: dict[str, str] = {
    "CKV_AWS_24": "SG001",  # ingress from 0.0.0.0/0 to port 22
    "CKV_AWS_25": "SG001",  # ... to port 3389
    "CKV_AWS_260": "SG001",  # ... to port 80
    "CKV_AWS_277": "SG001",  # ... to all ports (protocol -1; vpcegen renders tcp/udp only)
    "CKV2_AWS_5": "SG002",  # security group attached to nothing
    "CKV_AWS_123": "ES004",  # endpoint service without manual acceptance (only `*` warns)
    "CKV_AWS_91": "NLB012",  # a TLS load balancer without access logs
}
ACCEPTABLE_RULES = frozenset(CHECK_TO_RULE.values())

SKIP_COMMENT = re.compile(r"checkov:skip=")
WELL_FORMED_SKIP = re.compile(r"^ +# checkov:skip=(?P<id>CKV2?_[A-Z0-9]+_\d+): (?P<reason>\S.*)$")
MIN_REASON = 20  # characters: a sentence, not "ok" or "false positive"
README_COUNT = re.compile(r"(\d+) inline checkov suppressions?\b", re.IGNORECASE)


# --- finding and running checkov ------------------------------------------------------------


def _required() -> bool:
    return os.environ.get("VPCEGEN_REQUIRE_CHECKOV", "") not in ("", "0", "false")


def _unavailable(reason: str) -> None:
    if _required():
        pytest.fail(f"VPCEGEN_REQUIRE_CHECKOV is set, but {reason}")
    pytest.skip(reason)


@cache
def _pinned_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for req in data["project"].get("optional-dependencies", {}).get("checkov", []):
        m = re.fullmatch(r"\s*checkov\s*==\s*([\w.]+)\s*", req)
        if m:
            return m.group(1)
    return CHECKOV_VERSION_FALLBACK


@cache
def _find_checkov() -> tuple[str | None, str]:
    """(executable, why not) -- the pinned checkov, or None and the reason."""
    candidates = [
        os.environ.get("VPCEGEN_CHECKOV", ""),
        str(ROOT / ".venv-checkov" / "bin" / "checkov"),
        shutil.which("checkov") or "",
    ]
    how = (
        f"install it apart from .venv: python3 -m venv .venv-checkov && "
        f".venv-checkov/bin/pip install checkov=={_pinned_version()} (checkov's bc-python-hcl2 "
        "overwrites python-hcl2's `hcl2` package, so it cannot share the test venv)"
    )
    for exe in candidates:
        if not exe or not os.access(exe, os.X_OK):
            continue
        proc = subprocess.run(
            [exe, "--version"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=_checkov_env(),
        )
        version = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
        if proc.returncode != 0 or version != _pinned_version():
            return None, (
                f"{exe} is checkov {version or '?'} (rc {proc.returncode}); the pinned version "
                f"is {_pinned_version()}: {how}"
            )
        return exe, ""
    return None, f"checkov not found ($VPCEGEN_CHECKOV, .venv-checkov, PATH): {how}"


def _checkov_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BC_", "PRISMA_", "CKV_", "CHECKOV_"))
    }
    env.update(
        BC_SKIP_MAPPING="TRUE",
        CKV_SKIP_PACKAGE_UPDATE_CHECK="true",
        LOG_LEVEL="WARNING",
        NO_COLOR="1",
    )
    return env


@cache
def _no_network_prefix() -> tuple[str, ...]:
    """`unshare -n` where this user may make a network namespace (proves checkov is offline)."""
    exe = shutil.which("unshare")
    if exe is None:
        return ()
    ok = subprocess.run([exe, "-n", "true"], capture_output=True, timeout=30, check=False)
    return (exe, "-n") if ok.returncode == 0 else ()


@dataclass
class Report:
    root: Path
    failed: list[dict[str, Any]] = field(default_factory=list)
    passed: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    parsing_errors: list[str] = field(default_factory=list)
    resource_count: int = 0

    def module_of(self, check: dict[str, Any]) -> str:
        return Path(check["file_abs_path"]).resolve().relative_to(self.root.resolve()).parts[0]

    def modules_seen(self) -> set[str]:
        return {self.module_of(c) for c in (*self.failed, *self.passed, *self.skipped)}


def run_checkov(root: Path) -> Report:
    """One offline checkov run (terraform framework) over every module folder under `root`."""
    exe, why = _find_checkov()
    if exe is None:
        _unavailable(why)
    assert exe is not None
    cmd = [
        *_no_network_prefix(),
        exe,
        "--directory", str(root),
        "--framework", "terraform",
        "--skip-download",
        "--download-external-modules", "false",
        "--skip-results-upload",
        "--output", "json",
        "--compact",
    ]  # fmt: skip
    proc = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env=_checkov_env(),
        cwd=root,
    )
    # checkov exits 1 when a check failed; anything else is a crash.
    assert proc.returncode in (0, 1), f"checkov exited {proc.returncode}:\n{proc.stderr[-4000:]}"
    data = json.loads(proc.stdout)
    report = Report(root)
    for run in data if isinstance(data, list) else [data]:
        if run.get("check_type", "terraform") != "terraform":
            continue
        results = run.get("results", {})
        report.failed += results.get("failed_checks", [])
        report.passed += results.get("passed_checks", [])
        report.skipped += results.get("skipped_checks", [])
        report.parsing_errors += results.get("parsing_errors", [])
        report.resource_count += run.get("summary", run).get("resource_count", 0)
    return report


# Resource types checkov 3.3.30 has checks for, among those vpcegen renders: a module holding one
# must show up in checkov's results (guards against a module checkov silently failed to load).
CHECKED_TYPES = (
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc_endpoint_service",
    "aws_route",
)


def _checkable(root: Path) -> set[str]:
    wanted = re.compile(r'^resource "(?:' + "|".join(CHECKED_TYPES) + r')" ', re.MULTILINE)
    return {
        folder.name
        for folder in root.iterdir()
        if folder.is_dir()
        and any(wanted.search(tf.read_text(encoding="utf-8")) for tf in folder.glob("*.tf"))
    }


def _describe(checks: list[dict[str, Any]], report: Report) -> str:
    return "\n".join(
        f"  {report.module_of(c)}/{Path(c['file_path']).name}:{c['file_line_range'][0]} "
        f"{c['check_id']} {c['resource']} -- {c['check_name']}"
        for c in checks
    )


# --- inline suppressions --------------------------------------------------------------------


@dataclass(frozen=True)
class Suppression:
    file: Path
    line: int  # 1-based
    text: str
    check_id: str | None
    reason: str | None


def suppressions(root: Path) -> list[Suppression]:
    found = []
    for tf in sorted(root.rglob("*.tf")):
        for number, line in enumerate(tf.read_text(encoding="utf-8").splitlines(), start=1):
            if SKIP_COMMENT.search(line):
                m = WELL_FORMED_SKIP.match(line)
                found.append(
                    Suppression(
                        tf,
                        number,
                        line,
                        m.group("id") if m else None,
                        m.group("reason").strip() if m else None,
                    )
                )
    return found


def _malformed(found: list[Suppression]) -> list[str]:
    bad = []
    for s in found:
        where = f"{s.file}:{s.line}: {s.text.strip()}"
        if s.check_id is None:
            bad.append(
                f"{where}\n    want an indented `# checkov:skip=CKV_..._N: reason` inside the "
                "resource block, one check per comment"
            )
        elif s.reason is None or len(s.reason) < MIN_REASON:
            bad.append(f"{where}\n    the reason is missing or shorter than {MIN_REASON} chars")
    return bad


def _unused(found: list[Suppression], report: Report) -> list[str]:
    """Suppressions checkov did not apply (outside a block, or the check no longer fires)."""
    used = defaultdict(list)
    for c in report.skipped:
        used[(Path(c["file_abs_path"]).resolve(), c["check_id"])].append(c["file_line_range"])
    return [
        f"{s.file}:{s.line}: {s.text.strip()}"
        for s in found
        if not any(start < s.line < end for start, end in used[(s.file.resolve(), s.check_id)])
    ]


def test_inline_suppressions_are_well_formed_and_counted() -> None:
    """Runs without checkov: the committed modules' suppressions, their form and their count."""
    found = suppressions(EXAMPLES)
    assert not _malformed(found), "\n".join(_malformed(found))
    listing = "\n".join(f"  {s.file.relative_to(ROOT)}:{s.line} {s.check_id}" for s in found)
    assert len(found) == EXPECTED_SUPPRESSIONS, (
        f"{len(found)} inline checkov suppressions in output-examples, "
        f"EXPECTED_SUPPRESSIONS is {EXPECTED_SUPPRESSIONS} (update it and the README):\n{listing}"
    )
    stated = README_COUNT.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert stated, (
        "README.md does not state the number of inline checkov suppressions "
        f"(want the phrase '{EXPECTED_SUPPRESSIONS} inline checkov suppression(s)')"
    )
    assert {int(n) for n in stated} == {EXPECTED_SUPPRESSIONS}, (
        f"README.md states {stated}, the examples carry {EXPECTED_SUPPRESSIONS}"
    )


# --- the committed examples -----------------------------------------------------------------


def test_output_examples_pass_checkov() -> None:
    report = run_checkov(EXAMPLES)
    assert not report.parsing_errors, report.parsing_errors
    unseen = _checkable(EXAMPLES) - report.modules_seen()
    assert not unseen, f"checkov evaluated no check in: {sorted(unseen)}"
    assert not report.failed, (
        f"{len(report.failed)} failed checkov check(s) in output-examples "
        "(fix the renderer, or have it write an inline suppression with a reason):\n"
        + _describe(report.failed, report)
    )
    found = suppressions(EXAMPLES)
    assert not _unused(found, report), "suppressions checkov did not apply:\n" + "\n".join(
        _unused(found, report)
    )
    for c in report.skipped:
        comment = c["check_result"].get("suppress_comment", "")
        assert comment.strip() and comment != "No comment provided", c


# --- rendered variants ----------------------------------------------------------------------


@dataclass
class Variant:
    name: str
    text: str
    base_dir: Path | None = None


def _load(v: Variant) -> LoadedSpec:
    loaded = load_text(f"{v.name}.yaml", v.text, base_dir=v.base_dir)
    check_specs([loaded])
    return loaded


def _warned(loaded: LoadedSpec) -> set[str]:
    """The unsuppressed vpcegen warnings that correspond to a checkov check."""
    return {
        f.rule_id
        for f in loaded.findings
        if f.rule_id in ACCEPTABLE_RULES and f.severity is not Severity.ERROR
    }


def _accepting(v: Variant, rules: set[str]) -> Variant:
    data = yaml.safe_load(v.text)
    data["suppress"] = sorted(set(data.get("suppress") or []) | rules)
    return Variant(f"{v.name}--accepted", yaml.safe_dump(data, sort_keys=False), v.base_dir)


def _rule_example_variants() -> Iterator[Variant]:
    for rule in RULES:
        for i, example in enumerate(rule.examples):
            kind = "bad" if example.bad else "good"
            yield Variant(f"rule-{rule.id}-{kind}{i}", example_text(example.text))


def _mutations(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Risky-but-valid changes to an example spec, each one a vpcegen warning at most."""
    groups = data.get("security_groups") or {}
    if groups:
        first = sorted(groups)[0]
        world = json.loads(json.dumps(data))
        world["security_groups"][first].setdefault("ingress", []).extend(
            [
                {"port": 22, "from": ["0.0.0.0/0"]},
                {"port": 80, "from": ["0.0.0.0/0", "::/0"]},
                {"port": 3000, "to_port": 4000, "from": ["0.0.0.0/0"]},
                {"port": 1, "to_port": 65535, "protocol": "udp", "from": ["0.0.0.0/0"]},
            ]
        )
        yield "world-ingress", world
        spare = json.loads(json.dumps(data))
        spare["security_groups"]["spare"] = {
            "description": "Kept for resources outside this module",
            "ingress": [{"port": 443, "from": ["10.200.0.0/16"], "description": "HTTPS"}],
        }
        yield "unattached-group", spare
    services = data.get("endpoint_services") or {}
    if services:
        auto = json.loads(json.dumps(data))
        for svc in auto["endpoint_services"].values():
            svc["acceptance_required"] = False
            svc.pop("accept_endpoints", None)
        yield "auto-accept", auto
        public = json.loads(json.dumps(auto))
        for svc in public["endpoint_services"].values():
            svc["allowed_principals"] = ["*"]
            svc["allow_any_principal"] = True
        yield "public-auto-accept", public


def _example_variants() -> Iterator[Variant]:
    for spec in sorted(EXAMPLES.glob("*/spec.yaml")):
        data = yaml.safe_load(spec.read_text(encoding="utf-8"))
        for label, mutated in _mutations(data):
            yield Variant(
                f"example-{spec.parent.name}-{label}",
                yaml.safe_dump(mutated, sort_keys=False),
                spec.parent,
            )


SOURCES = [
    "vpc",
    ["0.0.0.0/0"],
    ["::/0"],
    ["10.1.0.0/16"],
    ["192.0.2.0/24", "2001:db8:99::/48"],
    ["pl-0123456789abcdef0"],
    ["sg-0123456789abcdef0"],
]
PORTS = [(22, None), (80, None), (443, None), (3389, None), (1, 1024), (8000, 9000), (0, 65535)]


def _random_sg_variants(count: int = 12, seed: int = 20240611) -> Iterator[Variant]:
    """Seeded random rule sets on the dualstack example (IPv4 and IPv6 sources are valid)."""
    base_dir = EXAMPLES / "dualstack-endpoints"
    base = yaml.safe_load((base_dir / "spec.yaml").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    for n in range(count):
        data = json.loads(json.dumps(base))
        group: dict[str, Any] = {"description": "random rules", "ingress": [], "egress": []}
        for direction in ("ingress", "egress"):
            for _ in range(rng.randint(0 if direction == "egress" else 1, 4)):
                port, to_port = rng.choice(PORTS)
                rule: dict[str, Any] = {
                    "port": port,
                    "protocol": rng.choice(["tcp", "udp"]),
                    ("from" if direction == "ingress" else "to"): rng.choice(SOURCES),
                }
                if to_port is not None:
                    rule["to_port"] = to_port
                if rng.random() < 0.5:
                    rule["description"] = f"rule {len(group[direction])} of {direction}"
                group[direction].append(rule)
        data["security_groups"] = {"endpoints": group}
        yield Variant(f"random-sg-{n}", yaml.safe_dump(data, sort_keys=False), base_dir)


@dataclass
class Rendered:
    variant: Variant
    acknowledged: set[str]  # ACCEPTABLE_RULES the spec was warned about or suppresses
    accepted: bool  # the spec has no unsuppressed warning of ACCEPTABLE_RULES


def _render_all(out: Path) -> dict[str, Rendered]:
    rendered: dict[str, Rendered] = {}

    def emit(v: Variant, loaded: LoadedSpec) -> None:
        folder = out / v.name
        for name, data in render_spec(loaded, f"{v.name}.yaml").items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        warned = _warned(loaded)
        assert loaded.spec is not None, v.name
        acknowledged = warned | (set(loaded.spec.suppress) & ACCEPTABLE_RULES)
        rendered[v.name] = Rendered(v, acknowledged, accepted=not warned)

    def process(v: Variant) -> None:
        loaded = _load(v)
        if loaded.spec is None or has_errors(loaded.findings):
            return
        warned = _warned(loaded)
        emit(v, loaded)
        if warned:
            accepted = _accepting(v, warned)
            loaded = _load(accepted)
            assert not has_errors(loaded.findings), accepted.name
            assert not _warned(loaded), accepted.name
            emit(accepted, loaded)

    for v in (*_rule_example_variants(), *_example_variants(), *_random_sg_variants()):
        process(v)
    _hypothesis_variants(process)
    return rendered


HYPOTHESIS_SPECS = 30  # specs drawn from the property test's strategy (derandomized)


def _hypothesis_variants(process: Callable[[Variant], None]) -> None:
    """Specs from tests/render/test_conformance_property.py's `specs` strategy, when it has one."""
    try:
        from tests.render.test_conformance_property import loaded_spec, specs
    except ImportError:  # the strategy moved: the fixed variants above still run
        return
    drawn: list[dict[str, Any]] = []

    @settings(
        max_examples=HYPOTHESIS_SPECS,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(spec=specs())
    def draw(spec: dict[str, Any]) -> None:
        drawn.append(spec)

    draw()
    for n, spec in enumerate(drawn):
        # loaded_spec writes the spec and its policy files to a scratch folder.
        with loaded_spec(spec) as (_loaded, base):
            text = (base / "spec.yaml").read_text(encoding="utf-8")
            process(Variant(f"hypothesis-{n}", text, base))


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Rendered], Report]:
    if _find_checkov()[0] is None:
        _unavailable(_find_checkov()[1])
    out = tmp_path_factory.mktemp("checkov-variants")
    rendered = _render_all(out)
    return rendered, run_checkov(out)


def test_variants_cover_the_risky_cases(variants: tuple[dict[str, Rendered], Report]) -> None:
    rendered, report = variants
    assert len(rendered) >= 150, len(rendered)
    assert not report.parsing_errors, report.parsing_errors
    unseen = _checkable(report.root) - report.modules_seen()
    assert not unseen, f"checkov evaluated no check in: {sorted(unseen)}"
    for rule in sorted(ACCEPTABLE_RULES):
        assert any(rule in r.acknowledged and not r.accepted for r in rendered.values()), (
            f"no variant exercises {rule}"
        )


def test_checkov_finds_nothing_vpcegen_did_not_warn_about(
    variants: tuple[dict[str, Rendered], Report],
) -> None:
    """Contract 1: each checkov failure has its vpcegen warning in the same spec (raised, or
    suppressed by the spec: then contract 2 says the module must carry an inline skip)."""
    rendered, report = variants
    unexplained = [
        c for c in report.failed if CHECK_TO_RULE.get(c["check_id"]) not in
        rendered[report.module_of(c)].acknowledged
    ]  # fmt: skip
    assert not unexplained, (
        "checkov failures vpcegen gave no warning for (a vpcegen gap: warn, fix the renderer, "
        "or write an inline suppression with a reason):\n" + _describe(unexplained, report)
    )


def test_accepted_specs_render_checkov_clean_modules(
    variants: tuple[dict[str, Rendered], Report],
) -> None:
    """Contract 2: a spec that accepts its warnings renders a module with no failed check."""
    rendered, report = variants
    failed = [c for c in report.failed if rendered[report.module_of(c)].accepted]
    assert not failed, (
        "checkov failures in modules whose spec has no unsuppressed warning (the renderer should "
        "write `# checkov:skip=<ID>: <reason>` inside the block when the spec accepts the "
        "warning):\n" + _describe(failed, report)
    )


def test_variant_suppressions_are_well_formed_and_used(
    variants: tuple[dict[str, Rendered], Report],
) -> None:
    """Contract 3 for everything rendered: one named check and a reason each, none stale."""
    _rendered, report = variants
    found = suppressions(report.root)
    assert not _malformed(found), "\n".join(_malformed(found))
    assert not _unused(found, report), "suppressions checkov did not apply:\n" + "\n".join(
        _unused(found, report)
    )
    for c in report.skipped:
        comment = c["check_result"].get("suppress_comment", "")
        assert comment.strip() and comment != "No comment provided", c
