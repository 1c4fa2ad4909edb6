"""Security-group rules as the module creates them: one rule resource per protocol, port range
and peer. The rules (SG0xx, Q006) and the renderer read this one expansion."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

from generator.loader.source import Path
from generator.spec.models import EgressRule, IngressRule, SecurityGroup, Vpc
from generator.spec.types import PREFIX_LIST_ID, SECURITY_GROUP_ID

Direction = Literal["ingress", "egress"]
DIRECTIONS: tuple[Direction, Direction] = ("ingress", "egress")
PeerKind = Literal["cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"]
PEER_KINDS: tuple[PeerKind, ...] = (
    "cidr_ipv4",
    "cidr_ipv6",
    "prefix_list_id",
    "referenced_security_group_id",
)
# Stand-ins for `from: vpc` when the VPC's CIDR blocks are read at plan time. The module then
# puts them in a managed prefix list per family and the rule references the list, so the
# rule's key is known before the VPC exists (a root module may create it in the same apply).
VPC_IPV4 = "the VPC's IPv4 CIDR (looked up at plan time)"
VPC_IPV6 = "the VPC's IPv6 CIDR (looked up at plan time)"
VPC_PREFIX_LISTS = {"ipv4": "vpc-ipv4", "ipv6": "vpc-ipv6"}  # family -> rule key part


@dataclass(frozen=True)
class SgRule:
    """One security group rule resource of the module."""

    direction: Direction
    index: int  # position of the spec rule in its list
    protocol: str
    from_port: int
    to_port: int
    source: str  # the peer as written (CIDR, pl-, sg-), or vpc-ipv4 / vpc-ipv6 when looked up
    peer: str  # canonical: a normalised CIDR, the ID, or the VPC stand-in
    kind: PeerKind
    families: frozenset[str]  # "ipv4" / "ipv6": the quota pools the rule counts in
    lookup: bool  # the VPC's CIDR blocks, read at plan time (one rule per block)
    description: str
    path: Path  # where the peer is written

    @property
    def ports(self) -> str:
        return (
            f"{self.from_port}"
            if self.from_port == self.to_port
            else f"{self.from_port}-{self.to_port}"
        )

    @property
    def key(self) -> str:
        """The rule's key in the module's for_each: protocol/ports/peer as written."""
        return f"{self.protocol}/{self.ports}/{self.source}"

    @property
    def identity(self) -> tuple[str, str, int, int, str]:
        return (self.direction, self.protocol, self.from_port, self.to_port, self.peer)

    def describe(self) -> str:
        where = "from" if self.direction == "ingress" else "to"
        return f"{self.direction} {self.protocol} {self.ports} {where} {self.peer}"


def _peer(source: str) -> tuple[str, PeerKind, frozenset[str]]:
    if SECURITY_GROUP_ID.fullmatch(source):
        # "A rule that references a security group or prefix list ID counts as one rule for
        # IPv4 and one rule for IPv6" (VPC quotas).
        return source, "referenced_security_group_id", frozenset({"ipv4", "ipv6"})
    if PREFIX_LIST_ID.fullmatch(source):
        return source, "prefix_list_id", frozenset({"ipv4", "ipv6"})
    net = ipaddress.ip_network(source, strict=False)
    kind: PeerKind = "cidr_ipv6" if net.version == 6 else "cidr_ipv4"
    return str(net), kind, frozenset({f"ipv{net.version}"})


def default_description(rule: IngressRule | EgressRule, direction: Direction) -> str:
    to_port = rule.to_port if rule.to_port is not None else rule.port
    peers = rule.from_ if isinstance(rule, IngressRule) else rule.to
    return (
        f"{rule.protocol.upper()} {rule.port}"
        + (f"-{to_port}" if to_port != rule.port else "")
        + (" from " if direction == "ingress" else " to ")
        + ("the VPC" if peers == "vpc" else "listed sources")
    )


def expand(name: str, group: SecurityGroup, direction: Direction, vpc: Vpc) -> tuple[SgRule, ...]:
    """The rules of group `name` in one direction, in spec order, one per rule resource."""
    key = "from" if direction == "ingress" else "to"
    out: list[SgRule] = []
    rules: list[IngressRule | EgressRule] = [
        *(group.ingress if direction == "ingress" else group.egress)
    ]
    for i, rule in enumerate(rules):
        peers = rule.from_ if isinstance(rule, IngressRule) else rule.to
        base: Path = ("security_groups", name, direction, i)
        to_port = rule.to_port if rule.to_port is not None else rule.port
        text = rule.description or default_description(rule, direction)
        entries: list[tuple[str, str, PeerKind, frozenset[str], bool, Path]] = []
        if peers == "vpc" and not vpc.cidr_blocks:
            entries.append(
                ("vpc-ipv4", VPC_IPV4, "prefix_list_id", frozenset({"ipv4"}), True, (*base, key))
            )
            if vpc.ipv6:
                entries.append(
                    (
                        "vpc-ipv6",
                        VPC_IPV6,
                        "prefix_list_id",
                        frozenset({"ipv6"}),
                        True,
                        (*base, key),
                    )
                )
        elif peers == "vpc":
            entries = [(c, *_peer(c), False, (*base, key)) for c in vpc.cidr_blocks]
        else:
            entries = [(p, *_peer(p), False, (*base, key, j)) for j, p in enumerate(peers)]
        for source, peer, kind, families, lookup, path in entries:
            out.append(
                SgRule(
                    direction=direction,
                    index=i,
                    protocol=rule.protocol,
                    from_port=rule.port,
                    to_port=to_port,
                    source=source,
                    peer=peer,
                    kind=kind,
                    families=families,
                    lookup=lookup,
                    description=text,
                    path=path,
                )
            )
    return tuple(out)
