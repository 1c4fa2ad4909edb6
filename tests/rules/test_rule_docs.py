"""The rules page is generated from the catalog, and every difference from the starting
contract (contract v1, docs/origins/rules-v1.json) is explained in the rule itself."""

from __future__ import annotations

import json

from generator.rules.catalog import RETIRED, RULES
from generator.rules.docs import rules_page
from tests.support.paths import ROOT

V1 = ROOT / "docs" / "origins" / "rules-v1.json"


def _v1() -> dict[str, str]:
    data = json.loads(V1.read_text(encoding="utf-8"))
    assert "Historical" in data["_comment"]
    rules: dict[str, str] = data["rules"]
    return rules


def test_rules_page_is_current() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == rules_page(), "docs/rules.md is stale: python scripts/regen.py"


def test_rules_page_documents_every_rule_and_case() -> None:
    page = rules_page()
    for rule in RULES:
        assert f"\n## {rule.id}: {rule.name}\n" in page
        for case in rule.cases()[1:]:
            assert f"| {case.name} |" in page, (rule.id, case.name)


def test_every_difference_from_contract_v1_is_explained() -> None:
    v1 = _v1()
    assert len(v1) > 100
    unexplained = []
    for rule in RULES:
        before = v1.get(rule.id)
        if before is None and "New ID" not in rule.deviation:
            unexplained.append(f"{rule.id}: new ID, deviation does not say so")
        explained = "Severity" in rule.deviation and str(rule.severity) in rule.deviation
        if before is not None and before != str(rule.severity) and not explained:
            unexplained.append(f"{rule.id}: {before} -> {rule.severity} not explained")
    current = {r.id for r in RULES}
    for rule_id in sorted(set(v1) - current):
        if not RETIRED.get(rule_id, "").strip():
            unexplained.append(f"{rule_id}: dropped without a RETIRED entry in catalog.py")
    assert not unexplained, "\n".join(unexplained)


def test_deviations_name_real_differences() -> None:
    """A deviation on a rule that matches contract v1 would be stale text."""
    v1 = _v1()
    stale = [r.id for r in RULES if r.deviation and v1.get(r.id) == str(r.severity)]
    assert not stale, f"deviation on rules that match contract v1: {stale}"
