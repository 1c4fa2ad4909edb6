"""Suppressing a rule reaches its plan-time half: a suppressed warning's guard leaves no trace
in the module, every other guard stays as it was, and error rules cannot be suppressed.

Driven through generator.api.render_spec on the output examples and on small specs written
to trigger the guards the examples do not.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.api import generate_paths, render_spec
from generator.diagnostics import Severity
from generator.loader.load import LoadedSpec, load_spec, load_text
from generator.plan_time import ModuleRefs, Placed, RuleGuard
from generator.render.module import render_module
from generator.resolve import resolve
from generator.rules.base import Rule
from generator.rules.catalog import RULES, plan_guards
from generator.rules.engine import check_specs
from tests.support.paths import ROOT

GUARDED = [r for r in RULES if r.guard is not None]
SUPPRESSIBLE = [r for r in GUARDED if r.suppressible]
UNSUPPRESSIBLE = [r for r in GUARDED if not r.suppressible]
EXAMPLES = sorted((ROOT / "output-examples").glob("*/spec.yaml"))

# Warning guards the examples leave out: inputs without AZ IDs (IF004), private DNS on another
# account's service (IF010); and the VPC as an input next to a gateway endpoint (GW007) and a
# policy on a service whose policy support is unknown (POL005), so that each warning guard is
# suppressed in a spec where the others fire too.
WARNINGS = """\
version: 1
name: warning-guards
region: eu-west-1
network:
  subnet_groups:
    app: {}
  route_table_groups:
    private: {}
security_groups:
  endpoints:
    description: HTTPS from the VPC
    ingress:
      - {port: 443, from: vpc}
endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
  acm:
    type: interface
    service: acm
    subnet_group: app
    security_groups: [endpoints]
    policy: {preset: account, account_ids: ["111122223333"]}
  partner:
    type: interface
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0
    subnet_group: app
    security_groups: [endpoints]
    private_dns: true
"""

# Error guards the examples leave out: two gateway endpoints to one service on input route
# tables (GW003), ipv4 and ipv6 endpoints on input subnets (IP002, IP004), a fixed address in
# an AZ the group does not declare (IP007).
ERRORS = """\
version: 1
name: error-guards
region: eu-west-1
network:
  vpc:
    id: vpc-0123456789abcdef0
    cidr_blocks: [10.0.0.0/16]
  subnet_groups:
    v4: {}
    v6: {ipv4: false, ipv6: true}
    inspection: {ipv6: true}
  route_table_groups:
    a: {}
    b: {}
    edge: {edge: true}
security_groups:
  endpoints:
    description: HTTPS from the VPC
    ingress:
      - {port: 443, from: vpc}
endpoints:
  inspect:
    type: gateway-load-balancer
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210
    subnet_group: inspection
    ip_address_type: dualstack
    routes:
      - {route_table_group: a, destination: "::/0"}
      - {route_table_group: edge, destination: "2001:db8:0:10::/64"}
  s3-a:
    type: gateway
    service: s3
    route_table_groups: [a]
  s3-b:
    type: gateway
    service: s3
    route_table_groups: [b]
  ssm:
    type: interface
    service: ssm
    subnet_group: v4
    security_groups: [endpoints]
    ip_address_type: ipv4
    addresses:
      euw1-az1: {ipv4: 10.0.1.10}
  sts:
    type: interface
    service: sts
    subnet_group: v6
    security_groups: [endpoints]
    ip_address_type: ipv6
"""

SMALL = {"warning-guards": WARNINGS, "error-guards": ERRORS}


def _with_suppressed(text: str, rule_id: str) -> str:
    """The spec text with `rule_id` added to its top-level `suppress` list."""
    ids = [*(yaml.safe_load(text).get("suppress") or []), rule_id]
    rest = re.sub(r"^suppress:.*\n(?:[ \t-].*\n)*", "", text, flags=re.M)
    return rest.rstrip("\n") + f"\nsuppress: [{', '.join(ids)}]\n"


def _load(name: str, text: str, tmp: Path) -> LoadedSpec:
    """A spec loaded from a file, beside the example's policy files when it is an example."""
    folder = tmp / name
    if name in SMALL:
        folder.mkdir(parents=True)
    else:
        shutil.copytree(ROOT / "output-examples" / name, folder)
    path = folder / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return load_spec(f"{name}/spec.yaml", path)


def _specs() -> Iterator[tuple[str, str]]:
    for path in EXAMPLES:
        yield path.parent.name, path.read_text(encoding="utf-8")
    yield from SMALL.items()


