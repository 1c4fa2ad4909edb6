"""POL0xx: endpoint policies (IAM policy documents on gateway and interface endpoints).

A policy is written inline, read from a file, or rendered from a preset; all three are
resolved to one JSON document by generator.policy_document.resolve_policy, which the renderer
uses too, so the rules check exactly what the module sends.

Split with the GWLB family: a policy on a Gateway Load Balancer endpoint is reported by GWLB003
(its own rule ID in RULES.md); POL004 reports policies on VPC Lattice (resource,
service-network) endpoints only, so that no spec gets two findings for one mistake.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.policy_document import (
    MAX_POLICY_CHARS,
    is_full_access,
    policy_json,
    policy_kind,
    resolve_policy,
)
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit
from generator.spec.models import EndpointBase

# --- where policies are, and how to point at their parts --------------------------------------


def _etype(ep: EndpointBase) -> str:
    """The endpoint's type (the models' discriminator; EndpointBase does not declare it)."""
    return str(getattr(ep, "type", ""))


@dataclass(frozen=True)
class _Site:
    """One `policy` key of a spec and the document it resolves to."""

    path: Path  # where the `policy` key sits
    kind: str  # document | file | preset
    label: str  # how messages name it
    file: str | None  # the file reference of a file policy
    document: dict[str, Any] | None
    types: frozenset[str]  # endpoint types the policy applies to

    def at(self, *sub: str | int) -> Path:
        """The spec path to report a part of the document at.

        Inline documents: the part itself. Files: the `file:` reference (positions inside the
        file are named in the message instead). Presets: the `policy` key.
        """
        if self.kind == "document":
            return (*self.path, *sub)
        if self.kind == "file":
            return (*self.path, "file")
        return self.path

    def where(self, *sub: str | int) -> str:
        """' (in <file> at Statement[0].Effect)' for file policies, '' otherwise."""
        if self.kind != "file":
            return ""
        pointer = _pointer(sub)
        return f" (in {self.file}" + (f" at {pointer})" if pointer else ")")


def _pointer(sub: tuple[str | int, ...]) -> str:
    out = ""
    for elem in sub:
        out += f"[{elem}]" if isinstance(elem, int) else (f".{elem}" if out else elem)
    return out


def _site(ctx: Context, path: Path, label: str, types: frozenset[str]) -> _Site | None:
    node: Any = ctx.data
    for elem in path:
        node = node.get(elem) if isinstance(node, dict) else None
    kind = policy_kind(node)
    if kind is None:
        return None
    ref = node.get("file") if kind == "file" else None
    return _Site(
        path,
        kind,
        label,
        ref if isinstance(ref, str) else None,
        resolve_policy(ctx, path),
        types,
    )


def _sites(ctx: Context) -> Iterator[_Site]:
    """Every `policy` the user wrote: under defaults (gateway, interface) and on endpoints."""
    for etype in ("gateway", "interface"):
        path: Path = ("defaults", etype, "policy")
        if ctx.has(path):
            site = _site(ctx, path, f"defaults.{etype}.policy", frozenset({etype}))
            if site is not None:
                yield site
    for name, ep in ctx.endpoints():
        path = ("endpoints", name, "policy")
        if ctx.has(path):
            site = _site(ctx, path, f"policy of endpoint '{name}'", frozenset({_etype(ep)}))
            if site is not None:
                yield site


def _statements(site: _Site) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any], str]]:
    """(sub-path, statement, how to name it) for each statement that is a mapping."""
    doc = site.document
    if doc is None:
        return
    raw = doc.get("Statement")
    items: list[tuple[tuple[str | int, ...], Any]]
    if isinstance(raw, dict):
        items = [(("Statement",), raw)]
    elif isinstance(raw, list):
        items = [(("Statement", i), st) for i, st in enumerate(raw)]
    else:
        items = []
    for sub, st in items:
        if isinstance(st, dict):
            sid = st.get("Sid")
            index = sub[1] if len(sub) > 1 else 0
            name = f"statement '{sid}'" if isinstance(sid, str) and sid else f"statement {index}"
            yield sub, st, name


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _effective_policy(ctx: Context, name: str) -> _Site | None:
    """The policy that applies to an endpoint (its own, else its type's default), if any."""
    value, path = ctx.effective(name, "policy")
    if value is None or path[-1] != "policy":
        return None
    ep = ctx.spec.endpoints[name]
    label = (
        f"policy of endpoint '{name}'"
        if path[0] == "endpoints"
        else f"defaults.{_etype(ep)}.policy (applied to endpoint '{name}')"
    )
    return _site(ctx, path, label, frozenset({_etype(ep)}))


# --- POL001: a valid IAM policy document -----------------------------------------------------

_TOP_KEYS = ("Version", "Id", "Statement")
_STATEMENT_KEYS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
_VERSIONS = ("2012-10-17", "2008-10-17")
_PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")
_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+")
_CONDITION_OPERATORS = frozenset(
    {
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotEquals",
        "ArnNotLike",
        "Null",
    }
)


def _base_operator(operator: str) -> str | None:
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
            for i, action in enumerate(_as_list(st[key])):
                if isinstance(action, str) and not _ACTION.fullmatch(action):
                    asub = (*sub, key, i) if isinstance(st[key], list) else (*sub, key)
                    yield asub, "action", {"action": action}, False
    for key in ("Resource", "NotResource"):
        if key in st:
            for psub, variant, fields in _check_strings(st[key], (*sub, key), key):
                yield psub, variant, fields, False
            for i, res in enumerate(_as_list(st[key])):
                if isinstance(res, str) and res != "*" and not res.startswith("arn:"):
                    rsub = (*sub, key, i) if isinstance(st[key], list) else (*sub, key)
                    yield rsub, "resource", {"resource": res}, False
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
                if _base_operator(op) is None:
                    yield (*sub, "Condition", op), "operator", {"op": op}, True
                if not isinstance(block, dict) or not block:
                    yield (*sub, "Condition", op), "operator-block", {"op": op}, False
                    continue
                for key, val in block.items():
                    values = _as_list(val)
                    if not values or any(isinstance(v, dict | list) or v is None for v in values):
                        yield (*sub, "Condition", op, key), "condition-value", {"key": key}, False
    sid = st.get("Sid")
    if "Sid" in st and not isinstance(sid, str):
        yield (*sub, "Sid"), "sid-type", {}, False


def _check_document(ctx: Context) -> Iterator[Hit]:
    for site in _sites(ctx):
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
        for sub, st, name in _statements(site):
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
                pointer=_pointer(sub),
                where=site.where(*sub),
            )


