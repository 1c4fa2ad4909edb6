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
    value: Any, sub: tuple[str | int, ...], what: str
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """A string or a non-empty list of strings."""
    if isinstance(value, str):
        return
    if isinstance(value, list):
        if not value:
            yield sub, f"{what} is an empty list"
        for i, item in enumerate(value):
            if not isinstance(item, str):
                yield (*sub, i), f"{what} entries must be strings, not {type(item).__name__}"
        return
    yield sub, f"{what} must be a string or a list of strings"


def _statement_problems(
    site: _Site, sub: tuple[str | int, ...], st: dict[str, Any], name: str
) -> Iterator[tuple[tuple[str | int, ...], str, str | None, bool]]:
    """(sub-path, message, hint, at_key) for shape problems of one statement."""
    for key in st:
        if key not in _STATEMENT_KEYS:
            close = _close(key, _STATEMENT_KEYS)
            hint = (
                f"did you mean '{close}'?"
                if close
                else "IAM statements take " + ", ".join(_STATEMENT_KEYS)
            )
            yield (*sub, key), f"{name} has unknown element '{key}'", hint, True
    effect = st.get("Effect")
    if effect is None:
        yield sub, f"{name} has no Effect", "add Effect: Allow (or Deny)", False
    elif effect not in ("Allow", "Deny"):
        close = _close(str(effect), ("Allow", "Deny"))
        hint = f"write '{close}' (IAM values are case-sensitive)" if close else "use Allow or Deny"
        yield (*sub, "Effect"), f"{name} has Effect '{effect}'", hint, False
    for a, b in (("Action", "NotAction"), ("Resource", "NotResource")):
        if a in st and b in st:
            yield (*sub, b), f"{name} has both {a} and {b}", f"keep one of {a} / {b}", True
        elif a not in st and b not in st:
            yield sub, f"{name} has no {a} (or {b})", f'add {a}, e.g. {a}: "*"', False
    for key in ("Action", "NotAction"):
        if key in st:
            for psub, msg in _check_strings(st[key], (*sub, key), f"{name}: {key}"):
                yield psub, msg, None, False
            for i, action in enumerate(_as_list(st[key])):
                if isinstance(action, str) and not _ACTION.fullmatch(action):
                    asub = (*sub, key, i) if isinstance(st[key], list) else (*sub, key)
                    yield (
                        asub,
                        f"{name}: '{action}' is not an action",
                        "actions look like 'service:Action' (wildcards allowed) or '*'",
                        False,
                    )
    for key in ("Resource", "NotResource"):
        if key in st:
            for psub, msg in _check_strings(st[key], (*sub, key), f"{name}: {key}"):
                yield psub, msg, None, False
            for i, res in enumerate(_as_list(st[key])):
                if isinstance(res, str) and res != "*" and not res.startswith("arn:"):
                    rsub = (*sub, key, i) if isinstance(st[key], list) else (*sub, key)
                    yield (
                        rsub,
                        f"{name}: '{res}' is not an ARN",
                        "resources are ARNs (arn:partition:service:region:account:resource) or '*'",
                        False,
                    )
    for key in ("Principal", "NotPrincipal"):
        if key not in st:
            continue
        value = st[key]
        if value == "*":
            continue
        if not isinstance(value, dict) or not value:
            yield (
                (*sub, key),
                f'{name}: {key} must be "*" or a mapping of principal types',
                'e.g. Principal: "*" or Principal: {AWS: [arn:aws:iam::111122223333:root]}',
                False,
            )
            continue
        for ptype, pvalue in value.items():
            if ptype not in _PRINCIPAL_TYPES:
                close = _close(ptype, _PRINCIPAL_TYPES)
                yield (
                    (*sub, key, ptype),
                    f"{name}: unknown principal type '{ptype}'",
                    f"did you mean '{close}'?"
                    if close
                    else "use AWS, Service, Federated or CanonicalUser",
                    True,
                )
            for psub, msg in _check_strings(pvalue, (*sub, key, ptype), f"{name}: {key}"):
                yield psub, msg, None, False
    cond = st.get("Condition")
    if "Condition" in st:
        if not isinstance(cond, dict):
            yield (*sub, "Condition"), f"{name}: Condition must be a mapping", None, False
        else:
            for op, block in cond.items():
                if _base_operator(op) is None:
                    yield (
                        (*sub, "Condition", op),
                        f"{name}: unknown condition operator '{op}'",
                        "see the IAM condition operators (StringEquals, StringLike, ArnLike, "
                        "Bool, IpAddress, ...)",
                        True,
                    )
                if not isinstance(block, dict) or not block:
                    yield (
                        (*sub, "Condition", op),
                        f"{name}: condition '{op}' must map condition keys to values",
                        None,
                        False,
                    )
                    continue
                for key, val in block.items():
                    values = _as_list(val)
                    if not values or any(isinstance(v, dict | list) or v is None for v in values):
                        yield (
                            (*sub, "Condition", op, key),
                            f"{name}: condition key '{key}' needs a value or a list of values",
                            None,
                            False,
                        )
    sid = st.get("Sid")
    if "Sid" in st and not isinstance(sid, str):
        yield (*sub, "Sid"), f"{name}: Sid must be a string", None, False