def _mentions(files: dict[str, bytes], rule_id: str) -> Counter[str]:
    """Every line of the module that names `rule_id` (guard messages and check-block comments
    start with it; check blocks are named after it), with its file."""
    found: Counter[str] = Counter()
    for name, content in files.items():
        for line in content.decode("utf-8").splitlines():
            if re.search(rf"\b{rule_id}\b|\b{rule_id.lower()}_", line):
                found[f"{name}: {line.strip()}"] += 1
    return found


def _placed(loaded: LoadedSpec) -> dict[str, set[str]]:
    """The sites each rule's guard places assertions on for this spec (rule ID -> sites)."""
    sites: dict[str, set[str]] = {}

    def recording(rule_guard: RuleGuard) -> RuleGuard:
        def guard(refs: ModuleRefs) -> Iterator[Placed]:
            for placed in rule_guard.guard(refs):
                sites.setdefault(rule_guard.rule_id, set()).add(placed.site)
                yield placed

        return RuleGuard(rule_guard.rule_id, guard)

    render_module(resolve(loaded), "spec.yaml", [recording(g) for g in plan_guards()])
    return sites


@pytest.fixture(scope="module")
def triggered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, set[str]]]:
    """Spec name -> the guards that place something on its module, with their sites."""
    tmp = tmp_path_factory.mktemp("triggered")
    return {name: _placed(_load(name, text, tmp)) for name, text in _specs()}


@pytest.mark.parametrize("name", list(SMALL))
def test_small_specs_are_valid(name: str) -> None:
    loaded = load_text("spec.yaml", SMALL[name])
    check_specs([loaded])
    assert [f for f in loaded.findings if f.severity is Severity.ERROR] == []


def test_every_guard_fires_on_some_spec(triggered: dict[str, dict[str, set[str]]]) -> None:
    fired = {rule_id for sites in triggered.values() for rule_id in sites}
    assert sorted(r.id for r in GUARDED if r.id not in fired) == []


def test_guard_sites_are_where_the_guard_places(
    triggered: dict[str, dict[str, set[str]]],
) -> None:
    """`guard_sites` (shown by `vpcegen explain` and docs/rules.md) are the sites the guard
    really uses on these specs."""
    observed: dict[str, set[str]] = {}
    for sites in triggered.values():
        for rule_id, kinds in sites.items():
            observed.setdefault(rule_id, set()).update(kinds)
    declared = {r.id: set(r.guard_sites) for r in GUARDED}
    assert observed == declared


@pytest.mark.parametrize("rule", SUPPRESSIBLE, ids=[r.id for r in SUPPRESSIBLE])
def test_suppressing_a_warning_drops_its_guard_only(
    rule: Rule, triggered: dict[str, dict[str, set[str]]], tmp_path: Path
) -> None:
    """On every spec where the guard fires: suppressed, no line of the module names the rule,
    and every line naming another guarded rule is still there."""
    specs = [(name, text) for name, text in _specs() if rule.id in triggered[name]]
    assert specs, f"no spec triggers {rule.id}'s guard"
    for name, text in specs:
        before = render_spec(_load(name, text, tmp_path / "before"), f"{name}/spec.yaml")
        suppressed = _load(name, _with_suppressed(text, rule.id), tmp_path / "after")
        check_specs([suppressed])
        assert [f for f in suppressed.findings if f.rule_id == "SPEC008"] == []
        after = render_spec(suppressed, f"{name}/spec.yaml")

        assert _mentions(before, rule.id), f"{rule.id} placed nothing naming it on {name}"
        assert _mentions(after, rule.id) == Counter(), name
        for other in GUARDED:
            if other.id != rule.id:
                assert _mentions(after, other.id) == _mentions(before, other.id), (name, other.id)
        shutil.rmtree(tmp_path / "before")
        shutil.rmtree(tmp_path / "after")


@pytest.mark.parametrize("rule", UNSUPPRESSIBLE, ids=[r.id for r in UNSUPPRESSIBLE])
def test_error_guards_cannot_be_suppressed(rule: Rule) -> None:
    loaded = load_text("spec.yaml", _with_suppressed(ERRORS, rule.id))
    check_specs([loaded])
    spec008 = [f for f in loaded.findings if f.rule_id == "SPEC008"]
    assert [(f.severity, rule.id in f.message) for f in spec008] == [(Severity.ERROR, True)]


def test_generate_refuses_a_spec_suppressing_error_guards(tmp_path: Path) -> None:
    """No module is written, so no module lacks an error rule's guard."""
    text = ERRORS
    for rule in UNSUPPRESSIBLE:
        text = _with_suppressed(text, rule.id)
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    result = generate_paths([str(spec)], str(tmp_path / "out"))
    assert result.modules == []
    assert not result.validation.ok
    reported = {f.message.split()[0] for f in result.validation.findings if f.rule_id == "SPEC008"}
    assert reported == {r.id for r in UNSUPPRESSIBLE}
    assert not (tmp_path / "out" / "error-guards").exists()
