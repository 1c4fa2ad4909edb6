"""security_groups.tf: the spec's security groups and their rules (one rule resource each)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.render import checkov, hcl
from generator.render.refs import Refs
from generator.resolve.model import ResolvedSecurityGroup
from generator.resolve.security_groups import DIRECTIONS, PEER_KINDS, Direction, SgRule


@dataclass(frozen=True)
class RuleSet:
    """aws_vpc_security_group_<direction>_rule with for_each over the group's rules."""

    direction: Direction
    for_each_expr: str
    skips: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SecurityGroup:
    ident: str
    name: str
    name_prefix: str  # AWS adds a unique suffix
    description: str
    vpc_id_expr: str
    tags_expr: str
    skips: tuple[tuple[str, str], ...]
    rule_sets: tuple[RuleSet, ...]


def _entry(rule: SgRule, peer: Any) -> dict[str, Any]:
    """The for_each value of one rule, fields in the resource's argument order."""
    entry: dict[str, Any] = {
        "description": rule.description,
        "ip_protocol": rule.protocol,
        "from_port": rule.from_port,
        "to_port": rule.to_port,
    }
    entry.update({kind: (peer if kind == rule.kind else None) for kind in PEER_KINDS})
    return entry


def _for_each(refs: Refs, rules: tuple[SgRule, ...]) -> str | None:
    entries: dict[str, dict[str, Any]] = {}
    for rule in rules:
        peer: Any = rule.peer  # canonical (AWS echoes IPv6 in RFC 5952 form)
        if rule.lookup:
            peer = hcl.Expr(refs.vpc_prefix_list(next(iter(rule.families))))
        entries.setdefault(rule.key, _entry(rule, peer))
    if not entries:
        return None
    return hcl.value({k: entries[k] for k in sorted(entries)}, 1)


def security_group(refs: Refs, group: ResolvedSecurityGroup) -> SecurityGroup:
    spec = refs.resolved.spec
    rule_sets = []
    for direction in DIRECTIONS:
        rules = group.ingress if direction == "ingress" else group.egress
        expr = _for_each(refs, rules)
        if expr is None:
            continue
        skips = checkov.ingress_rule_skips(spec, group) if direction == "ingress" else ()
        rule_sets.append(RuleSet(direction, expr, skips))
    return SecurityGroup(
        ident=hcl.identifier(group.name),
        name=group.name,
        name_prefix=refs.name_tag(group.name) + "-",
        description=group.description,
        vpc_id_expr=refs.vpc_id,
        tags_expr=refs.tags(group.name, group.model.tags),
        skips=checkov.security_group_skips(spec, group.name, group.attached),
        rule_sets=tuple(rule_sets),
    )