_P = "{policy}: "  # how every finding about a policy starts: which policy it is
_FIX = "fix the document; IAM element names and values are case-sensitive"
_POL001_VARIANTS = (
    Variant(
        "element-no-close",
        _P + "{statement} has unknown element '{key}'{where}",
        "IAM statements take " + ", ".join(_STATEMENT_KEYS),
    ),
    Variant("no-effect", _P + "{statement} has no Effect{where}", "add Effect: Allow (or Deny)"),
    Variant(
        "effect",
        _P + "{statement} has Effect '{effect}'{where}",
        "write '{close}' (IAM values are case-sensitive)",
    ),
    Variant(
        "effect-no-close", _P + "{statement} has Effect '{effect}'{where}", "use Allow or Deny"
    ),
    Variant("both", _P + "{statement} has both {a} and {b}{where}", "keep one of {a} / {b}"),
    Variant("missing", _P + "{statement} has no {a} (or {b}){where}", 'add {a}, e.g. {a}: "*"'),
    Variant("strings-empty", _P + "{statement}: {key} is an empty list{where}", _FIX),
    Variant(
        "strings-entry", _P + "{statement}: {key} entries must be strings, not {type}{where}", _FIX
    ),
    Variant(
        "strings-type", _P + "{statement}: {key} must be a string or a list of strings{where}", _FIX
    ),
    Variant(
        "action",
        _P + "{statement}: '{action}' is not an action{where}",
        "actions look like 'service:Action' (wildcards allowed) or '*'",
    ),
    Variant(
        "resource",
        _P + "{statement}: '{resource}' is not an ARN{where}",
        "resources are ARNs (arn:partition:service:region:account:resource) or '*'",
    ),
    Variant(
        "principal-shape",
        _P + '{statement}: {key} must be "*" or a mapping of principal types{where}',
        'e.g. Principal: "*" or Principal: {{AWS: [arn:aws:iam::111122223333:root]}}',
    ),
    Variant(
        "principal-type",
        _P + "{statement}: unknown principal type '{ptype}'{where}",
        "did you mean '{close}'?",
    ),
    Variant(
        "principal-type-no-close",
        _P + "{statement}: unknown principal type '{ptype}'{where}",
        "use AWS, Service, Federated or CanonicalUser",
    ),
    Variant("condition-shape", _P + "{statement}: Condition must be a mapping{where}", _FIX),
    Variant(
        "operator",
        _P + "{statement}: unknown condition operator '{op}'{where}",
        "see the IAM condition operators (StringEquals, StringLike, ArnLike, Bool, IpAddress, ...)",
    ),
    Variant(
        "operator-block",
        _P + "{statement}: condition '{op}' must map condition keys to values{where}",
        _FIX,
    ),
    Variant(
        "condition-value",
        _P + "{statement}: condition key '{key}' needs a value or a list of values{where}",
        _FIX,
    ),
    Variant("sid-type", _P + "{statement}: Sid must be a string{where}", _FIX),
    Variant(
        "file-not-document",
        _P + "file '{file}' holds {what}, not a policy document",
        "a policy file holds one JSON object with Version and Statement",
    ),
    Variant("top-element", _P + "unknown policy element '{key}'{where}", "did you mean '{close}'?"),
    Variant(
        "top-element-no-close",
        _P + "unknown policy element '{key}'{where}",
        "a policy has Version and Statement",
    ),
    Variant(
        "version",
        _P + "Version '{version}' is not a policy language version{where}",
        'use Version: "2012-10-17" (quoted)',
    ),
    Variant("no-statement", _P + "the policy has no Statement{where}", "add a Statement list"),
    Variant(
        "statement-shape",
        _P + "Statement must be a non-empty list of statements{where}",
        "write Statement as a list of mappings",
    ),
    Variant(
        "statement-not-mapping",
        _P + "statement {index} is not a mapping{where}",
        "each statement is a mapping with Effect, Principal, Action, Resource",
    ),
    Variant(
        "sid-reused",
        _P + "Sid '{sid}' is used by two statements{where}",
        "give each statement its own Sid",
    ),
    Variant("not-number", _P + "{pointer} is not a JSON number{where}", "quote the value"),
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
    message=_P + "{statement} has unknown element '{key}'{where}",
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
    for site in _sites(ctx):
        if site.kind == "preset":
            continue
        for sub, st, name in _statements(site):
            if "Principal" not in st and "NotPrincipal" not in st:
                yield hit(site.at(*sub), policy=site.label, statement=name, where=site.where(*sub))
                continue
            if "gateway" in site.types:
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
    message=_P + "{statement} has no Principal element{where}",
    hint='add Principal: "*" and narrow it with a condition such as aws:PrincipalOrgID or '
    "aws:PrincipalArn",
    variants=(
        Variant(
            "gateway-principal",
            _P + "{statement} names specific principals in {key}; gateway endpoint policies need "
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
    for site in _sites(ctx):
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


# --- POL004: which endpoint types take a policy ---------------------------------------------


def _check_policy_type(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints("resource", "service-network"):
        path: Path = ("endpoints", name, "policy")
        if ctx.has(path) and ep.policy is not None:
            yield hit(path, at_key=True, type=_etype(ep), endpoint=name)


POL004 = Rule(
    id="POL004",
    name="policy-on-unsupported-endpoint-type",
    severity=Severity.ERROR,
    summary="Endpoint policies exist only for interface and gateway endpoints; VPC Lattice "
    "resource and service-network endpoints take none (GWLB endpoints: rule GWLB003).",
    message="{type} endpoint '{endpoint}' has a policy; only gateway and interface endpoints "
    "take endpoint policies",
    hint="remove the policy; control access with the VPC Lattice resource's or service "
    "network's auth policy instead",
    rationale='CreateVpcEndpoint documents PolicyDocument for "Interface and gateway '
    'endpoints" only. Policies on Gateway Load Balancer endpoints are reported by GWLB003 '
    "(its own documented rule), so this rule covers the VPC Lattice types.",
    source=f'API-CVE ({sources.API_CVE}: PolicyDocument "(Interface and gateway endpoints)"); '
    f"DOC-GWLBE ({sources.DOC_GWLBE})",
    url=sources.API_CVE,
    check=_check_policy_type,
)


# --- POL005: services that ignore policies -------------------------------------------------


_NO_POLICIES = (
    _P + "{title} ({service}) does not support endpoint policies; AWS allows full access through "
    "the endpoint whatever the policy says"
)


def _check_service_support(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints("gateway", "interface"):
        site = _effective_policy(ctx, name)
        if site is None:
            continue
        info = ctx.service_info(ep)
        if info is None:
            continue
        short = ctx.service_short(ep)
        if info.policy == "no":
            yield hit(
                site.path,
                "defaults" if site.path[0] == "defaults" else "",
                policy=site.label,
                title=info.title,
                service=short,
            )
        elif info.policy == "full-access-only" and not is_full_access(site.document):
            yield hit(
                site.path, "full-access-only", policy=site.label, title=info.title, service=short
            )


POL005 = Rule(
    id="POL005",
    name="policy-not-supported-by-service",
    severity=Severity.WARNING,
    summary="Not every AWS service supports endpoint policies; for those that don't, AWS "
    "allows full access through the endpoint regardless of the policy.",
    message=_NO_POLICIES,
    hint="remove the policy and control access with IAM and resource policies",
    variants=(
        Variant(
            "defaults",
            _NO_POLICIES,
            "remove the policy and control access with IAM and resource policies (or suppress "
            "POL005 for a shared default)",
        ),
        Variant(
            "full-access-only",
            _P + "{title} ({service}) accepts only the full-access endpoint policy; this policy "
            "restricts access",
            "remove the policy (the default is full access) and restrict access with IAM",
        ),
    ),
    rationale="\"If an AWS service doesn't support endpoint policies, we allow full access to "
    'any endpoint for the service": a policy there gives a false sense of control. Services '
    "whose catalog entry says the policy support is unknown are not reported (verify with "
    "describe-vpc-endpoint-services, VpcEndpointPolicySupported). A catalog value "
    "'full-access-only' (a service that accepts only the default policy) warns when the policy "
    "restricts anything.",
    source=f'DOC-POL ({sources.DOC_POL}: considerations, "View endpoint policy support"); '
    "vpcegen service catalog (policy fact)",
    url=sources.DOC_POL,
    check=_check_service_support,
)


# --- POL006: endpoint services of other accounts -------------------------------------------


_CUSTOM_SERVICE = (
    _P + "endpoint '{endpoint}' connects to endpoint service {service}, not an AWS service; AWS "
    "allows full access through it whatever the policy says"
)


def _check_custom_service(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints("gateway", "interface"):
        if not ctx.is_custom_service(ep):
            continue
        site = _effective_policy(ctx, name)
        if site is None:
            continue
        yield hit(
            site.path,
            "defaults" if site.path[0] == "defaults" else "",
            policy=site.label,
            endpoint=name,
            service=ep.service_name,
        )


POL006 = Rule(
    id="POL006",
    name="policy-on-endpoint-service",
    severity=Severity.WARNING,
    summary="Endpoints to endpoint services that are not AWS services (com.amazonaws.vpce.*) "
    "always allow full access; a policy on them controls nothing.",
    message=_CUSTOM_SERVICE,
    hint="remove the policy; the service provider controls access (allowed principals, acceptance)",
    variants=(
        Variant(
            "defaults",
            _CUSTOM_SERVICE,
            "remove the policy; the service provider controls access (allowed principals, "
            "acceptance) - or suppress POL006 for a shared default",
        ),
    ),
    rationale='"When you create a VPC endpoint for an endpoint service other than an AWS '
    "service, we allow full access to the endpoint.\" Access is controlled by the provider's "
    "allowed principals and connection acceptance.",
    source=f"DOC-POL ({sources.DOC_POL}: considerations)",
    url=sources.DOC_POL,
    check=_check_custom_service,
)


POL007 = Rule(
    id="POL007",
    name="policy-set-twice",
    severity=Severity.ERROR,
    summary="One policy per endpoint: never both aws_vpc_endpoint.policy and an "
    "aws_vpc_endpoint_policy resource for the same endpoint.",
    message="(not reported: the module sets each policy once, inline)",
    hint="keep the policy in the spec; do not add aws_vpc_endpoint_policy next to the module",
    rationale="An endpoint has a single policy; two Terraform resources managing it overwrite "
    "each other and never converge (perpetual diff).",
    source=f'DOC-POL ({sources.DOC_POL}: "you can attach a single endpoint policy"); '
    f"TF-POL-DOC ({sources.TF_POL_DOC})",
    url=sources.TF_POL_DOC,
    status=Status.RENDERED,
    status_reason="A spec has one `policy` per endpoint (its own or its type's default, never "
    "both); the renderer emits it only as `policy = jsonencode(...)` on the aws_vpc_endpoint "
    "resource and never renders aws_vpc_endpoint_policy.",
)


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
    site: _Site,
) -> Iterator[tuple[tuple[str | int, ...], str, str, str, str, Any]]:
    """(sub-path of the value, statement name, operator, base operator, key, value)."""
    for sub, st, name in _statements(site):
        cond = st.get("Condition")
        if not isinstance(cond, dict):
            continue
        for op, block in cond.items():
            base = _base_operator(op)
            if base is None or not isinstance(block, dict):
                continue
            for key, val in block.items():
                if isinstance(val, list):
                    for i, v in enumerate(val):
                        yield (*sub, "Condition", op, key, i), name, op, base, key, v
                else:
                    yield (*sub, "Condition", op, key), name, op, base, key, val


def _check_system_keys(ctx: Context) -> Iterator[Hit]:
    for site in _sites(ctx):
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
    message=_P + "{statement} matches {key} against '{value}' with a wildcard{where}",
    hint="list the exact values (StringEquals); wildcards are not allowed for keys holding "
    "system-generated IDs",
    variants=(
        Variant(
            "numeric",
            _P + "{statement} compares {key} with the numeric operator {op}{where}",
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
    for site in _sites(ctx):
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
    message=_P + "{statement} matches {key} against '{value}'; each wildcard needs at least "
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
    for site in _sites(ctx):
        if site.kind == "preset":
            continue
        for sub, st, name in _statements(site):
            for key in ("Resource", "NotResource"):
                raw = st.get(key)
                for i, res in enumerate(_as_list(raw)):
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
    message=_P + "{statement}: the account field '{account}' of {arn} mixes an account ID with "
    "wildcards{where}",
    hint="give the whole 12-digit account ID, or '*' alone",
    variants=(
        Variant(
            "condition",
            _P + "{statement}: the account field '{account}' of {arn} ({key}) mixes an account "
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


# --- POL011: no policy = full access --------------------------------------------------------


def _check_default_policy(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints("gateway", "interface"):
        value, _ = ctx.effective(name, "policy")
        if value is not None or ctx.is_custom_service(ep):
            continue
        info = ctx.service_info(ep)
        if info is not None and info.policy == "no":
            continue
        yield hit(("endpoints", name), at_key=True, type=_etype(ep), endpoint=name)


POL011 = Rule(
    id="POL011",
    name="default-full-access-policy",
    severity=Severity.INFO,
    summary="A gateway or interface endpoint without a policy gets the default full-access "
    "policy (any principal, any action, any resource); removing a policy resets to it.",
    message="{type} endpoint '{endpoint}' has no policy: AWS attaches the default policy, which "
    "allows any principal any action on any resource through the endpoint",
    hint="limit it to your organization with policy: {{preset: organization, organization_id: "
    "o-...}} (or set it once under defaults.{type}.policy); suppress POL011 to accept full "
    "access",
    rationale="\"If you don't attach an endpoint policy, we attach the default endpoint "
    'policy", which grants full access; the provider resets to it when `policy` is removed. '
    "That is often intended, so this is a notice (severity info, suppressible), not a warning: "
    "it tells the author the endpoint is not a data perimeter. Endpoints to other accounts' "
    "endpoint services and to services that do not support policies are not reported (a policy "
    "would change nothing there; see POL005, POL006).",
    source=f'DOC-POL ({sources.DOC_POL}: "Default endpoint policy"); TF-VPCE '
    f"({sources.TF_VPCE}: ResetPolicy when policy is empty)",
    url=sources.DOC_POL,
    check=_check_default_policy,
)

RULES: tuple[Rule, ...] = (
    POL001,
    POL002,
    POL003,
    POL004,
    POL005,
    POL006,
    POL007,
    POL008,
    POL009,
    POL010,
    POL011,
)
