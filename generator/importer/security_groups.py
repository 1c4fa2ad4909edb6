"""Security groups of the adopted endpoints: defined in the spec, or referenced by ID.

A group is defined (and imported with its rules) when only the adopted endpoints use it, its
rules are known with their IDs, and the module's name for it is the name it has: the module
creates groups with `name_prefix = "<spec>-<group>-"`, which AWS cannot change on an existing
group, so adopting a group named otherwise would replace it (and, for a moment, its rules).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Finding
from generator.importer.describe import Description, tags_of
from generator.importer.findings import issue
from generator.importer.model import UNIQUE_SUFFIX, Adoption, SecurityGroupMode, slug, unique
from generator.render import hcl

_PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp"}


@dataclass
class GroupPlan:
    """The importer's decision about one security group."""

    group_id: str
    name: str | None = None  # spec key when defined
    body: dict[str, Any] = field(default_factory=dict)
    adoptions: list[Adoption] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return self.name or self.group_id


def _peer(rule: Mapping[str, Any]) -> str | None:
    for key in ("CidrIpv4", "CidrIpv6", "PrefixListId"):
        if isinstance(rule.get(key), str):
            return str(rule[key])
    ref = rule.get("ReferencedGroupInfo")
    if isinstance(ref, dict) and isinstance(ref.get("GroupId"), str):
        return str(ref["GroupId"])
    return None


def _canonical_cidr(text: str) -> str:
    try:
        return str(ipaddress.ip_network(text, strict=False))
    except ValueError:
        return text


@dataclass(frozen=True)
class _Rule:
    rule_id: str
    egress: bool
    protocol: str
    from_port: int
    to_port: int
    peer: str
    description: str | None

    @property
    def ports(self) -> str:
        if self.from_port == self.to_port:
            return str(self.from_port)
        return f"{self.from_port}-{self.to_port}"


def _rules(
    desc: Description, group_id: str, plan: GroupPlan
) -> tuple[list[_Rule], list[Finding]] | None:
    """The group's rules the spec can express, or None when the description lacks rule IDs."""
    if not desc.has("SecurityGroupRules"):
        return None
    out: list[_Rule] = []
    findings: list[Finding] = []
    for raw in desc.of("SecurityGroupRules"):
        if raw.get("GroupId") != group_id:
            continue
        rid = str(raw["SecurityGroupRuleId"])
        protocol = _PROTOCOLS.get(str(raw.get("IpProtocol", "")).lower())
        peer = _peer(raw)
        from_port, to_port = raw.get("FromPort"), raw.get("ToPort")
        egress = bool(raw.get("IsEgress"))
        if (
            protocol is None
            or peer is None
            or not isinstance(from_port, int)
            or not isinstance(to_port, int)
            or not 0 <= from_port <= to_port <= 65535
        ):
            what = "egress" if egress else "ingress"
            proto = raw.get("IpProtocol")
            shown = "all traffic" if proto == "-1" else f"protocol {proto}"
            findings.append(
                issue(
                    "IMP003",
                    desc.span("SecurityGroupRules", rid),
                    f"{what} rule {rid} of security group {group_id} ({shown}, "
                    f"{peer or 'no peer'}): the spec language has TCP and UDP port rules only",
                )
            )
            continue
        canonical = peer if peer.startswith(("sg-", "pl-")) else _canonical_cidr(peer)
        description = raw.get("Description")
        out.append(
            _Rule(
                rid,
                egress,
                protocol,
                from_port,
                to_port,
                canonical,
                description if isinstance(description, str) and description else None,
            )
        )
    return out, findings


def _spec_rules(
    rules: Sequence[_Rule], egress: bool, vpc_cidrs: Sequence[str]
) -> list[dict[str, Any]]:
    """Spec rule entries: rules with the same protocol, ports and description share one."""
    grouped: dict[tuple[str, int, int, str | None], list[str]] = {}
    for rule in rules:
        if rule.egress != egress:
            continue
        key = (rule.protocol, rule.from_port, rule.to_port, rule.description)
        grouped.setdefault(key, []).append(rule.peer)
    out = []
    word = "to" if egress else "from"
    for (protocol, from_port, to_port, description), peers in sorted(
        grouped.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0], kv[0][3] or "")
    ):
        entry: dict[str, Any] = {"port": from_port}
        if to_port != from_port:
            entry["to_port"] = to_port
        if protocol != "tcp":
            entry["protocol"] = protocol
        ordered = sorted(set(peers))
        entry[word] = "vpc" if vpc_cidrs and ordered == sorted(vpc_cidrs) else ordered
        if description:
            entry["description"] = description
        out.append(entry)
    return out


def _rule_sources(entry: Mapping[str, Any], vpc_cidrs: Sequence[str]) -> list[str]:
    peers = entry.get("from", entry.get("to"))
    return list(vpc_cidrs) if peers == "vpc" else list(peers or [])


