"""Every rule vpcegen knows, sorted by ID (no import-time registration).

Each family module lists its rules explicitly in its RULES tuple; this module joins them.
"""

from __future__ import annotations

from functools import cache

from generator.diagnostics import Finding, Span
from generator.plan_time import RuleGuard
from generator.rules import (
    cross_region,
    endpoint_service,
    fixed_addresses,
    gateway,
    gwlb,
    gwlb_routing,
    interface,
    interface_dns,
    ip_addresses,
    lifecycle,
    load_balancers,
    notifications,
    policy,
    policy_conditions,
    policy_documents,
    policy_exceptions,
    principals,
    private_dns_names,
    quotas,
    route53,
    routes,
    s3,
    security_groups,
    services,
    sharing,
    spec_file,
    tags,
)
from generator.rules.base import Rule

FAMILIES = (
    spec_file,
    services,
    gateway,
    interface,
    interface_dns,
    ip_addresses,
    fixed_addresses,
    s3,
    gwlb,
    gwlb_routing,
    policy_documents,
    policy,
    policy_conditions,
    policy_exceptions,
    endpoint_service,
    load_balancers,
    principals,
    private_dns_names,
    cross_region,
    notifications,
    routes,
    route53,
    sharing,
    quotas,
    tags,
    security_groups,
    lifecycle,
)

# IDs are public API and never reused: a contract-v1 ID the project drops stays here, with why.
RETIRED: dict[str, str] = {}

RULES: tuple[Rule, ...] = tuple(
    sorted((rule for family in FAMILIES for rule in family.RULES), key=lambda r: r.id)
)


@cache
def _by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in RULES}


def rule_by_id(rule_id: str) -> Rule | None:
    return _by_id().get(rule_id)


@cache
def plan_guards() -> tuple[RuleGuard, ...]:
    """The plan-time halves of the rules that have one, in catalog order (for the renderer)."""
    return tuple(
        RuleGuard(rule.id, rule.guard, rule.suppressible)
        for rule in RULES
        if rule.guard is not None
    )


def require(rule_id: str) -> Rule:
    """The catalog rule `rule_id`; KeyError when there is none (a bug, not user input)."""
    rule = _by_id().get(rule_id)
    if rule is None:
        raise KeyError(f"{rule_id} is not in the rule catalog")
    return rule


def finding(rule_id: str, span: Span, variant: str = "", /, **fields: object) -> Finding:
    """A finding of catalog rule `rule_id` (see Rule.finding), for code that holds no Rule."""
    return require(rule_id).finding(span, variant, **fields)
