"""SG0xx: security groups the module creates (secure defaults: only what the spec asks for).

`rendered_rules` expands a group's rules the way the renderer does (one rule resource per
source entry, `vpc` = one per VPC CIDR); quota rule Q006 counts the same expansion.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.spec.types import PREFIX_LIST_ID, SECURITY_GROUP_ID

Direction = Literal["ingress", "egress"]
WORLD = frozenset({"0.0.0.0/0", "::/0"})
# Placeholders for `from: vpc` when the VPC's CIDR blocks are left to a plan-time lookup.
VPC_IPV4 = "the VPC's IPv4 CIDR (looked up at plan time)"
VPC_IPV6 = "the VPC's IPv6 CIDR (looked up at plan time)"


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
                yield hit(rule.path, group=sg_name, rule=rule.describe())


SG001 = Rule(
    id="SG001",
    name="ingress-open-to-world",
    severity=Severity.WARNING,
    summary="An ingress rule of a managed security group is open to 0.0.0.0/0 or ::/0.",
    message="security group '{group}' allows {rule}: any address that can route to the "
    "endpoint may connect",
    hint="allow only the clients that need the endpoint (the VPC's CIDRs with `from: vpc`, "
    "client CIDRs, prefix lists or security group IDs); suppress SG001 if the group really "
    "must be open",
    rationale="vpcegen's security groups allow only what the spec says, so an open rule is "
    "always the author's explicit choice; it still deserves a second look, because endpoint "
    "network interfaces are reachable from peered VPCs, VPNs and Direct Connect, and a world-"
    "open group lets every one of them reach the service through this VPC.",
    source=f"Amazon VPC security group rules ({sources.SG_RULES}); "
    f"{sources.SPEC_MD}: security groups allow only what the spec says",
    url=sources.SG_RULES,
    check=_check_world_open,
    deviation="New ID (not in contract v1): v1 had no rules for the security groups the module "
    "creates; a world-open ingress rule is legal but deserves review.",
)


# --- SG002 ---------------------------------------------------------------------------------


def _check_unattached(ctx: Context) -> Iterator[Hit]:
    used: set[str] = set()
    for name, _ in ctx.endpoints():
        used.update(ctx.value(name, "security_groups") or [])
    for svc in ctx.spec.endpoint_services.values():  # an endpoint service's own NLB
        if svc.network_load_balancer is not None:
            used.update(svc.network_load_balancer.security_groups or [])
    for sg_name in sorted(ctx.spec.security_groups):
        if sg_name not in used:
            yield hit(("security_groups", sg_name), at_key=True, group=sg_name)


SG002 = Rule(
    id="SG002",
    name="unattached-security-group",
    severity=Severity.WARNING,
    summary="A security group the module creates is attached to no endpoint.",
    message="security group '{group}' is attached to no endpoint",
    hint="list it in an endpoint's `security_groups` (or in `defaults`), or remove it",
    rationale="The module creates only security groups for its endpoints. A group no "
    "endpoint uses is dead configuration, and most often a typo: the endpoint it was meant "
    "for then gets another group (or, with none, the VPC's default group, IF005).",
    source=sources.SPEC_MD,
    url=sources.SG_RULES,
    check=_check_unattached,
    deviation="New ID (not in contract v1): a managed security group attached to no endpoint is "
    "dead configuration and usually a typo; v1 did not describe managed security "
    "groups.",
)


# --- SG003 ---------------------------------------------------------------------------------


def _check_port_range(ctx: Context) -> Iterator[Hit]:
    for sg_name in sorted(ctx.spec.security_groups):
        for direction in _directions():
            for rule in spec_rules(ctx, sg_name, direction):
                i = rule.index
                if rule.to_port is not None and rule.to_port < rule.port:
                    yield hit(
                        ("security_groups", sg_name, direction, i, "to_port"),
                        group=sg_name,
                        direction=direction,
                        number=i + 1,
                        to_port=rule.to_port,
                        port=rule.port,
                    )


SG003 = Rule(
    id="SG003",
    name="inverted-port-range",
    severity=Severity.ERROR,
    summary="A security group rule's `to_port` must not be below its `port`.",
    message="security group '{group}' {direction} rule {number}: to_port {to_port} is below "
    "port {port}",
    hint="write the range low to high (port: {to_port}, to_port: {port}), or drop to_port for "
    "a single port",
    rationale="`port`/`to_port` become the rule's FromPort/ToPort, the start and end of the "
    "port range; EC2 rejects a range whose end is below its start.",
    source=f"Amazon VPC security group rules, port range ({sources.SG_RULES}); "
    f"EC2 API IpPermission FromPort/ToPort ({sources.API_IP_PERMISSION})",
    url=sources.SG_RULES,
    check=_check_port_range,
    deviation="New ID (not in contract v1): EC2 rejects a port range whose end is below its "
    "start; v1 did not describe managed security group rules.",
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
                fields = {"group": sg_name, "number": rule.index + 1, "what": what}
                if first.index == rule.index:
                    yield hit(path, "same-rule", **fields)
                else:
                    yield hit(path, first=first.index + 1, **fields)


SG004 = Rule(
    id="SG004",
    name="duplicate-security-group-rule",
    severity=Severity.ERROR,
    summary="A managed security group must not contain the same rule twice (same direction, "
    "protocol, port range and source, `from: vpc` expanded to the VPC's CIDR blocks).",
    message="security group '{group}' rule {number} repeats {what} (as rule {first} does)",
    hint="remove the repeated source; with `from: vpc`, do not list the VPC's CIDR blocks again",
    variants=(
        Variant(
            "same-rule",
            "security group '{group}' rule {number} repeats {what} (listed twice in this rule)",
        ),
    ),
    rationale="Each source becomes its own rule resource; EC2 refuses a rule that already "
    "exists in the group (InvalidPermission.Duplicate), so the second one fails at apply "
    "time. Descriptions do not make two rules different.",
    source=f"EC2 API error codes, InvalidPermission.Duplicate ({sources.EC2_ERRORS}); "
    f"Amazon VPC security group rules ({sources.SG_RULES})",
    url=sources.EC2_ERRORS,
    check=_check_duplicates,
    deviation="New ID (not in contract v1): EC2 rejects a duplicate rule "
    "(InvalidPermission.Duplicate); v1 did not describe managed security group rules.",
)

# --- SG005 ----------------------------------------------------------------------------------

# CreateSecurityGroup GroupName / Description and IpRange.Description: "Up to 255 characters
# in length. Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*".
_EC2_TEXT = re.compile(r"[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*")
_MAX_TEXT = 255
_GROUP_API = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html"
_RULE_API = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html"


def _bad_text(value: str) -> str | None:
    if len(value) > _MAX_TEXT:
        return f"{len(value)} characters (at most {_MAX_TEXT})"
    bad = sorted({c for c in value if not _EC2_TEXT.fullmatch(c)})
    if bad:
        return "the character(s) " + " ".join(repr(c) for c in bad)
    return None


def _check_names(ctx: Context) -> Iterator[Hit]:
    spec = ctx.spec
    for gname, group in sorted(spec.security_groups.items()):
        base: Path = ("security_groups", gname)
        prefix = f"{spec.name}-{gname}-"
        if prefix.lower().startswith("sg-"):
            yield hit(("name",), group=gname, prefix=prefix)
        texts: list[tuple[Path, str | None]] = [((*base, "description"), group.description)]
        texts += [
            ((*base, "ingress", i, "description"), rule.description)
            for i, rule in enumerate(group.ingress)
        ]
        texts += [
            ((*base, "egress", i, "description"), rule.description)
            for i, rule in enumerate(group.egress)
        ]
        for path, text in texts:
            problem = _bad_text(text) if text is not None else None
            if problem is not None:
                yield hit(path, "description", group=gname, problem=problem)


SG005 = Rule(
    id="SG005",
    name="invalid-security-group-name-or-description",
    severity=Severity.ERROR,
    summary="Security group names cannot start with sg-; names and descriptions (of groups and "
    "rules) have at most 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*.",
    message="security group '{group}' would be named '{prefix}...': EC2 refuses names that "
    "start with sg-",
    hint="rename the module (the spec's `name`) so it does not start with sg-",
    variants=(
        Variant(
            "description",
            "a description of security group '{group}' has {problem}, which EC2 refuses",
            "keep to letters, digits, spaces and ._-:/()#,@[]+=&;{{}}!$* (at most 255 characters)",
        ),
    ),
    rationale="CreateSecurityGroup: GroupName \"Up to 255 characters in length. Can't start "
    'with sg-. Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*"; Description '
    "the same length and characters; a rule's description (IpRange, Ipv6Range, PrefixListId) "
    'likewise. The module names each group with name_prefix "<spec name>-<group name>-" '
    "(AWS adds a 26-character suffix): spec and group names are lower-case letters, digits, "
    "'-' and '_' of at most 63 and 64 characters, so the prefix is always short enough and of "
    "valid characters, and the one way it can fail is a spec name starting with sg-. "
    "Descriptions are free text in the spec (a group without one gets 'Managed by vpcegen for "
    "module <name>'). Both are ForceNew in the provider, so a refused value fails the apply.",
    source=f"EC2 API CreateSecurityGroup ({_GROUP_API}); EC2 API IpRange, Description "
    f"({_RULE_API}); terraform-provider-aws vpc_security_group.go (name_prefix must not start "
    "with sg-; description 0-255 characters)",
    url=_GROUP_API,
    deviation="New ID (not in contract v1): issue 13, names and descriptions within AWS's limits.",
    check=_check_names,
)

RULES: tuple[Rule, ...] = (SG001, SG002, SG003, SG004, SG005)
