"""POL001-POL003: the content of an endpoint policy: a valid IAM policy document, a Principal
in every statement, and its size.

Policies are found and resolved by generator.rules.policy (where policies apply)."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Severity
from generator.policy_document import (
    IAM_ACTION_PATTERN,
    IAM_CONDITION_OPERATORS,
    IAM_POLICY_VERSIONS,
    IAM_PRINCIPAL_TYPES,
    IAM_STATEMENT_KEYS,
    IAM_TOP_KEYS,
    MAX_POLICY_CHARS,
    policy_json,
)
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.rules.policy import P, as_list, dotted, policy_sites, statements
from generator.spec.endpoint_types import GATEWAY

# --- POL001: a valid IAM policy document -----------------------------------------------------

_TOP_KEYS = IAM_TOP_KEYS
_STATEMENT_KEYS = IAM_STATEMENT_KEYS
_VERSIONS = IAM_POLICY_VERSIONS
_PRINCIPAL_TYPES = IAM_PRINCIPAL_TYPES
_ACTION = re.compile(IAM_ACTION_PATTERN)
_CONDITION_OPERATORS = frozenset(IAM_CONDITION_OPERATORS)


def base_operator(operator: str) -> str | None:
    """'ForAnyValue:StringLikeIfExists' -> 'StringLike'; None for an unknown operator."""
    rest = operator
    for prefix in ("ForAllValues:", "ForAnyValue:"):
        if rest.startswith(prefix):
            rest = rest[len(prefix) :]
            break
    if rest.endswith("IfExists") and rest != "NullIfExists":
        rest = rest[: -len("IfExists")]
    return rest if rest in _CONDITION_OPERATORS else None


def _close(word: str, choices: tuple[str, ...]) -> str | None:
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _non_finite(value: Any, sub: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, float) and not math.isfinite(value):
        yield sub
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _non_finite(v, (*sub, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _non_finite(v, (*sub, i))


def _check_strings(
    value: Any, sub: tuple[str | int, ...], key: str
) -> Iterator[tuple[tuple[str | int, ...], str, dict[str, object]]]:
    """A string or a non-empty list of strings: (sub-path, POL001 variant, fields) otherwise."""
    if isinstance(value, str):
        return
    if isinstance(value, list):
        if not value:
            yield sub, "strings-empty", {"key": key}
        for i, item in enumerate(value):
            if not isinstance(item, str):
                yield (*sub, i), "strings-entry", {"key": key, "type": type(item).__name__}
        return
    yield sub, "strings-type", {"key": key}


Problem = tuple[tuple[str | int, ...], str, dict[str, object], bool]


def _statement_problems(sub: tuple[str | int, ...], st: dict[str, Any]) -> Iterator[Problem]:
    """(sub-path, POL001 variant, fields, at_key) for shape problems of one statement."""
    for key in st:
        if key not in _STATEMENT_KEYS:
            close = _close(key, _STATEMENT_KEYS)
            if close:
                yield (*sub, key), "", {"key": key, "close": close}, True
            else:
                yield (*sub, key), "element-no-close", {"key": key}, True
    effect = st.get("Effect")
    if effect is None:
        yield sub, "no-effect", {}, False
    elif effect not in ("Allow", "Deny"):
        close = _close(str(effect), ("Allow", "Deny"))
        if close:
            yield (*sub, "Effect"), "effect", {"effect": effect, "close": close}, False
        else:
            yield (*sub, "Effect"), "effect-no-close", {"effect": effect}, False
    for a, b in (("Action", "NotAction"), ("Resource", "NotResource")):
        if a in st and b in st:
            yield (*sub, b), "both", {"a": a, "b": b}, True
        elif a not in st and b not in st:
            yield sub, "missing", {"a": a, "b": b}, False
    for key in ("Action", "NotAction"):
        if key in st:
            for psub, variant, fields in _check_strings(st[key], (*sub, key), key):
                yield psub, variant, fields, False
            for i, action in enumerate(as_list(st[key])):
                if isinstance(action, str) and not _ACTION.fullmatch(action):
                    asub = (*sub, key, i) if isinstance(st[key], list) else (*sub, key)
                    yield asub, "action", {"action": action}, False
    for key in ("Resource", "NotResource"):
        if key in st:
            for psub, variant, fields in _check_strings(st[key], (*sub, key), key):
                yield psub, variant, fields, False
            for i, res in enumerate(as_list(st[key])):
                if isinstance(res, str) and res != "*" and not res.startswith("arn:"):
                    rsub = (*sub, key, i) if isinstance(st[key], list) else (*sub, key)
                    yield rsub, "not-arn", {"value": res}, False
    for key in ("Principal", "NotPrincipal"):
        if key not in st:
            continue
        value = st[key]
        if value == "*":
            continue
        if not isinstance(value, dict) or not value:
            yield (*sub, key), "principal-shape", {"key": key}, False
            continue
        for ptype, pvalue in value.items():
            if ptype not in _PRINCIPAL_TYPES:
                close = _close(ptype, _PRINCIPAL_TYPES)
                if close:
                    yield (
                        (*sub, key, ptype),
                        "principal-type",
                        {"ptype": ptype, "close": close},
                        True,
                    )
                else:
                    yield (*sub, key, ptype), "principal-type-no-close", {"ptype": ptype}, True
            for psub, variant, fields in _check_strings(pvalue, (*sub, key, ptype), key):
                yield psub, variant, fields, False
    cond = st.get("Condition")
    if "Condition" in st:
        if not isinstance(cond, dict):
            yield (*sub, "Condition"), "condition-shape", {}, False
        else:
            for op, block in cond.items():
                if base_operator(op) is None:
                    yield (*sub, "Condition", op), "operator", {"op": op}, True
                if not isinstance(block, dict) or not block:
                    yield (*sub, "Condition", op), "operator-block", {"op": op}, False
                    continue
                for key, val in block.items():
                    values = as_list(val)
                    if not values or any(isinstance(v, dict | list) or v is None for v in values):
                        yield (*sub, "Condition", op, key), "condition-value", {"key": key}, False
    sid = st.get("Sid")
    if "Sid" in st and not isinstance(sid, str):
        yield (*sub, "Sid"), "sid-type", {}, False


def _check_document(ctx: Context) -> Iterator[Hit]:
    for site in policy_sites(ctx):
        if site.kind == "file":
            result = ctx.loaded.policy_files.get(site.path)
            if result is not None and not isinstance(result.data, dict):
                what = "a list" if isinstance(result.data, list) else "a single value"
                yield hit(
                    site.at(), "file-not-document", policy=site.label, file=site.file, what=what
                )
                continue
        doc = site.document
        if doc is None or site.kind == "preset":
            continue
        doc_key = site.kind == "document"
        for key in doc:
            if key not in _TOP_KEYS:
                close = _close(key, _TOP_KEYS)
                fields: dict[str, object] = {
                    "policy": site.label,
                    "key": key,
                    "where": site.where(key),
                }
                if close:
                    yield hit(site.at(key), "top-element", at_key=doc_key, close=close, **fields)
                else:
                    yield hit(site.at(key), "top-element-no-close", at_key=doc_key, **fields)
        version = doc.get("Version")
        if "Version" in doc and version not in _VERSIONS:
            yield hit(
                site.at("Version"),
                "version",
                policy=site.label,
                version=version,
                where=site.where("Version"),
            )
        statement = doc.get("Statement")
        if statement is None:
            yield hit(
                site.at(), "no-statement", at_key=doc_key, policy=site.label, where=site.where()
            )
        elif not isinstance(statement, dict | list) or statement == []:
            yield hit(
                site.at("Statement"),
                "statement-shape",
                policy=site.label,
                where=site.where("Statement"),
            )
        elif isinstance(statement, list):
            for i, st in enumerate(statement):
                if not isinstance(st, dict):
                    yield hit(
                        site.at("Statement", i),
                        "statement-not-mapping",
                        policy=site.label,
                        index=i,
                        where=site.where("Statement", i),
                    )
        sids: dict[str, tuple[str | int, ...]] = {}
        for sub, st, name in statements(site):
            for psub, variant, fields, at_key in _statement_problems(sub, st):
                yield hit(
                    site.at(*psub),
                    variant,
                    at_key=at_key and doc_key,
                    policy=site.label,
                    statement=name,
                    where=site.where(*psub),
                    **fields,
                )
            sid = st.get("Sid")
            if isinstance(sid, str) and sid:
                if sid in sids:
                    yield hit(
                        site.at(*sub, "Sid"),
                        "sid-reused",
                        policy=site.label,
                        sid=sid,
                        where=site.where(*sub, "Sid"),
                    )
                sids.setdefault(sid, sub)
        for sub in _non_finite(doc, ()):
            yield hit(
                site.at(*sub),
                "not-number",
                policy=site.label,
                pointer=dotted(sub),
                where=site.where(*sub),
            )


_FIX = "fix the document; IAM element names and values are case-sensitive"
_POL001_VARIANTS = (
    Variant(
        "element-no-close",
        P + "{statement} has unknown element '{key}'{where}",
        "IAM statements take " + ", ".join(_STATEMENT_KEYS),
    ),
    Variant("no-effect", P + "{statement} has no Effect{where}", "add Effect: Allow (or Deny)"),
    Variant(
        "effect",
        P + "{statement} has Effect '{effect}'{where}",
        "write '{close}' (IAM values are case-sensitive)",
    ),
    Variant("effect-no-close", P + "{statement} has Effect '{effect}'{where}", "use Allow or Deny"),
    Variant("both", P + "{statement} has both {a} and {b}{where}", "keep one of {a} / {b}"),
    Variant("missing", P + "{statement} has no {a} (or {b}){where}", 'add {a}, e.g. {a}: "*"'),
    Variant("strings-empty", P + "{statement}: {key} is an empty list{where}", _FIX),
    Variant(
        "strings-entry", P + "{statement}: {key} entries must be strings, not {type}{where}", _FIX
    ),
    Variant(
        "strings-type", P + "{statement}: {key} must be a string or a list of strings{where}", _FIX
    ),
    Variant(
        "action",
        P + "{statement}: '{action}' is not an action{where}",
        "actions look like 'service:Action' (wildcards allowed) or '*'",
    ),
    Variant(
        "not-arn",
        P + "{statement}: '{value}' is not an ARN{where}",
        "resources are ARNs (arn:partition:service:region:account:resource) or '*'",
    ),
    Variant(
        "principal-shape",
        P + '{statement}: {key} must be "*" or a mapping of principal types{where}',
        'e.g. Principal: "*" or Principal: {{AWS: [arn:aws:iam::111122223333:root]}}',
    ),
    Variant(
        "principal-type",
        P + "{statement}: unknown principal type '{ptype}'{where}",
        "did you mean '{close}'?",
    ),
    Variant(
        "principal-type-no-close",
        P + "{statement}: unknown principal type '{ptype}'{where}",
        "use AWS, Service, Federated or CanonicalUser",
    ),
    Variant("condition-shape", P + "{statement}: Condition must be a mapping{where}", _FIX),
    Variant(
        "operator",
        P + "{statement}: unknown condition operator '{op}'{where}",
        "see the IAM condition operators (StringEquals, StringLike, ArnLike, Bool, IpAddress, ...)",
    ),
    Variant(
        "operator-block",
        P + "{statement}: condition '{op}' must map condition keys to values{where}",
        _FIX,
    ),
    Variant(
        "condition-value",
        P + "{statement}: condition key '{key}' needs a value or a list of values{where}",
        _FIX,
    ),
    Variant("sid-type", P + "{statement}: Sid must be a string{where}", _FIX),
    Variant(
        "file-not-document",
        P + "file '{file}' holds {what}, not a policy document",
        "a policy file holds one JSON object with Version and Statement",
    ),
    Variant("top-element", P + "unknown policy element '{key}'{where}", "did you mean '{close}'?"),
    Variant(
        "top-element-no-close",
        P + "unknown policy element '{key}'{where}",
        "a policy has Version and Statement",
    ),
    Variant(
        "version",
        P + "Version '{version}' is not a policy language version{where}",
        'use Version: "2012-10-17" (quoted)',
    ),
    Variant("no-statement", P + "the policy has no Statement{where}", "add a Statement list"),
    Variant(
        "statement-shape",
        P + "Statement must be a non-empty list of statements{where}",
        "write Statement as a list of mappings",
    ),
    Variant(
        "statement-not-mapping",
        P + "statement {index} is not a mapping{where}",
        "each statement is a mapping with Effect, Principal, Action, Resource",
    ),
    Variant(
        "sid-reused",
        P + "Sid '{sid}' is used by two statements{where}",
        "give each statement its own Sid",
    ),
    Variant("not-number", P + "{pointer} is not a JSON number{where}", "quote the value"),
    # Reported by the loader, which reads policy files before any rule runs.
    Variant(
        "file-outside",
        "policy file '{file}' {why}",
        "keep policy documents beside the spec, or elsewhere under the folder vpcegen runs in "
        "(a spec must not read arbitrary files of the machine)",
    ),
    Variant(
        "file-missing",
        "policy file '{file}' not found (looked for {looked})",
        "the path is relative to the spec file's folder",
    ),
    Variant(
        "file-unreadable",
        "cannot read policy file '{file}': {reason}",
        "the path is relative to the spec file's folder",
    ),
    Variant("file-not-data", "policy file '{file}' is not valid JSON/YAML", "see {location}"),
)


POL001 = Rule(
    id="POL001",
    name="invalid-policy-document",
    severity=Severity.ERROR,
    summary="An endpoint policy is a JSON IAM policy document: a mapping with Statement (a "
    "list, or one mapping), each statement with Effect Allow/Deny, Action or NotAction, "
    "Resource or NotResource, and well-formed Principal and Condition elements.",
    message=P + "{statement} has unknown element '{key}'{where}",
    hint="did you mean '{close}'?",
    variants=_POL001_VARIANTS,
    rationale="CreateVpcEndpoint rejects a PolicyDocument that is not valid IAM policy "
    "language (MalformedPolicyDocument); the provider only checks that the text is JSON, so "
    "the mistake would otherwise surface at apply time. Element names and the Effect values are "
    "case-sensitive in IAM.",
    source=f'DOC-POL ({sources.DOC_POL}: "An endpoint policy is a JSON policy document that '
    f'uses the IAM policy language"); API-CVE ({sources.API_CVE}, PolicyDocument); TF-VPCE '
    f"({sources.TF_VPCE}: IAMPolicyDocumentSchema, NormalizeJsonString)",
    url=sources.DOC_POL,
    status_reason="Also reported by the loader when a policy file cannot be read or parsed.",
    check=_check_document,
)


# --- POL002: a Principal in every statement ------------------------------------------------


def _is_star_principal(value: Any) -> bool:
    return value == "*" or (
        isinstance(value, dict) and list(value) == ["AWS"] and value["AWS"] in ("*", ["*"])
    )


def _check_principal(ctx: Context) -> Iterator[Hit]:
    for site in policy_sites(ctx):
        if site.kind == "preset":
            continue
        for sub, st, name in statements(site):
            if "Principal" not in st and "NotPrincipal" not in st:
                yield hit(site.at(*sub), policy=site.label, statement=name, where=site.where(*sub))
                continue
            if GATEWAY in site.types:
                for key in ("Principal", "NotPrincipal"):
                    if key in st and not (key == "Principal" and _is_star_principal(st[key])):
                        yield hit(
                            site.at(*sub, key),
                            "gateway-principal",
                            policy=site.label,
                            statement=name,
                            key=key,
                            where=site.where(*sub, key),
                        )


POL002 = Rule(
    id="POL002",
    name="policy-without-principal",
    severity=Severity.ERROR,
    summary="Every statement of an endpoint policy has a Principal element; for gateway "
    'endpoints it should be "*", with principals named in conditions (warning).',
    message=P + "{statement} has no Principal element{where}",
    hint='add Principal: "*" and narrow it with a condition such as aws:PrincipalOrgID or '
    "aws:PrincipalArn",
    variants=(
        Variant(
            "gateway-principal",
            P + "{statement} names specific principals in {key}; gateway endpoint policies need "
            'Principal "*" (an account given here matches only its root user){where}',
            'set Principal: "*" and name the principals with a condition, e.g. StringEquals: '
            "{{aws:PrincipalArn: [...]}}",
            severity=Severity.WARNING,
        ),
    ),
    rationale='An endpoint policy is a resource-based policy and "must contain a Principal '
    'element"; AWS rejects one without it (error). For gateway endpoints AWS documents that '
    '"you must set the Principal element to *" and name principals with the aws:PrincipalArn '
    "condition key; a policy that names principals is accepted but does not mean what it says "
    '("AWS": "<account-id>" grants access to that account\'s root user only, not to its '
    "users and roles), hence a warning for that case.",
    source=f'DOC-POL ({sources.DOC_POL}: considerations; "Principals for gateway endpoints")',
    url=sources.DOC_POL,
    check=_check_principal,
)


# --- POL003: size ---------------------------------------------------------------------------


def _check_size(ctx: Context) -> Iterator[Hit]:
    warn_at = MAX_POLICY_CHARS * 9 // 10
    for site in policy_sites(ctx):
        if site.document is None:
            continue
        size = len(policy_json(site.document))
        if size > MAX_POLICY_CHARS:
            yield hit(site.at(), at_key=site.kind == "document", policy=site.label, size=size)
        elif size > warn_at:
            yield hit(
                site.at(),
                "near-limit",
                at_key=site.kind == "document",
                policy=site.label,
                size=size,
            )


POL003 = Rule(
    id="POL003",
    name="policy-too-large",
    severity=Severity.ERROR,
    summary="An endpoint policy is at most 20,480 characters including white space (not "
    "adjustable); vpcegen measures the compact JSON the provider sends and warns above 90%.",
    message="{policy} is {size} characters as sent to AWS; the limit is " + str(MAX_POLICY_CHARS),
    hint="shorten the policy (fewer statements, wildcards in ARNs within POL009's limits) or "
    "move restrictions to bucket/resource policies",
    variants=(
        Variant(
            "near-limit",
            "{policy} is {size} characters as sent to AWS, over 90% of the "
            f"{MAX_POLICY_CHARS}-character limit",
            "leave room for growth: the limit cannot be raised",
            severity=Severity.WARNING,
        ),
    ),
    rationale="AWS rejects larger policies and the quota cannot be raised. terraform-provider-"
    "aws normalizes the policy (compact JSON, Go encoding: sorted keys, '<', '>', '&' escaped "
    "as \\u003c...) before sending it, so that is the form measured; white space in a policy "
    "file does not count.",
    source=f'DOC-POL ({sources.DOC_POL}: "The size of an endpoint policy cannot exceed 20,480 '
    f'characters, including white space"); QUOTAS ({sources.QUOTAS}); TF-VPCE '
    f"({sources.TF_VPCE}: NormalizeJsonString)",
    url=sources.QUOTAS,
    check=_check_size,
)


RULES: tuple[Rule, ...] = (POL001, POL002, POL003)
