"""Inline checkov suppressions the renderer writes: every one in this file, each with its reason.

checkov (pinned in pyproject's `checkov` extra; run by tests/test_checkov.py) must find no failed
check in a module vpcegen renders. Where a check flags something the spec chose knowingly, the
block carries `# checkov:skip=<CHECK_ID>: <reason>` as its first line (checkov honours a skip
comment only inside the resource block). Each skip below is written only when the spec made that
choice: `acceptance_required: false`, or `suppress: [SG001]` / `[SG002]` / `[ES004]` for the
vpcegen warning that reports the same weakness. Without that choice there is no skip and
checkov fails, as vpcegen warns.
"""

from __future__ import annotations

import ipaddress

from generator.resolve.model import ResolvedSecurityGroup
from generator.spec.models import EndpointService, NetworkLoadBalancer, Spec

Skip = tuple[str, str]  # (check ID, reason)

# checkov 3.3.30's "no ingress from 0.0.0.0/0 to port N" checks. They read cidr_ipv4 only (a
# `::/0` rule passes them), so only IPv4 world rules get a skip: an unused skip fails the test.
WORLD_PORT_CHECKS = {22: "CKV_AWS_24", 80: "CKV_AWS_260", 3389: "CKV_AWS_25"}


def _is_ipv4_world(source: str) -> bool:
    try:
        net = ipaddress.ip_network(source, strict=False)
    except ValueError:
        return False
    return net.version == 4 and net.prefixlen == 0


def endpoint_service_skips(spec: Spec, key: str, svc: EndpointService) -> tuple[Skip, ...]:
    if svc.acceptance_required:
        return ()
    if "*" in svc.allowed_principals:
        if "ES004" not in spec.suppress:
            return ()
        reason = (
            f"ES004 is suppressed in the spec: endpoint service '{key}' is meant to be public "
            "and to connect every consumer without approval"
        )
    elif svc.allowed_principals:
        n = len(svc.allowed_principals)
        reason = (
            f"acceptance_required: false is set in the spec (vpcegen's default is true); only "
            f"the {n} allowed principal{'s' if n != 1 else ''} listed for '{key}' (no '*') "
            "can connect"
        )
    else:
        reason = (
            "acceptance_required: false is set in the spec (vpcegen's default is true); no "
            "other account is allowed to connect"
        )
    return (("CKV_AWS_123", reason),)


def security_group_skips(spec: Spec, name: str, attached: bool) -> tuple[Skip, ...]:
    if attached or "SG002" not in spec.suppress:
        return ()
    return (
        (
            "CKV2_AWS_5",
            f"SG002 is suppressed in the spec: group '{name}' is attached to no endpoint of "
            "this module; it is created for resources outside it (output security_group_ids)",
        ),
    )


def ingress_rule_skips(spec: Spec, group: ResolvedSecurityGroup) -> tuple[Skip, ...]:
    if "SG001" not in spec.suppress:
        return ()
    covered: dict[int, list[str]] = {}
    for rule in group.ingress:
        if rule.kind != "cidr_ipv4" or rule.peer != "0.0.0.0/0":
            continue
        for port in WORLD_PORT_CHECKS:
            if rule.from_port <= port <= rule.to_port:
                covered.setdefault(port, []).append(f"{rule.protocol} {rule.ports}")
    return tuple(
        (
            WORLD_PORT_CHECKS[port],
            f"SG001 is suppressed in the spec: group '{group.name}' is meant to accept "
            f"{', '.join(dict.fromkeys(rules))} from 0.0.0.0/0",
        )
        for port, rules in sorted(covered.items(), key=lambda kv: WORLD_PORT_CHECKS[kv[0]])
    )


def load_balancer_skips(spec: Spec, key: str, nlb: NetworkLoadBalancer) -> tuple[Skip, ...]:
    """The spec's choices against checkov's aws_lb checks: no access logs (CKV_AWS_91), no
    cross-zone load balancing (CKV_AWS_152), no deletion protection (CKV_AWS_150)."""
    skips: list[Skip] = []
    tls = any(lst.protocol == "TLS" for lst in nlb.listeners)
    if nlb.access_logs is not None and not nlb.access_logs.enabled:
        skips.append(
            (
                "CKV_AWS_91",
                f"access_logs.enabled: false is set in the spec for '{key}' (NLB access logs "
                "record TLS listeners only)",
            )
        )
    elif nlb.access_logs is None and not tls:
        skips.append(
            (
                "CKV_AWS_91",
                f"the spec gives '{key}' no TLS listener, and a Network Load Balancer writes "
                "access logs for TLS requests only",
            )
        )
    elif nlb.access_logs is None and "NLB012" in spec.suppress:
        skips.append(
            (
                "CKV_AWS_91",
                f"NLB012 is suppressed in the spec: '{key}' is meant to run without access logs",
            )
        )
    if not nlb.cross_zone_load_balancing:
        skips.append(
            (
                "CKV_AWS_152",
                f"cross_zone_load_balancing: false is set in the spec for '{key}' (vpcegen's "
                "default is true): each AZ's node serves that AZ's targets only",
            )
        )
    if not nlb.deletion_protection:
        skips.append(
            (
                "CKV_AWS_150",
                f"deletion_protection: false is set in the spec for '{key}' (vpcegen's "
                "default is true)",
            )
        )
    return tuple(skips)