def plan_groups(
    desc: Description,
    group_ids: Sequence[str],
    *,
    spec_name: str,
    used_elsewhere: Mapping[str, list[str]],
    mode: SecurityGroupMode,
    vpc_cidrs: Sequence[str],
    spec_tags: Mapping[str, str],
) -> dict[str, GroupPlan]:
    """One GroupPlan per security group the adopted endpoints use."""
    described = desc.by_id("SecurityGroups")
    taken: set[str] = set()
    plans: dict[str, GroupPlan] = {}
    # Named groups first, so their keys do not depend on the others.
    for gid in sorted(group_ids):
        plan = GroupPlan(gid)
        plans[gid] = plan
        raw = described.get(gid)
        span = desc.span("SecurityGroups", gid)
        if raw is None:
            plan.findings.append(
                issue(
                    "IMP008",
                    span,
                    f"security group {gid} is used by the endpoints but missing from the "
                    "describe-security-groups output; it is referenced by ID",
                )
            )
            continue
        users = used_elsewhere.get(gid, [])
        group_name = str(raw.get("GroupName", ""))
        if group_name == "default":
            users = [*users, "the VPC (its default security group)"]
        if mode == "reference" or users:
            if users:
                plan.findings.append(
                    issue(
                        "IMP002",
                        span,
                        f"security group {gid} ({group_name}) is also used by "
                        + ", ".join(users[:5])
                        + (f" and {len(users) - 5} more" if len(users) > 5 else ""),
                    )
                )
            continue
        found = _rules(desc, gid, plan)
        if found is None:
            plan.findings.append(
                issue(
                    "IMP004",
                    span,
                    f"security group {gid} ({group_name}): the description has no "
                    "describe-security-group-rules output, so its rules cannot be imported "
                    "(the module would add them again, which AWS rejects as duplicates); "
                    "it is referenced by ID",
                )
            )
            continue
        tags = tags_of(raw)
        key = _group_key(spec_name, group_name, tags, taken)
        prefix = f"{spec_name}-{key}-"
        fits = group_name.startswith(prefix) and bool(
            UNIQUE_SUFFIX.fullmatch(group_name[len(prefix) :])
        )
        if not fits and mode == "auto":
            taken.discard(key)
            plan.findings.append(
                issue(
                    "IMP007",
                    span,
                    f"security group {gid} is named '{group_name}'; the module names the "
                    f"group '{prefix}<unique suffix>' (name_prefix, which AWS cannot change "
                    "on an existing group), so adopting it would replace the group and its "
                    "rules",
                )
            )
            continue
        if not fits:
            plan.findings.append(
                issue(
                    "IMP009",
                    span,
                    f"security group {gid} ('{group_name}') is replaced by a group named "
                    f"'{prefix}...' (create before destroy; its rules are created on the new "
                    "group and the endpoints switch to it in place)",
                    hint="apply in a maintenance window: the old rules are deleted before "
                    "the endpoints have switched",
                )
            )
        rules, rule_findings = found
        plan.findings.extend(rule_findings)
        if not desc.has("NetworkInterfaces"):
            plan.findings.append(
                issue(
                    "IMP008",
                    span,
                    f"security group {gid} ({group_name}) is adopted as used by the endpoints "
                    "only, but without describe-network-interfaces output that is not checked",
                    hint="add `aws ec2 describe-network-interfaces --filters "
                    f"Name=group-id,Values={gid}` and import again",
                )
            )
        plan.name = key
        body: dict[str, Any] = {}
        description = raw.get("Description")
        if isinstance(description, str):
            body["description"] = description
        ingress = _spec_rules(rules, False, vpc_cidrs)
        egress = _spec_rules(rules, True, vpc_cidrs)
        if ingress:
            body["ingress"] = ingress
        if egress:
            body["egress"] = egress
        own = {
            k: v
            for k, v in tags.items()
            if spec_tags.get(k) != v and not (k == "Name" and v == f"{spec_name}-{key}")
        }
        if own:
            body["tags"] = own
        plan.body = body
        ident = hcl.identifier(key)
        plan.adoptions.append(Adoption(f"aws_security_group.{ident}", gid, f"security group {key}"))
        by_identity = {(r.egress, r.protocol, r.from_port, r.to_port, r.peer): r for r in rules}
        for direction, entries in (("ingress", ingress), ("egress", egress)):
            for entry in entries:
                protocol = entry.get("protocol", "tcp")
                from_port = entry["port"]
                to_port = entry.get("to_port", from_port)
                ports = str(from_port) if to_port == from_port else f"{from_port}-{to_port}"
                for source in _rule_sources(entry, vpc_cidrs):
                    rule = by_identity[
                        (direction == "egress", protocol, from_port, to_port, source)
                    ]
                    rule_key = f"{protocol}/{ports}/{source}"
                    plan.adoptions.append(
                        Adoption(
                            f"aws_vpc_security_group_{direction}_rule.{ident}"
                            f"[{hcl.string(rule_key)}]",
                            rule.rule_id,
                            f"{direction} rule {rule_key} of security group {key}",
                        )
                    )
    return plans


def _group_key(spec_name: str, group_name: str, tags: Mapping[str, str], taken: set[str]) -> str:
    prefix = f"{spec_name}-"
    if group_name.startswith(prefix) and UNIQUE_SUFFIX.search(group_name):
        stem = group_name[len(prefix) : -26].rstrip("-")
        if stem:
            return unique(slug(stem, "sg"), taken)
    name_tag = tags.get("Name", "")
    if name_tag.startswith(prefix) and len(name_tag) > len(prefix):
        return unique(slug(name_tag[len(prefix) :], "sg"), taken)
    return unique(slug(name_tag or group_name, "sg"), taken)
