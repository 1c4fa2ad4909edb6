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
    group_name: str  # the `name` argument
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


def _lookup(rule: SgRule, local: str) -> str:
    """A for-expression with one rule per VPC CIDR block read at plan time."""
    fields = {
        "description": hcl.string(rule.description),
        "ip_protocol": hcl.string(rule.protocol),
        "from_port": str(rule.from_port),
        "to_port": str(rule.to_port),
    }
    fields.update({kind: ("cidr" if kind == rule.kind else "null") for kind in PEER_KINDS})
    body = "".join(f"        {k} = {v}\n" for k, v in fields.items())
    key = hcl.template(f"{rule.protocol}/{rule.ports}/", hcl.Interp("cidr"))
    return f"{{\n      for cidr in local.{local} : {key} => {{\n{body}      }}\n    }}"


def _for_each(refs: Refs, rules: tuple[SgRule, ...]) -> str | None:
    literal: dict[str, dict[str, Any]] = {}
    lookups: list[str] = []
    for rule in rules:
        if rule.lookup:
            local = dict(refs.vpc_cidr_locals())[next(iter(rule.families))]
            lookups.append(_lookup(rule, local))
        else:
            literal.setdefault(rule.key, _entry(rule, rule.source))
    if not literal and not lookups:
        return None
    ordered = {k: literal[k] for k in sorted(literal)}
    if not lookups:
        return hcl.value(ordered, 1)
    parts = lookups + ([hcl.value(ordered, 2)] if ordered else [])
    return "merge(\n    " + ",\n    ".join(parts) + ",\n  )"


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
        group_name=refs.name_tag(group.name),
        description=group.description,
        vpc_id_expr=refs.vpc_id,
        tags_expr=refs.tags(group.name, group.model.tags),
        skips=checkov.security_group_skips(spec, group.name, group.attached),
        rule_sets=tuple(rule_sets),
    )
