"""Shared steps of the import tests: run the CLI, compare two specs by the estate they make."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.loader.load import LoadedSpec, load_spec
from generator.render import hcl
from generator.resolve.build import resolve
from tests.support.lifecycle import Plan
from tests.support.paths import ROOT
from tests.support.plan_inputs import PlanInputs

LOOKUP = "<the VPC's CIDR, looked up>"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def load(path: Path) -> LoadedSpec:
    loaded = load_spec(str(path), path)
    assert loaded.spec is not None, [str(f) for f in loaded.findings]
    return loaded


def estate(loaded: LoadedSpec, inputs: PlanInputs, prefix_lists: set[str]) -> dict[str, Any]:
    """What a spec makes in AWS, in comparable form: IDs resolved through the plan inputs,
    rules through the VPC's CIDR blocks, security groups by name, policies as documents.

    Left out, because a description of AWS does not show them: fixed ENI addresses,
    timeouts, accept_endpoints, auto_accept, private DNS verification, the AZ IDs a service is
    offered in, the load balancers' IP address type, DNS record types equal to AWS's default
    for the endpoint's IP address type, and `suppress`.
    """
    resolved = resolve(loaded)
    spec = resolved.spec

    def subnet_ids(group: str | None) -> list[str]:
        if group is None:
            return []
        ids = spec.network.subnet_groups[group].ids
        return (
            sorted(ids)
            if ids is not None
            else sorted(s.id for s in inputs.subnets[hcl.identifier(group)])
        )

    def route_tables(groups: tuple[str, ...]) -> list[str]:
        out: set[str] = set()
        for g in groups:
            ids = spec.network.route_table_groups[g].ids
            if ids is None:
                value = inputs.variables[f"{hcl.identifier(g)}_route_table_ids"]
                ids = list(value.values()) if isinstance(value, dict) else list(value)  # type: ignore[union-attr]
            out.update(ids)
        return sorted(out)

    def tags(key: str, own: dict[str, str]) -> dict[str, str]:
        return {**spec.tags, "Name": f"{spec.name}-{key}", **own}

    endpoints = {}
    for ep in resolved.endpoints:
        m = ep.model
        record = ep.dns.record_ip_type if ep.dns and ep.dns.record_ip_type else None
        if record and record.lower() == (ep.ip_address_type or "ipv4"):
            record = None
        endpoints[ep.key] = {
            "type": ep.type,
            "target": ep.service_name or m.resource_configuration_arn or m.service_network_arn,
            "subnets": subnet_ids(ep.subnet_group) if ep.kind.takes("subnet_group") else [],
            "security_groups": sorted(ep.security_groups)
            if ep.kind.takes("security_groups")
            else [],
            "route_tables": route_tables(ep.route_table_groups) if ep.type == "gateway" else [],
            "private_dns": ep.private_dns if ep.kind.takes("private_dns") else None,
            "ip_address_type": (ep.ip_address_type or "ipv4")
            if ep.type != "gateway"
            else ep.ip_address_type,
            "record_ip_type": record,
            "policy": ep.policy if ep.kind.takes("policy") else None,
            "routes": sorted(
                (d, tuple(route_tables((r.route_table_group,))))
                for r in m.routes or []
                for d in [r.destination]
            ),
            "notifications": sorted(
                (n.sns_topic_arn, tuple(sorted(n.events))) for n in m.connection_notifications or []
            ),
            "tags": tags(ep.key, m.tags),
        }
    groups = {}
    for g in resolved.security_groups:
        rules = set()
        for rule in (*g.ingress, *g.egress):
            peer = LOOKUP if rule.lookup or rule.peer in prefix_lists else rule.peer
            rules.add((rule.direction, rule.protocol, rule.from_port, rule.to_port, peer))
        groups[g.name] = {
            "description": g.description,
            "rules": sorted(rules),
            "tags": tags(g.name, g.model.tags),
        }
    services = {}
    for key, svc in resolved.endpoint_services:
        regions = sorted(set(svc.supported_regions or [])) or [spec.region]
        services[key] = {
            "nlbs": sorted(svc.network_load_balancer_arns or []),
            "gwlbs": sorted(svc.gateway_load_balancer_arns or []),
            "acceptance_required": svc.acceptance_required,
            "principals": sorted(set(svc.allowed_principals)),
            "private_dns_name": svc.private_dns_name,
            "ip_types": sorted({t.lower() for t in svc.supported_ip_address_types or ["ipv4"]}),
            "regions": regions,
            "notifications": sorted(
                (n.sns_topic_arn, tuple(sorted(n.events))) for n in svc.connection_notifications
            ),
            "tags": tags(key, svc.tags),
        }
    return {
        "region": spec.region,
        "vpc_id": spec.network.vpc.id or inputs.vpc["id"],
        "endpoints": endpoints,
        "security_groups": groups,
        "endpoint_services": services,
    }


def differences(left: Any, right: Any, path: str = "") -> list[str]:
    """Where two estates differ, as readable paths (empty when equal)."""
    if isinstance(left, dict) and isinstance(right, dict):
        out = []
        for key in sorted(set(left) | set(right), key=str):
            if key not in left or key not in right:
                out.append(f"{path}/{key}: only in {'right' if key not in left else 'left'}")
            else:
                out.extend(differences(left[key], right[key], f"{path}/{key}"))
        return out
    return [] if left == right else [f"{path}: {left!r} != {right!r}"]


def changed(plan: Plan) -> dict[str, dict[str, object]]:
    """Address -> attribute -> (before, after), for every planned change that is not a no-op."""
    out: dict[str, dict[str, object]] = {}
    for change in plan.raw.get("resource_changes", []):
        if change["change"]["actions"] == ["no-op"]:
            continue
        before = change["change"].get("before") or {}
        after = change["change"].get("after") or {}
        out[change["address"]] = {
            k: (before.get(k), after.get(k))
            for k in sorted(set(before) | set(after))
            if before.get(k) != after.get(k)
        }
    return out
