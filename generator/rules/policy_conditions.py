"""POL008-POL010: condition values and ARNs in endpoint policies (system-generated ID keys,
wildcards, accounts in ARNs)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Severity
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.rules.policy import P, PolicySite, as_list, policy_sites, statements
from generator.rules.policy_documents import base_operator

# --- POL008 / POL009 / POL010: condition values and ARNs -----------------------------------

# Global condition keys whose values are system-generated identifiers (account IDs,
# organization IDs, VPC and VPC endpoint IDs). Path keys (aws:PrincipalOrgPaths, ...) are
# designed for wildcards and are not listed.
_SYSTEM_ID_KEYS = frozenset(
    k.lower()
    for k in (
        "aws:PrincipalAccount",
        "aws:PrincipalOrgID",
        "aws:ResourceAccount",
        "aws:ResourceOrgID",
        "aws:SourceAccount",
        "aws:SourceOrgID",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:VpceAccount",
        "aws:VpceOrgID",
    )
)
_WILDCARD_OPERATORS = frozenset({"StringLike", "StringNotLike"})
_MIN_LITERAL = 6


def _conditions(
    site: PolicySite,
) -> Iterator[tuple[tuple[str | int, ...], str, str, str, str, Any]]:
    """(sub-path of the value, statement name, operator, base operator, key, value)."""
    for sub, st, name in statements(site):
        cond = st.get("Condition")
        if not isinstance(cond, dict):
            continue
        for op, block in cond.items():
            base = base_operator(op)
            if base is None or not isinstance(block, dict):
                continue
            for key, val in block.items():
                if isinstance(val, list):
                    for i, v in enumerate(val):
                        yield (*sub, "Condition", op, key, i), name, op, base, key, v
                else:
                    yield (*sub, "Condition", op, key), name, op, base, key, val


def _check_system_keys(ctx: Context) -> Iterator[Hit]:
    for site in policy_sites(ctx):
        if site.kind == "preset":
            continue
        reported: set[tuple[str | int, ...]] = set()
        for sub, name, op, base, key, value in _conditions(site):
            if key.lower() not in _SYSTEM_ID_KEYS:
                continue
            key_path = sub if isinstance(sub[-1], str) else sub[:-1]
            if base.startswith("Numeric"):
                if key_path not in reported:
                    reported.add(key_path)
                    yield hit(
                        site.at(*key_path),
                        "numeric",
                        policy=site.label,
                        statement=name,
                        key=key,
                        op=op,
                        where=site.where(*key_path),
                        values=key.split(":")[-1],
                    )
            elif isinstance(value, str) and ("*" in value or "?" in value):
                yield hit(
                    site.at(*sub),
                    policy=site.label,
                    statement=name,
                    key=key,
                    value=value,
                    where=site.where(*sub),
                )


POL008 = Rule(
    id="POL008",
    name="wildcard-on-system-id-key",
    severity=Severity.ERROR,
    summary="No wildcards (*, ?) and no numeric operators with global condition keys that hold "
    "system-generated IDs (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceVpc, "
    "aws:SourceVpce, aws:ResourceAccount, ...).",
    message=P + "{statement} matches {key} against '{value}' with a wildcard{where}",
    hint="list the exact values (StringEquals); wildcards are not allowed for keys holding "
    "system-generated IDs",
    variants=(
        Variant(
            "numeric",
            P + "{statement} compares {key} with the numeric operator {op}{where}",
            "use StringEquals (or StringNotEquals) with the exact {values} values",
        ),
    ),
    rationale="AWS documents for endpoint policies: \"You can't use wildcard characters (* or ?) "
    "or numeric condition operators with global context keys that reference system-generated "
    'identifiers (for example, aws:PrincipalAccount or aws:SourceVpc)." vpcegen applies it to '
    "the account, organization, VPC and VPC endpoint ID keys; organization *path* keys, meant "
    "for wildcards, are not included.",
    source=f"DOC-POL ({sources.DOC_POL}: considerations)",
    url=sources.DOC_POL,
    check=_check_system_keys,
)


def _short_literal(value: str) -> bool:
    """Whether some wildcard has fewer than six literal characters both before and after it."""
    parts = re.split(r"[*?]", value)
    return any(
        len(parts[i]) < _MIN_LITERAL and len(parts[i + 1]) < _MIN_LITERAL
        for i in range(len(parts) - 1)
    )


def _check_wildcard_literals(ctx: Context) -> Iterator[Hit]:
    for site in policy_sites(ctx):
        if site.kind == "preset":
            continue
        for sub, name, _op, base, key, value in _conditions(site):
            if base not in _WILDCARD_OPERATORS or key.lower() in _SYSTEM_ID_KEYS:
                continue
            if isinstance(value, str) and _short_literal(value):
                yield hit(
                    site.at(*sub),
                    policy=site.label,
                    statement=name,
                    key=key,
                    value=value,
                    where=site.where(*sub),
                )


POL009 = Rule(
    id="POL009",
    name="wildcard-too-short",
    severity=Severity.ERROR,
    summary="With wildcard string operators (StringLike, StringNotLike), each * or ? needs at "
    "least six consecutive literal characters before or after it.",
    message=P + "{statement} matches {key} against '{value}'; each wildcard needs at least "
    f"{_MIN_LITERAL} literal characters before or after it{{where}}",
    hint="write more of the value around the wildcard, or list exact values",
    rationale='AWS documents for endpoint policies: "When you use a string condition operator, '
    "you must use at least six consecutive characters before or after each wildcard "
    'character." Only the operators that interpret wildcards are checked (StringEquals '
    "compares * literally). Keys reported by POL008 are skipped.",
    source=f"DOC-POL ({sources.DOC_POL}: considerations)",
    url=sources.DOC_POL,
    check=_check_wildcard_literals,
)


def _mixed_account(arn: str) -> str | None:
    """The account field of an ARN that mixes an account ID with wildcards, else None."""
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return None
    account = parts[4]
    wild = [c in "*?" for c in account]
    return account if any(wild) and not all(wild) else None


def _check_arn_accounts(ctx: Context) -> Iterator[Hit]:
    for site in policy_sites(ctx):
        if site.kind == "preset":
            continue
        for sub, st, name in statements(site):
            for key in ("Resource", "NotResource"):
                raw = st.get(key)
                for i, res in enumerate(as_list(raw)):
                    if not isinstance(res, str) or not res.startswith("arn:"):
                        continue
                    account = _mixed_account(res)
                    if account is None:
                        continue
                    rsub = (*sub, key, i) if isinstance(raw, list) else (*sub, key)
                    yield hit(
                        site.at(*rsub),
                        policy=site.label,
                        statement=name,
                        account=account,
                        arn=res,
                        where=site.where(*rsub),
                    )
        for sub, name, _op, _base, key, value in _conditions(site):
            if isinstance(value, str) and value.startswith("arn:"):
                account = _mixed_account(value)
                if account is not None:
                    yield hit(
                        site.at(*sub),
                        "condition",
                        policy=site.label,
                        statement=name,
                        account=account,
                        arn=value,
                        key=key,
                        where=site.where(*sub),
                    )


POL010 = Rule(
    id="POL010",
    name="arn-account-mixes-wildcard",
    severity=Severity.ERROR,
    summary="In Resource and Condition ARNs the account field is an account ID or a wildcard, "
    "not a mix (arn:aws:sqs:eu-west-1:1111*:q is rejected).",
    message=P + "{statement}: the account field '{account}' of {arn} mixes an account ID with "
    "wildcards{where}",
    hint="give the whole 12-digit account ID, or '*' alone",
    variants=(
        Variant(
            "condition",
            P + "{statement}: the account field '{account}' of {arn} ({key}) mixes an account "
            "ID with wildcards{where}",
        ),
    ),
    rationale='AWS documents for endpoint policies: "When you specify an ARN in a resource or '
    "condition element, the account portion of the ARN can include an account ID or a wildcard "
    'character, but not both."',
    source=f"DOC-POL ({sources.DOC_POL}: considerations)",
    url=sources.DOC_POL,
    check=_check_arn_accounts,
)


RULES: tuple[Rule, ...] = (POL008, POL009, POL010)
