"""Every rule's examples run: a bad one yields exactly its rule at exactly the marked lines,
a good one yields nothing from that rule."""

from __future__ import annotations

import re

import pytest

from generator.diagnostics import Severity, sort_findings
from generator.loader.load import load_text
from generator.rules.base import Example, Rule, Status
from generator.rules.catalog import RULES
from generator.rules.engine import check_specs
from generator.rules.examples import example_text

EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9, ]+)")
LOADER_RULES = {"SPEC001", "SPEC002", "SPEC003", "SPEC004", "SVC001"}


def _cases() -> list[tuple[Rule, Example]]:
    return [(rule, ex) for rule in RULES for ex in rule.examples]


def _findings(text: str):  # type: ignore[no-untyped-def]
    loaded = load_text("example.yaml", text)
    check_specs([loaded])
    return sort_findings(loaded.findings)


def _expected_lines(text: str, rule_id: str) -> list[int]:
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = EXPECT.search(line)
        if m and rule_id in [part.strip() for part in m.group(1).split(",")]:
            lines.append(number)
    return lines


@pytest.mark.parametrize(
    ("rule", "example"),
    _cases(),
    ids=[f"{r.id}-{'bad' if e.bad else 'good'}{i}" for i, (r, e) in enumerate(_cases())],
)
def test_rule_example(rule: Rule, example: Example) -> None:
    text = example_text(example.text)
    findings = _findings(text)
    own = [f for f in findings if f.rule_id == rule.id]
    if example.bad:
        expected = _expected_lines(text, rule.id)
        assert expected, f"bad example of {rule.id} marks no line with '# expect: {rule.id}'"
        assert sorted(f.span.line for f in own) == expected, (
            f"{rule.id}: expected findings at lines {expected}, got "
            + "; ".join(f"{f.span} {f.rule_id} {f.message}" for f in findings)
        )
        if rule.id not in LOADER_RULES:
            shape = [f for f in findings if f.rule_id in LOADER_RULES]
            assert not shape, f"bad example of {rule.id} does not parse cleanly: {shape}"
    else:
        assert not own, (
            f"good example of {rule.id} yields {[(str(f.span), f.message) for f in own]}"
        )
        errors = [f for f in findings if f.severity is Severity.ERROR]
        assert not errors, f"good example of {rule.id} has errors: " + "; ".join(
            f"{f.span} {f.rule_id} {f.message}" for f in errors
        )


def test_checked_rules_have_both_examples() -> None:
    missing = [
        r.id
        for r in RULES
        if r.status is Status.CHECKED
        and not (any(e.bad for e in r.examples) and any(not e.bad for e in r.examples))
    ]
    assert not missing, f"checked rules without a bad and a good example: {missing}"


def test_catalog_ids_unique_sorted_and_documented() -> None:
    ids = [r.id for r in RULES]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))
    for r in RULES:
        for field in ("name", "summary", "message", "hint", "rationale", "source"):
            assert getattr(r, field).strip(), f"{r.id} has an empty {field}"
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", r.name), f"{r.id} name not kebab-case"
        if r.status is Status.CHECKED:
            assert r.check is not None or r.id in LOADER_RULES | {"SPEC006", "SPEC008"}, r.id
        else:
            assert r.status_reason.strip(), f"{r.id} is {r.status} without a reason"
