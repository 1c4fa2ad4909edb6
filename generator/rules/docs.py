"""Human documentation of the catalog: the rules table (README) and `vpcegen explain`."""

from __future__ import annotations

import difflib
import json

from generator.rules.base import Rule
from generator.rules.catalog import RULES


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_table(fmt: str = "text") -> str:
    if fmt == "json":
        rows = [
            {
                "id": r.id,
                "name": r.name,
                "severity": str(r.severity),
                "status": str(r.status),
                "summary": r.summary,
                "source": r.source,
                "url": r.url or None,
                "status_reason": r.status_reason or None,
            }
            for r in RULES
        ]
        return json.dumps(rows, indent=2) + "\n"
    if fmt == "md":
        lines = ["| ID | Severity | Status | Summary |", "| --- | --- | --- | --- |"]
        lines += [f"| {r.id} | {r.severity} | {r.status} | {_md_cell(r.summary)} |" for r in RULES]
        return "\n".join(lines) + "\n"
    width = max(len(r.id) for r in RULES)
    lines = [f"{'ID':<{width}}  {'SEVERITY':<8}  {'STATUS':<13}  SUMMARY"]
    lines += [f"{r.id:<{width}}  {r.severity!s:<8}  {r.status!s:<13}  {r.summary}" for r in RULES]
    return "\n".join(lines) + "\n"


_MAX_EXAMPLE_LINES = 40


def explain_rule(rule: Rule) -> str:
    parts = [
        f"{rule.id} ({rule.name}): {rule.summary}",
        "",
        f"Severity: {rule.severity}" + ("" if rule.suppressible else " (cannot be suppressed)"),
        f"Status:   {rule.status}" + (f" - {rule.status_reason}" if rule.status_reason else ""),
        "",
        "What it reports:",
        f"  {rule.message}",
        "",
        "What to do:",
        f"  {rule.hint}",
        "",
        "Why:",
        f"  {rule.rationale}",
        "",
        "Source:",
        f"  {rule.source}",
    ]
    if rule.url:
        parts.append(f"  {rule.url}")
    for example in rule.examples:
        label = "Bad example" if example.bad else "Good example"
        parts += ["", f"{label}:" + (f" {example.note}" if example.note else "")]
        lines = example.text.rstrip("\n").splitlines()
        if len(lines) > _MAX_EXAMPLE_LINES:
            hidden = len(lines) - _MAX_EXAMPLE_LINES
            lines = [*lines[: _MAX_EXAMPLE_LINES - 5], f"... ({hidden} more lines)", *lines[-4:]]
        parts += ["  " + line for line in lines]
    if any(not e.text.lstrip().startswith("version:") for e in rule.examples):
        parts += [
            "",
            "(Examples that do not start with 'version:' follow a shared opening that defines",
            " Region eu-west-1, a VPC, subnet groups 'private' (2 AZs) and 'single', route-table",
            " group 'private' and security group 'endpoints'.)",
        ]
    return "\n".join(parts) + "\n"


_LOOKALIKES = str.maketrans({"L": "1", "I": "1", "O": "0", "S": "5"})


def suggest_ids(rule_id: str) -> list[str]:
    """Did-you-mean for rule IDs: look-alike characters in the number first, then difflib."""
    wanted = rule_id.upper()
    ids = [r.id for r in RULES]
    prefix = wanted.rstrip("0123456789LIOS")
    fixed = prefix + wanted[len(prefix) :].translate(_LOOKALIKES)
    if fixed in ids:
        return [fixed]
    return difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