def _check_document(ctx: Context) -> Iterator[Hit]:
    for site in _sites(ctx):
        if site.kind == "file":
            result = ctx.loaded.policy_files.get(site.path)
            if result is not None and not isinstance(result.data, dict):
                what = "a list" if isinstance(result.data, list) else "a single value"
                yield Hit(
                    site.at(),
                    f"{site.label}: file '{site.file}' holds {what}, not a policy document",
                    "a policy file holds one JSON object with Version and Statement",
                )
                continue
        doc = site.document
        if doc is None or site.kind == "preset":
            continue
        for key in doc:
            if key not in _TOP_KEYS:
                close = _close(key, _TOP_KEYS)
                yield Hit(
                    site.at(key),
                    f"{site.label}: unknown policy element '{key}'{site.where(key)}",
                    f"did you mean '{close}'?" if close else "a policy has Version and Statement",
                    at_key=site.kind == "document",
                )
        version = doc.get("Version")
        if "Version" in doc and version not in _VERSIONS:
            yield Hit(
                site.at("Version"),
                f"{site.label}: Version '{version}' is not a policy language version"
                f"{site.where('Version')}",
                'use Version: "2012-10-17" (quoted)',
            )
        statement = doc.get("Statement")
        if statement is None:
            yield Hit(
                site.at(),
                f"{site.label}: the policy has no Statement{site.where()}",
                "add a Statement list",
                at_key=site.kind == "document",
            )
        elif not isinstance(statement, dict | list) or statement == []:
            yield Hit(
                site.at("Statement"),
                f"{site.label}: Statement must be a non-empty list of statements"
                f"{site.where('Statement')}",
                "write Statement as a list of mappings",
            )
        elif isinstance(statement, list):
            for i, st in enumerate(statement):
                if not isinstance(st, dict):
                    yield Hit(
                        site.at("Statement", i),
                        f"{site.label}: statement {i} is not a mapping{site.where('Statement', i)}",
                        "each statement is a mapping with Effect, Principal, Action, Resource",
                    )
        sids: dict[str, tuple[str | int, ...]] = {}
        for sub, st, name in _statements(site):
            for psub, msg, hint, at_key in _statement_problems(site, sub, st, name):
                yield Hit(
                    site.at(*psub),
                    f"{site.label}: {msg}{site.where(*psub)}",
                    hint,
                    at_key=at_key and site.kind == "document",
                )
            sid = st.get("Sid")
            if isinstance(sid, str) and sid:
                if sid in sids:
                    yield Hit(
                        site.at(*sub, "Sid"),
                        f"{site.label}: Sid '{sid}' is used by two statements"
                        f"{site.where(*sub, 'Sid')}",
                        "give each statement its own Sid",
                    )
                sids.setdefault(sid, sub)
        for sub in _non_finite(doc, ()):
            yield Hit(
                site.at(*sub),
                f"{site.label}: {_pointer(sub)} is not a JSON number{site.where(*sub)}",
                "quote the value",
            )


