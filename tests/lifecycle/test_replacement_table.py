"""The vendored replacement-rules table (tests/fixtures/provider-replacement/replacement.json).

* Coverage: every argument of every resource any module under output-examples/ emits is
  classified (force_new, updatable, no_update, a conditional rule or a nested force_new).
* Consistency with the vendored provider schema, and with the stand-in's implementation of
  the conditional rules.
* The rules themselves, without Terraform (tests/support/tfharness/replacement.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import hcl
from tests.support.tfharness.cty import UNKNOWN, block_type
from tests.support.tfharness.provider import load_provider_schema
from tests.support.tfharness.replacement import CONDITIONS, load_table, requires_replace

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.parent for p in (REPO / "output-examples").glob("*/spec.yaml"))
META_ARGUMENTS = {"count", "for_each", "depends_on", "provider", "lifecycle", "provisioner"}
REGION = "eu-west-1"


# Terraform's built-in resources are not the provider's: real Terraform runs them in the
# day-2 tests (tests/lifecycle/test_day2.py), so the table has no entry for them.
BUILTIN = frozenset({"terraform_data"})


def _emitted() -> Iterator[tuple[str, str, str]]:
    """(resource type, argument path, where) for every argument the examples emit."""
    for module in EXAMPLES:
        for name, root in hcl.parse_module_blocks(module).items():
            for block in root.blocks_of("resource"):
                if block.labels[0] in BUILTIN:
                    continue
                where = f"{module.name}/{name}:{block.line}"
                yield from _arguments(block.labels[0], block, "", where)


def _arguments(
    type_name: str, block: hcl.Block, prefix: str, where: str
) -> Iterator[tuple[str, str, str]]:
    for attr in block.attributes:
        if not prefix and attr in META_ARGUMENTS:
            continue
        yield type_name, f"{prefix}{attr}", where
    for nested in block.blocks:
        if not prefix and nested.type in META_ARGUMENTS:
            continue
        if nested.type == "dynamic":
            inner = nested.blocks_of("content")
            yield type_name, f"{prefix}{nested.labels[0]}", where
            for content in inner:
                yield from _arguments(type_name, content, f"{prefix}{nested.labels[0]}.", where)
            continue
        yield type_name, f"{prefix}{nested.type}", where
        yield from _arguments(type_name, nested, f"{prefix}{nested.type}.", where)


def _classified(entry: dict[str, Any]) -> set[str]:
    names = set(entry["force_new"]) | set(entry["updatable"]) | set(entry["no_update"])
    names |= {a for rule in entry["conditional_replace"] for a in rule["attributes"]}
    names |= {f"{block}.{a}" for block, attrs in entry["force_new_nested"].items() for a in attrs}
    names |= set(entry["force_new_nested"])
    return names


def test_every_emitted_argument_is_classified() -> None:
    table = load_table()["resources"]
    emitted = list(_emitted())
    assert len({t for t, _, _ in emitted}) >= 8, (
        "the examples emit fewer resource types than expected"
    )
    missing: list[str] = []
    for type_name, argument, where in emitted:
        entry = table.get(type_name)
        if entry is None:
            missing.append(f"{where}: resource type {type_name} is not in the table")
        elif argument not in _classified(entry) and argument != "region":
            missing.append(f"{where}: {type_name}.{argument} is not classified")
    assert not missing, "\n".join(sorted(set(missing)))


def test_coverage_check_can_fail() -> None:
    """The classification really depends on the table: drop one argument, it is reported."""
    entry = dict(load_table()["resources"]["aws_vpc_endpoint"])
    entry["force_new"] = [a for a in entry["force_new"] if a != "service_name"]
    assert "service_name" not in _classified(entry)
    assert any(t == "aws_vpc_endpoint" and a == "service_name" for t, a, _ in _emitted())


def test_table_matches_the_provider_schema() -> None:
    schemas = load_provider_schema()["resource_schemas"]
    table = load_table()
    problems: list[str] = []
    for type_name, entry in table["resources"].items():
        assert entry["source"].startswith("internal/") and entry["source"].endswith(".go")
        assert len(entry["commit"]) == 40
        block = schemas[type_name]["block"]
        attributes = block.get("attributes", {})
        blocks = block.get("block_types", {})
        top = set(attributes) | set(blocks)
        for name in _classified(entry):
            head, _, tail = name.partition(".")
            nested = blocks.get(head, {}).get("block", {}).get("attributes", {})
            if head not in top or (tail and tail not in nested):
                problems.append(f"{type_name}.{name}: not in the schema")
        for name in entry["force_new"]:
            if name in entry["updatable"]:
                problems.append(f"{type_name}.{name}: both force_new and updatable")
        for name in entry["optional_computed"]:
            spec = attributes.get(name)
            if name not in blocks and not (spec and spec.get("optional") and spec.get("computed")):
                problems.append(f"{type_name}.{name}: listed optional_computed, schema disagrees")
        for rule in entry["conditional_replace"]:
            if rule["id"] not in CONDITIONS:
                problems.append(f"{type_name}: conditional rule {rule['id']} has no implementation")
    for rule in table["common"]["conditional_replace"]:
        assert rule["id"] in CONDITIONS
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the rules


def _endpoint(**values: Any) -> dict[str, Any]:
    base = {
        "vpc_id": "vpc-1",
        "service_name": "com.amazonaws.eu-west-1.s3",
        "vpc_endpoint_type": "Gateway",
        "private_dns_enabled": False,
        "tags": {"a": "b"},
        "route_table_ids": ["rtb-1", "rtb-2"],
        "region": REGION,
        "dns_options": [{"dns_record_ip_type": "ipv4"}],
    }
    return {**base, **values}


def _replace(
    type_name: str, prior: dict[str, Any], planned: dict[str, Any]
) -> list[tuple[str, ...]]:
    ty = block_type(load_provider_schema()["resource_schemas"][type_name]["block"])
    return requires_replace(type_name, ty, prior, planned, REGION)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, []),
        ({"service_name": "com.amazonaws.eu-west-1.dynamodb"}, [("service_name",)]),
        ({"vpc_id": UNKNOWN}, [("vpc_id",)]),
        ({"tags": {"a": "c"}}, []),
        ({"route_table_ids": ["rtb-2", "rtb-1"]}, []),  # a set: order does not matter
        ({"route_table_ids": ["rtb-3"]}, []),  # updatable
        ({"private_dns_enabled": True}, [("private_dns_enabled",)]),  # Gateway: CustomizeDiff
        ({"region": "us-east-1"}, [("region",)]),
        ({"region": None}, []),  # unset means the provider's region
        (
            {"dns_options": [{"private_dns_preference": "ALL_DOMAINS"}]},
            [("dns_options", "private_dns_preference")],
        ),
    ],
)
def test_vpc_endpoint_rules(change: dict[str, Any], expected: list[tuple[str, ...]]) -> None:
    assert _replace("aws_vpc_endpoint", _endpoint(), _endpoint(**change)) == expected


def test_private_dns_on_interface_endpoint_is_updatable() -> None:
    prior = _endpoint(vpc_endpoint_type="Interface")
    assert _replace("aws_vpc_endpoint", prior, {**prior, "private_dns_enabled": True}) == []


@pytest.mark.parametrize(
    ("prior", "planned", "expected"),
    [
        ({"subnets": ["subnet-a", "subnet-b"]}, {"subnets": ["subnet-a", "subnet-b", "c"]}, []),
        ({"subnets": ["subnet-a", "subnet-b"]}, {"subnets": ["subnet-a"]}, [("subnets",)]),
        ({"subnets": ["subnet-a", "subnet-b"]}, {"subnets": ["subnet-a", "c"]}, [("subnets",)]),
        ({"security_groups": []}, {"security_groups": ["sg-1"]}, [("security_groups",)]),
        ({"security_groups": ["sg-1"]}, {"security_groups": []}, [("security_groups",)]),
        ({"security_groups": ["sg-1"]}, {"security_groups": ["sg-2"]}, []),
        ({"name": "a"}, {"name": "b"}, [("name",)]),
        ({"enable_deletion_protection": True}, {"enable_deletion_protection": False}, []),
    ],
)
def test_network_load_balancer_rules(
    prior: dict[str, Any], planned: dict[str, Any], expected: list[tuple[str, ...]]
) -> None:
    base = {"load_balancer_type": "network", "internal": True, "region": REGION}
    assert _replace("aws_lb", {**base, **prior}, {**base, **planned}) == expected
    if expected and expected[0][0] in ("subnets", "security_groups"):  # NLBs only
        alb = {**base, "load_balancer_type": "application"}
        assert _replace("aws_lb", {**alb, **prior}, {**alb, **planned}) == []


def test_security_group_rule_source_type_change_replaces() -> None:
    prior = {"security_group_id": "sg-1", "cidr_ipv4": "10.0.0.0/8", "ip_protocol": "tcp"}
    assert (
        _replace(
            "aws_vpc_security_group_ingress_rule", prior, {**prior, "cidr_ipv4": "10.1.0.0/16"}
        )
        == []
    )
    changed = {**prior, "cidr_ipv4": None, "prefix_list_id": "pl-1"}
    assert _replace("aws_vpc_security_group_ingress_rule", prior, changed) == [
        ("cidr_ipv4",),
        ("prefix_list_id",),
    ]
    assert _replace(
        "aws_vpc_security_group_egress_rule", prior, {**prior, "security_group_id": "sg-2"}
    ) == [("security_group_id",)]


def test_every_force_new_argument_replaces() -> None:
    """Each force_new entry, changed alone, forces replacement (the table drives the rule)."""
    schemas = load_provider_schema()["resource_schemas"]
    for type_name, entry in load_table()["resources"].items():
        for name in entry["force_new"]:
            spec = schemas[type_name]["block"]["attributes"][name]
            old, new = _two_values(spec["type"])
            assert _replace(type_name, {name: old}, {name: new}) == [(name,)], (type_name, name)
        conditional = {a for rule in entry["conditional_replace"] for a in rule["attributes"]}
        for name in entry["updatable"]:
            spec = schemas[type_name]["block"].get("attributes", {}).get(name)
            if spec is None or "." in name or name in conditional:
                continue
            old, new = _two_values(spec["type"])
            assert _replace(type_name, {name: old}, {name: new}) == [], (type_name, name)


def _two_values(ty: Any) -> tuple[Any, Any]:
    if ty == "string":
        return "a", "b"
    if ty == "number":
        return 1, 2
    if ty == "bool":
        return False, True
    if isinstance(ty, list) and ty[0] in ("list", "set"):
        first, second = _two_values(ty[1])
        return [first], [second]
    if isinstance(ty, list) and ty[0] == "object":
        pairs = {attr: _two_values(t) for attr, t in ty[1].items()}
        return {a: p[0] for a, p in pairs.items()}, {a: p[1] for a, p in pairs.items()}
    if isinstance(ty, list) and ty[0] == "map":
        first, second = _two_values(ty[1])
        return {"k": first}, {"k": second}
    raise AssertionError(f"no sample values for {ty}")


# --------------------------------------------------------------------------- cross-check

RESEARCH = (
    REPO / "tests" / "fixtures" / "provider-replacement" / "research-provider-replacement.json"
)


def test_agrees_with_the_independent_research_table() -> None:
    """A second reading of the provider source (vendored verbatim from the research helper,
    in its own format) agrees on what replaces and what updates in place."""
    import json
    import re

    research = json.loads(RESEARCH.read_text(encoding="utf-8"))["resources"]
    disagreements: list[str] = []
    for type_name, entry in load_table()["resources"].items():
        other = research.get(type_name)
        if other is None:
            if not entry.get("single_reading"):  # says why only one reading exists
                disagreements.append(f"{type_name}: not in the research table")
            continue
        # ours: the common conditional rule for region; "(inferred: ...)" notes dropped
        theirs = {re.sub(r" \(.*", "", name) for name in other["force_new"]} - {"region"}
        if theirs != set(entry["force_new"]):
            disagreements.append(f"{type_name}: force_new {sorted(theirs)} != {entry['force_new']}")
        nested = {k: sorted(v) for k, v in other["force_new_nested"].items() if v}
        if nested != {k: sorted(v) for k, v in entry["force_new_nested"].items()}:
            disagreements.append(f"{type_name}: force_new_nested {nested}")
        in_place = {re.sub(r" \(.*", "", name) for name in other["in_place"]}
        ours = set(entry["updatable"]) | set(entry["no_update"])
        if not in_place <= ours:
            disagreements.append(f"{type_name}: in place per research: {sorted(in_place - ours)}")
        for rule in other["conditional_replace"]:
            attributes = set(rule["attribute"].split(" | "))
            ours_conditional = {a for r in entry["conditional_replace"] for a in r["attributes"]}
            if rule["when"] != "not read" and not attributes <= ours_conditional:
                disagreements.append(f"{type_name}: conditional {sorted(attributes)} not modelled")
    assert not disagreements, "\n".join(disagreements)


def test_no_update_argument_fails_at_apply() -> None:
    """wait_for_verification plans as an update but the provider cannot apply it."""
    from tf.gen import tfplugin_pb2

    from tests.support.tfharness import cty
    from tests.support.tfharness.provider import StubProvider

    type_name = "aws_vpc_endpoint_service_private_dns_verification"
    ty = block_type(load_provider_schema()["resource_schemas"][type_name]["block"])
    prior = {"service_id": "vpce-svc-1", "wait_for_verification": False, "region": REGION}
    planned = {**prior, "wait_for_verification": True}
    provider = StubProvider(load_provider_schema(), {})
    response = provider.ApplyResourceChange(
        tfplugin_pb2.ApplyResourceChange.Request(
            type_name=type_name,
            prior_state=tfplugin_pb2.DynamicValue(msgpack=cty.encode(cty.conform(prior, ty), ty)),
            planned_state=tfplugin_pb2.DynamicValue(
                msgpack=cty.encode(cty.conform(planned, ty), ty)
            ),
        ),
        None,
    )
    assert [d.summary for d in response.diagnostics] == [f"{type_name} cannot be updated"]
    assert "wait_for_verification" in response.diagnostics[0].detail
