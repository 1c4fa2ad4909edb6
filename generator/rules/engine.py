"""Run the catalog over loaded specs: hits -> located findings, then suppressions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from generator.diagnostics import Finding, Severity
from generator.loader.load import LoadedSpec
from generator.rules.base import Context, Rule
from generator.rules.catalog import RULES, require, rule_by_id


def _findings_for(rule: Rule, ctx: Context) -> list[Finding]:
    assert rule.check is not None
    out: list[Finding] = []
    source = ctx.loaded.source
    for hit in rule.check(ctx):
        span = source.key(hit.path) if hit.at_key else source.value(hit.path)
        out.append(rule.finding(span, hit.variant, **hit.fields))
    return out


def check_specs(
    loaded: Sequence[LoadedSpec],
    rules: Sequence[Rule] = RULES,
    run_names: dict[str, int] | None = None,
) -> None:
    """Add rule findings to each loaded spec (in place), honouring `suppress`.

    `run_names` (module name -> specs of the run using it) defaults to the names of `loaded`;
    a caller that checks the specs of a run one at a time passes the run's.
    """
    names = (
        run_names
        if run_names is not None
        else dict(Counter(ls.spec.name for ls in loaded if ls.spec is not None))
    )
    for ls in loaded:
        if ls.spec is None:
            continue
        ctx = Context(ls, ls.spec, names)  # one shared count: no per-spec copy
        found: list[Finding] = []
        for rule in rules:
            if rule.check is not None:
                found.extend(_findings_for(rule, ctx))
        found = _drop_region_echoes(ls.spec.region, found)
        ls.findings.extend(_apply_suppressions(ls, found))
        # The checks of one spec share its resolved spec; holding every spec's until render
        # costs ~14 MiB per 500 specs, rebuilding one for render ~0.5 ms (bench/RESULTS.md).
        ls.resolved = None


def _drop_region_echoes(region: str, found: list[Finding]) -> list[Finding]:
    """Once SPEC009 reports the spec's `region` as unknown, drop the other findings that quote
    it (derived service names, "not the spec's <region>"): they repeat one typo as new errors."""
    if not any(f.rule_id == "SPEC009" and _quotes(f.message, region) for f in found):
        return found
    return [
        f
        for f in found
        if f.rule_id == "SPEC009" or not (_quotes(f.message, region) or _quotes(f.hint, region))
    ]


def _quotes(text: str | None, region: str) -> bool:
    return (
        bool(text) and re.search(rf"(?<![\w-]){re.escape(region)}(?![\w-])", text or "") is not None
    )


def _apply_suppressions(ls: LoadedSpec, found: list[Finding]) -> list[Finding]:
    assert ls.spec is not None
    suppressed: set[str] = set()
    problems: list[Finding] = []
    spec008 = require("SPEC008")
    for i, rule_id in enumerate(ls.spec.suppress):
        span = ls.source.value(("suppress", i))
        rule = rule_by_id(rule_id)
        if rule is None:
            problems.append(spec008.finding(span, "unknown-id", rule_id=rule_id))
        elif not rule.suppressible:
            problems.append(spec008.finding(span, "", rule_id=rule_id))
        else:
            suppressed.add(rule_id)
    kept = [f for f in found if not (f.rule_id in suppressed and f.severity is not Severity.ERROR)]
    return kept + problems
