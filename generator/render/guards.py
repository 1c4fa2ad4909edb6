"""Place the rules' plan-time guards on the module's blocks (generator.plan_time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.plan_time import Placed, RuleGuard
from generator.render.refs import Refs
from generator.render.views import CheckBlock, Condition


@dataclass
class Placement:
    """Every assertion the guards placed, by site and name, in catalog order."""

    by_site: dict[tuple[str, str], list[Condition]] = field(default_factory=dict)
    checks: dict[str, CheckBlock] = field(default_factory=dict)
    rules: dict[str, set[str]] = field(default_factory=dict)  # rule ID -> the sites it used

    def at(self, site: str, name: str) -> list[Condition]:
        return self.by_site.get((site, name), [])


def place(refs: Refs, guards: Sequence[RuleGuard]) -> Placement:
    """Run each guard whose rule the spec does not suppress (the one place suppression
    reaches plan-time output; an error rule's guard runs whatever the spec says) and collect
    what it places."""
    out = Placement()
    for rule_guard in guards:
        if rule_guard.suppressible and refs.resolved.suppressed(rule_guard.rule_id):
            continue
        for placed in rule_guard.guard(refs):
            _add(out, placed)
            out.rules.setdefault(rule_guard.rule_id, set()).add(placed.site)
    return out


def _add(out: Placement, placed: Placed) -> None:
    condition = Condition(placed.assertion.condition, placed.assertion.message)
    if placed.site == "check":
        block = out.checks.setdefault(placed.name, CheckBlock(placed.name, placed.comment))
        block.asserts.append(condition)
        return
    out.by_site.setdefault((placed.site, placed.name), []).append(condition)