POL001 = Rule(
    id="POL001",
    name="invalid-policy-document",
    severity=Severity.ERROR,
    summary="An endpoint policy is a JSON IAM policy document: a mapping with Statement (a "
    "list, or one mapping), each statement with Effect Allow/Deny, Action or NotAction, "
    "Resource or NotResource, and well-formed Principal and Condition elements.",
    message="<policy>: statement N has Effect 'allow' / has no Action / unknown element 'X' / "
    "policy file 'p.json' is not valid JSON",
    hint="fix the document; IAM element names and values are case-sensitive",
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
                yield Hit(
                    site.at(*sub),
                    f"{site.label}: {name} has no Principal element{site.where(*sub)}",
                    'add Principal: "*" and narrow it with a condition such as '
                    "aws:PrincipalOrgID or aws:PrincipalArn",
                )
                continue
            if "gateway" in site.types:
                for key in ("Principal", "NotPrincipal"):
                    if key in st and not (key == "Principal" and _is_star_principal(st[key])):
                        yield Hit(
                            site.at(*sub, key),
                            f"{site.label}: {name} names specific principals in {key}; "
                            'gateway endpoint policies need Principal "*" (an account given '
                            "here matches only its root user)"
                            f"{site.where(*sub, key)}",
                            'set Principal: "*" and name the principals with a condition, e.g. '
                            "StringEquals: {aws:PrincipalArn: [...]}",
                            severity=Severity.WARNING,
                        )


POL002 = Rule(
    id="POL002",
    name="policy-without-principal",
    severity=Severity.ERROR,
    summary="Every statement of an endpoint policy has a Principal element; for gateway "
    'endpoints it should be "*", with principals named in conditions (warning).',
    message="<policy>: statement N has no Principal element / names specific principals; "
    'gateway endpoint policies need Principal "*"',
    hint='add Principal: "*" and narrow it with aws:PrincipalOrgID, aws:PrincipalAccount or '
    "aws:PrincipalArn conditions",
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
            yield Hit(
                site.at(),
                f"{site.label} is {size} characters as sent to AWS; the limit is "
                f"{MAX_POLICY_CHARS}",
                "shorten the policy (fewer statements, wildcards in ARNs within POL009's "
                "limits) or move restrictions to bucket/resource policies",
                at_key=site.kind == "document",
            )
        elif size > warn_at:
            yield Hit(
                site.at(),
                f"{site.label} is {size} characters as sent to AWS, over 90% of the "
                f"{MAX_POLICY_CHARS}-character limit",
                "leave room for growth: the limit cannot be raised",
                severity=Severity.WARNING,
                at_key=site.kind == "document",
            )


POL003 = Rule(
    id="POL003",
    name="policy-too-large",
    severity=Severity.ERROR,
    summary="An endpoint policy is at most 20,480 characters including white space (not "
    "adjustable); vpcegen measures the compact JSON the provider sends and warns above 90%.",
    message="<policy> is N characters as sent to AWS; the limit is 20480",
    hint="shorten the policy",
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
            yield Hit(
                path,
                f"{_etype(ep)} endpoint '{name}' has a policy; only gateway and interface "
                "endpoints take endpoint policies",
                "remove the policy; control access with the VPC Lattice resource's or service "
                "network's auth policy instead",
                at_key=True,
            )


POL004 = Rule(
    id="POL004",
    name="policy-on-unsupported-endpoint-type",
    severity=Severity.ERROR,
    summary="Endpoint policies exist only for interface and gateway endpoints; VPC Lattice "
    "resource and service-network endpoints take none (GWLB endpoints: rule GWLB003).",
    message="<type> endpoint '<name>' has a policy; only gateway and interface endpoints take "
    "endpoint policies",
    hint="remove the policy",
    rationale='CreateVpcEndpoint documents PolicyDocument for "Interface and gateway '
    'endpoints" only. Policies on Gateway Load Balancer endpoints are reported by GWLB003 '
    "(its own documented rule), so this rule covers the VPC Lattice types.",
    source=f'API-CVE ({sources.API_CVE}: PolicyDocument "(Interface and gateway endpoints)"); '
    f"DOC-GWLBE ({sources.DOC_GWLBE})",
    url=sources.API_CVE,
    check=_check_policy_type,
)


# --- POL005: services that ignore policies -------------------------------------------------


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
            yield Hit(
                site.path,
                f"{site.label}: {info.title} ({short}) does not support endpoint policies; "
                "AWS allows full access through the endpoint whatever the policy says",
                "remove the policy and control access with IAM and resource policies"
                + (
                    " (or suppress POL005 for a shared default)"
                    if site.path[0] == "defaults"
                    else ""
                ),
            )
        elif info.policy == "full-access-only" and not is_full_access(site.document):
            yield Hit(
                site.path,
                f"{site.label}: {info.title} ({short}) accepts only the full-access endpoint "
                "policy; this policy restricts access",
                "remove the policy (the default is full access) and restrict access with IAM",
            )


POL005 = Rule(
    id="POL005",
    name="policy-not-supported-by-service",
    severity=Severity.WARNING,
    summary="Not every AWS service supports endpoint policies; for those that don't, AWS "
    "allows full access through the endpoint regardless of the policy.",
    message="<policy>: <service> does not support endpoint policies; AWS allows full access",
    hint="remove the policy and restrict access with IAM and resource policies",
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


def _check_custom_service(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints("gateway", "interface"):
        if not ctx.is_custom_service(ep):
            continue
        site = _effective_policy(ctx, name)
        if site is None:
            continue
        yield Hit(
            site.path,
            f"{site.label}: endpoint '{name}' connects to endpoint service {ep.service_name}, "
            "not an AWS service; AWS allows full access through it whatever the policy says",
            "remove the policy; the service provider controls access (allowed principals, "
            "acceptance)"
            + (" - or suppress POL006 for a shared default" if site.path[0] == "defaults" else ""),
        )


POL006 = Rule(
    id="POL006",
    name="policy-on-endpoint-service",
    severity=Severity.WARNING,
    summary="Endpoints to endpoint services that are not AWS services (com.amazonaws.vpce.*) "
    "always allow full access; a policy on them controls nothing.",
    message="<policy>: endpoint '<name>' connects to endpoint service <name>, not an AWS "
    "service; AWS allows full access",
    hint="remove the policy",
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
                    yield Hit(
                        site.at(*key_path),
                        f"{site.label}: {name} compares {key} with the numeric operator {op}"
                        f"{site.where(*key_path)}",
                        f"use StringEquals (or StringNotEquals) with the exact "
                        f"{key.split(':')[-1]} values",
                    )
            elif isinstance(value, str) and ("*" in value or "?" in value):
                yield Hit(
                    site.at(*sub),
                    f"{site.label}: {name} matches {key} against '{value}' with a wildcard"
                    f"{site.where(*sub)}",
                    "list the exact values (StringEquals); wildcards are not allowed for keys "
                    "holding system-generated IDs",
                )


POL008 = Rule(
    id="POL008",
    name="wildcard-on-system-id-key",
    severity=Severity.ERROR,
    summary="No wildcards (*, ?) and no numeric operators with global condition keys that hold "
    "system-generated IDs (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceVpc, "
    "aws:SourceVpce, aws:ResourceAccount, ...).",
    message="<policy>: statement N matches aws:PrincipalAccount against '1111*' with a wildcard",
    hint="list exact IDs with StringEquals",
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
                yield Hit(
                    site.at(*sub),
                    f"{site.label}: {name} matches {key} against '{value}'; each wildcard "
                    f"needs at least {_MIN_LITERAL} literal characters before or after it"
                    f"{site.where(*sub)}",
                    "write more of the value around the wildcard, or list exact values",
                )


POL009 = Rule(
    id="POL009",
    name="wildcard-too-short",
    severity=Severity.ERROR,
    summary="With wildcard string operators (StringLike, StringNotLike), each * or ? needs at "
    "least six consecutive literal characters before or after it.",
    message="<policy>: statement N matches <key> against 'ab*'; each wildcard needs at least 6 "
    "literal characters before or after it",
    hint="write more of the value around the wildcard",
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
                    yield Hit(
                        site.at(*rsub),
                        f"{site.label}: {name}: the account field '{account}' of {res} mixes "
                        f"an account ID with wildcards{site.where(*rsub)}",
                        "give the whole 12-digit account ID, or '*' alone",
                    )
        for sub, name, _op, _base, key, value in _conditions(site):
            if isinstance(value, str) and value.startswith("arn:"):
                account = _mixed_account(value)
                if account is not None:
                    yield Hit(
                        site.at(*sub),
                        f"{site.label}: {name}: the account field '{account}' of {value} "
                        f"({key}) mixes an account ID with wildcards{site.where(*sub)}",
                        "give the whole 12-digit account ID, or '*' alone",
                    )


POL010 = Rule(
    id="POL010",
    name="arn-account-mixes-wildcard",
    severity=Severity.ERROR,
    summary="In Resource and Condition ARNs the account field is an account ID or a wildcard, "
    "not a mix (arn:aws:sqs:eu-west-1:1111*:q is rejected).",
    message="<policy>: statement N: the account field '1111*' of <arn> mixes an account ID "
    "with wildcards",
    hint="give the whole account ID, or '*' alone",
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
        yield Hit(
            ("endpoints", name),
            f"{_etype(ep)} endpoint '{name}' has no policy: AWS attaches the default policy, which "
            "allows any principal any action on any resource through the endpoint",
            "limit it to your organization with policy: {preset: organization, "
            "organization_id: o-...} (or set it once under defaults."
            f"{_etype(ep)}.policy); suppress POL011 to accept full access",
            at_key=True,
        )


POL011 = Rule(
    id="POL011",
    name="default-full-access-policy",
    severity=Severity.INFO,
    summary="A gateway or interface endpoint without a policy gets the default full-access "
    "policy (any principal, any action, any resource); removing a policy resets to it.",
    message="<type> endpoint '<name>' has no policy: AWS attaches the default full-access policy",
    hint="add `policy: {preset: organization, organization_id: o-...}`",
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
