"""SG0xx: security groups the module creates (secure defaults: only what the spec asks for).

`rendered_rules` expands a group's rules the way the renderer does (one rule resource per
source entry, `vpc` = one per VPC CIDR); quota rule Q006 counts the same expansion.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Example, Hit, Rule
from generator.rules.examples import HEADER
from generator.spec.types import PREFIX_LIST_ID, SECURITY_GROUP_ID

Direction = Literal["ingress", "egress"]
WORLD = frozenset({"0.0.0.0/0", "::/0"})
# Placeholders for `from: vpc` when the VPC's CIDR blocks are left to a plan-time lookup.
VPC_IPV4 = "the VPC's IPv4 CIDR (looked up at plan time)"
VPC_IPV6 = "the VPC's IPv6 CIDR (looked up at plan time)"
# The shared example opening up to its own `security_groups`, for examples that define theirs.
WITHOUT_GROUPS = HEADER[: HEADER.index("security_groups:\n")]


@dataclass(frozen=True)
class RenderedRule:
    """One security group rule resource the module renders."""

    direction: Direction
    index: int  # position of the spec rule in its list
    protocol: str
    from_port: int
    to_port: int
    peer: str  # canonical CIDR, pl-/sg- ID, or a VPC placeholder
    families: frozenset[str]  # "ipv4" / "ipv6": the quota pools the rule counts in
    path: Path  # where the peer is written

    @property
    def identity(self) -> tuple[str, str, int, int, str]:
        return (self.direction, self.protocol, self.from_port, self.to_port, self.peer)

    def describe(self) -> str:
        ports = (
            str(self.from_port)
            if self.from_port == self.to_port
            else f"{self.from_port}-{self.to_port}"
        )
        where = "from" if self.direction == "ingress" else "to"
        return f"{self.direction} {self.protocol} {ports} {where} {self.peer}"


def _peer(value: str) -> tuple[str, frozenset[str]]:
    if SECURITY_GROUP_ID.fullmatch(value) or PREFIX_LIST_ID.fullmatch(value):
        # "A rule that references a security group or prefix list ID counts as one rule for
        # IPv4 and one rule for IPv6" (VPC quotas).
        return value, frozenset({"ipv4", "ipv6"})
    net = ipaddress.ip_network(value, strict=False)
    return str(net), frozenset({f"ipv{net.version}"})


@dataclass(frozen=True)
class SpecRule:
    """One rule as the spec writes it, ingress or egress."""

    index: int
    protocol: str
    port: int
    to_port: int | None
    peers: str | list[str]  # "vpc" or the listed sources


def spec_rules(ctx: Context, sg_name: str, direction: Direction) -> list[SpecRule]:
    group = ctx.spec.security_groups[sg_name]
    if direction == "ingress":
        return [
            SpecRule(i, r.protocol, r.port, r.to_port, r.from_) for i, r in enumerate(group.ingress)
        ]
    return [SpecRule(i, r.protocol, r.port, r.to_port, r.to) for i, r in enumerate(group.egress)]


def rendered_rules(ctx: Context, sg_name: str, direction: Direction) -> list[RenderedRule]:
    """The rules of managed group `sg_name` in one direction, one per rendered resource."""
    vpc = ctx.spec.network.vpc
    key = "from" if direction == "ingress" else "to"
    out: list[RenderedRule] = []
    for rule in spec_rules(ctx, sg_name, direction):
        i, peers = rule.index, rule.peers
        base: Path = ("security_groups", sg_name, direction, i)
        to_port = rule.to_port if rule.to_port is not None else rule.port
        expanded: list[tuple[str, frozenset[str], Path]] = []
        if peers == "vpc":
            if vpc.cidr_blocks:
                expanded = [(*_peer(c), (*base, key)) for c in vpc.cidr_blocks]
            else:
                expanded = [(VPC_IPV4, frozenset({"ipv4"}), (*base, key))]
                if vpc.ipv6:
                    expanded.append((VPC_IPV6, frozenset({"ipv6"}), (*base, key)))
        else:
            expanded = [(*_peer(p), (*base, key, j)) for j, p in enumerate(peers)]
        for peer, families, path in expanded:
            out.append(
                RenderedRule(direction, i, rule.protocol, rule.port, to_port, peer, families, path)
            )
    return out


def _directions() -> tuple[Direction, Direction]:
    return ("ingress", "egress")


# --- SG001 ---------------------------------------------------------------------------------


def _check_world_open(ctx: Context) -> Iterator[Hit]:
    for sg_name in sorted(ctx.spec.security_groups):
        for rule in rendered_rules(ctx, sg_name, "ingress"):
            if rule.peer in WORLD:
                yield Hit(
                    rule.path,
                    f"security group '{sg_name}' allows {rule.describe()}: any address that "
                    "can route to the endpoint may connect",
                    "allow only the clients that need the endpoint (the VPC's CIDRs with "
                    "`from: vpc`, client CIDRs, prefix lists or security group IDs); suppress "
                    "SG001 if the group really must be open",
                )


SG001 = Rule(
    id="SG001",
    name="ingress-open-to-world",
    severity=Severity.WARNING,
    summary="An ingress rule of a managed security group is open to 0.0.0.0/0 or ::/0.",
    message="security group '<name>' allows ingress tcp <port> from 0.0.0.0/0",
    hint="narrow the source to the clients that use the endpoints, or suppress SG001",
    rationale="vpcegen's security groups allow only what the spec says, so an open rule is "
    "always the author's explicit choice; it still deserves a second look, because endpoint "
    "network interfaces are reachable from peered VPCs, VPNs and Direct Connect, and a world-"
    "open group lets every one of them reach the service through this VPC.",
    source=f"Amazon VPC security group rules ({sources.SG_RULES}); "
    f"{sources.SPEC_MD}: security groups allow only what the spec says",
    url=sources.SG_RULES,
    check=_check_world_open,
    examples=(
        Example(
            True,
            WITHOUT_GROUPS
            + "security_groups:\n  public-api:\n    description: HTTPS from anywhere\n"
            "    ingress:\n      - {port: 443, from: [0.0.0.0/0]}  # expect: SG001\n"
            "endpoints:\n  partner:\n    type: interface\n"
            "    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\n"
            "    subnet_group: private\n    security_groups: [public-api]\n",
        ),
        Example(
            False,
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n",
        ),
    ),
)


# --- SG002 ---------------------------------------------------------------------------------


def _check_unattached(ctx: Context) -> Iterator[Hit]:
    used: set[str] = set()
    for name, _ in ctx.endpoints():
        used.update(ctx.value(name, "security_groups") or [])
    for sg_name in sorted(ctx.spec.security_groups):
        if sg_name not in used:
            yield Hit(
                ("security_groups", sg_name),
                f"security group '{sg_name}' is attached to no endpoint",
                "list it in an endpoint's `security_groups` (or in `defaults`), or remove it",
                at_key=True,
            )


SG002 = Rule(
    id="SG002",
    name="unattached-security-group",
    severity=Severity.WARNING,
    summary="A security group the module creates is attached to no endpoint.",
    message="security group '<name>' is attached to no endpoint",
    hint="attach it to the endpoints it was meant for, or remove it",
    rationale="The module creates only security groups for its endpoints. A group no "
    "endpoint uses is dead configuration, and most often a typo: the endpoint it was meant "
    "for then gets another group (or, with none, the VPC's default group, IF005).",
    source=sources.SPEC_MD,
    url=sources.SG_RULES,
    check=_check_unattached,
    examples=(
        Example(
            True,
            WITHOUT_GROUPS + "security_groups:\n  endpoints:\n    description: HTTPS from the VPC\n"
            "    ingress:\n      - {port: 443, from: vpc}\n"
            "  databases:  # expect: SG002\n    description: PostgreSQL from the VPC\n"
            "    ingress:\n      - {port: 5432, from: vpc}\n"
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n",
        ),
        Example(
            False,
            "defaults:\n  interface:\n    subnet_group: private\n"
            "    security_groups: [endpoints]\n"
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n",
        ),
    ),
)


# --- SG003 ---------------------------------------------------------------------------------


def _check_port_range(ctx: Context) -> Iterator[Hit]:
    for sg_name in sorted(ctx.spec.security_groups):
        for direction in _directions():
            for rule in spec_rules(ctx, sg_name, direction):
                i = rule.index
                if rule.to_port is not None and rule.to_port < rule.port:
                    yield Hit(
                        ("security_groups", sg_name, direction, i, "to_port"),
                        f"security group '{sg_name}' {direction} rule {i + 1}: to_port "
                        f"{rule.to_port} is below port {rule.port}",
                        f"write the range low to high (port: {rule.to_port}, to_port: "
                        f"{rule.port}), or drop to_port for a single port",
                    )


SG003 = Rule(
    id="SG003",
    name="inverted-port-range",
    severity=Severity.ERROR,
    summary="A security group rule's `to_port` must not be below its `port`.",
    message="security group '<name>' ingress rule N: to_port <to> is below port <from>",
    hint="give the range low to high",
    rationale="`port`/`to_port` become the rule's FromPort/ToPort, the start and end of the "
    "port range; EC2 rejects a range whose end is below its start.",
    source=f"Amazon VPC security group rules, port range ({sources.SG_RULES}); "
    f"EC2 API IpPermission FromPort/ToPort ({sources.API_IP_PERMISSION})",
    url=sources.SG_RULES,
    check=_check_port_range,
    examples=(
        Example(
            True,
            WITHOUT_GROUPS + "security_groups:\n  app:\n    description: App ports from the VPC\n"
            "    ingress:\n      - port: 8443\n        to_port: 8080  # expect: SG003\n"
            "        from: vpc\n"
            "endpoints:\n  app:\n    type: interface\n"
            "    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\n"
            "    subnet_group: private\n    security_groups: [app]\n",
        ),
        Example(
            False,
            WITHOUT_GROUPS + "security_groups:\n  app:\n    description: App ports from the VPC\n"
            "    ingress:\n      - {port: 8080, to_port: 8443, from: vpc}\n"
            "endpoints:\n  app:\n    type: interface\n"
            "    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\n"
            "    subnet_group: private\n    security_groups: [app]\n",
        ),
    ),
)


# --- SG004 ---------------------------------------------------------------------------------


def _check_duplicates(ctx: Context) -> Iterator[Hit]:
    for sg_name in sorted(ctx.spec.security_groups):
        for direction in _directions():
            seen: dict[tuple[str, str, int, int, str], RenderedRule] = {}
            repeats: dict[Path, list[tuple[RenderedRule, RenderedRule]]] = {}
            for rule in rendered_rules(ctx, sg_name, direction):
                first = seen.setdefault(rule.identity, rule)
                if first is not rule:
                    repeats.setdefault(rule.path, []).append((rule, first))
            for path, pairs in repeats.items():
                rule, first = pairs[0]
                what = " and ".join(r.describe() for r, _ in pairs)
                where = (
                    "listed twice in this rule"
                    if first.index == rule.index
                    else f"as rule {first.index + 1} does"
                )
                yield Hit(
                    path,
                    f"security group '{sg_name}' rule {rule.index + 1} repeats {what} ({where})",
                    "remove the repeated source; with `from: vpc`, do not list the VPC's "
                    "CIDR blocks again",
                )


SG004 = Rule(
    id="SG004",
    name="duplicate-security-group-rule",
    severity=Severity.ERROR,
    summary="A managed security group must not contain the same rule twice (same direction, "
    "protocol, port range and source, `from: vpc` expanded to the VPC's CIDR blocks).",
    message="security group '<name>' rule N repeats ingress tcp 443 from <source>",
    hint="keep one copy of the rule",
    rationale="Each source becomes its own rule resource; EC2 refuses a rule that already "
    "exists in the group (InvalidPermission.Duplicate), so the second one fails at apply "
    "time. Descriptions do not make two rules different.",
    source=f"EC2 API error codes, InvalidPermission.Duplicate ({sources.EC2_ERRORS}); "
    f"Amazon VPC security group rules ({sources.SG_RULES})",
    url=sources.EC2_ERRORS,
    check=_check_duplicates,
    examples=(
        Example(
            True,
            WITHOUT_GROUPS
            + "security_groups:\n  app:\n    description: HTTPS from the VPC\n    ingress:\n"
            "      - {port: 443, from: vpc}\n"
            "      - {port: 443, from: [10.0.0.0/16]}  # expect: SG004\n"
            "endpoints:\n  app:\n    type: interface\n"
            "    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\n"
            "    subnet_group: private\n    security_groups: [app]\n",
            "the header's VPC has CIDR 10.0.0.0/16, so `from: vpc` already renders that rule",
        ),
        Example(
            False,
            WITHOUT_GROUPS
            + "security_groups:\n  app:\n    description: HTTPS from the VPC and on-premises\n"
            "    ingress:\n      - {port: 443, from: vpc}\n"
            "      - {port: 443, from: [192.168.0.0/20]}\n"
            "endpoints:\n  app:\n    type: interface\n"
            "    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\n"
            "    subnet_group: private\n    security_groups: [app]\n",
        ),
    ),
)

RULES: tuple[Rule, ...] = (SG001, SG002, SG003, SG004)
