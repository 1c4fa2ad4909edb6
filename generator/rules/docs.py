"""Human documentation of the catalog: the rules table (README), the rules page
(docs/rules.md) and `vpcegen explain`, all generated from the rules themselves."""

from __future__ import annotations

import difflib
import json

from generator.rules.base import Rule, Variant
from generator.rules.catalog import RULES


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def shown(template: str) -> str:
    """A message or hint template as documentation shows it: `{field}` stays, `{{` is `{`."""
    return (
        template.replace("{{", "\x00")
        .replace("}}", "\x01")
        .replace("\x00", "{")
        .replace("\x01", "}")
    )


def _variant_dict(case: Variant) -> dict[str, object]:
    return {
        "variant": case.name or None,
        "message": case.message,
        "hint": case.hint or None,
        "severity": str(case.severity),
    }


def presets_table() -> str:
    """The statements the policy presets add beside the identity condition (README), from
    generator.policy_document.PRESET_EXCEPTIONS, each with its source."""
    from generator.policy_document import PRESET_EXCEPTIONS

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| Statement | Endpoints | What it allows | Why | Source |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e in PRESET_EXCEPTIONS:
        where = ", ".join(e.services) if e.services else "every endpoint"
        lines.append(f"| `{e.sid}` | {where} | {cell(e.what)} | {cell(e.why)} | {cell(e.source)} |")
    return "\n".join(lines) + "\n"


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
                "deviation": r.deviation or None,
                "messages": [_variant_dict(case) for case in r.cases()],
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


# Where a guard's assertions land in the generated module, by site (generator.plan_time).
_SITES: dict[str, str] = {
    "variable": "a validation on the input variable",
    "subnets": "a postcondition on the subnets read (data.aws_subnet)",
    "endpoint": "a precondition on the endpoint (aws_vpc_endpoint)",
    "endpoint_service": "a precondition on the endpoint service (aws_vpc_endpoint_service)",
    "verification_record": "a precondition on the domain-verification TXT record "
    "(aws_route53_record)",
    "routes": "a precondition on every route through the endpoint (aws_route)",
    "region": "a postcondition on the provider's Region (data.aws_region)",
    "check": "an assert in a check block (Terraform reports it as a warning)",
}


def guard_line(rule: Rule) -> str | None:
    """'yes - <where it is placed>' for a rule with a plan-time guard, else None."""
    if rule.guard is None:
        return None
    return "yes - " + "; ".join(_SITES[site] for site in rule.guard_sites)


def explain_rule(rule: Rule) -> str:
    guard = guard_line(rule)
    parts = [
        f"{rule.id} ({rule.name}): {rule.summary}",
        "",
        f"Severity: {rule.severity}" + ("" if rule.suppressible else " (cannot be suppressed)"),
        f"Status:   {rule.status}" + (f" - {rule.status_reason}" if rule.status_reason else ""),
        *([f"Plan-time guard: {guard}"] if guard else []),
        "",
        "What it reports ({field} is a value from the spec):",
        f"  {shown(rule.message)}",
        "",
        "What to do:",
        f"  {shown(rule.hint)}",
        "",
        *_other_cases(rule),
        "Why:",
        f"  {rule.rationale}",
        "",
        *(["Differs from contract v1:", f"  {rule.deviation}", ""] if rule.deviation else []),
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


def _other_cases(rule: Rule) -> list[str]:
    cases = rule.cases()[1:]
    if not cases:
        return []
    lines = ["Other cases:"]
    for case in cases:
        sev = f" ({case.severity})" if case.severity is not rule.severity else ""
        lines.append(f"  [{case.name}]{sev} {shown(case.message)}")
        if case.hint and case.hint != rule.hint:
            lines.append(f"    hint: {shown(case.hint)}")
    return [*lines, ""]


def _code(text: str) -> str:
    """Inline Markdown code that survives backticks in the text."""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_PAGE_HEAD = """\
<!-- Generated by `python scripts/regen.py` from generator/rules/; do not edit. -->
# vpcegen rules

Every rule vpcegen checks, generated from the rule catalog (`generator/rules/`), so this page,
`vpcegen rules`, `vpcegen explain ID` and the findings themselves say the same thing. A message
is a template: `{name}` stands for a value taken from the spec. Severities: **error** (AWS or
the provider rejects it, or it cannot work; cannot be suppressed), **warning** (accepted but
risky or likely a mistake), **info** (a notice). Status: **checked** (decided from the spec),
**plan-time** (the generated module checks it when Terraform plans), **rendered** (the
renderer respects it by construction), **not-checkable** (needs facts no one has offline).

The project started from a rule contract (contract v1, kept in
[origins/RULES-v1.md](origins/RULES-v1.md)); where a rule differs from it (a new ID, another
severity), its entry says so under *Differs from contract v1*.

"""


def rules_page() -> str:
    """docs/rules.md: one section per rule, in ID order."""
    out = [_PAGE_HEAD, rules_table("md"), ""]
    for r in RULES:
        out += [f"## {r.id}: {r.name}", ""]
        facts = f"**Severity:** {r.severity}"
        facts += "" if r.suppressible else " (cannot be suppressed)"
        facts += f" · **Status:** {r.status}"
        out += [facts, "", r.summary, ""]
        if r.status_reason:
            out += [f"*{r.status}:* {r.status_reason}", ""]
        guard = guard_line(r)
        if guard:
            out += [f"**Plan-time guard:** {guard}", ""]
        out += ["| Case | Severity | Message | Hint |", "| --- | --- | --- | --- |"]
        for case in r.cases():
            cells = [
                case.name or "(main)",
                str(case.severity),
                _code(_md_cell(shown(case.message))),
                _md_cell(shown(case.hint or "")) or "-",
            ]
            out.append("| " + " | ".join(cells) + " |")
        out += ["", f"**Why.** {r.rationale}", ""]
        if r.deviation:
            out += [f"**Differs from contract v1.** {r.deviation}", ""]
        out += [f"**Source.** {r.source}", ""]
        if r.url:
            out += [f"**See.** <{r.url}>", ""]
        for example in r.examples:
            label = "Bad example" if example.bad else "Good example"
            note = f" ({example.note})" if example.note else ""
            out += [f"{label}{note}:", "", "```yaml", example.text.rstrip("\n"), "```", ""]
    return "\n".join(out).rstrip("\n") + "\n"


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
