"""POL004-POL007, POL011: where endpoint policies apply (IAM policy documents on gateway and
interface endpoints), and where they are in a spec (shared with the document-content rules,
generator.rules.policy_documents and policy_conditions).

A policy is written inline, read from a file, or rendered from a preset; all three are
resolved to one JSON document by generator.policy_document.resolve_policy, which the renderer
uses too, so the rules check exactly what the module sends.

Split with the GWLB family: a policy on a Gateway Load Balancer endpoint is reported by GWLB003
(its own rule ID in RULES.md); POL004 reports policies on VPC Lattice (resource,
service-network) endpoints only, so that no spec gets two findings for one mistake.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.policy_document import is_full_access, policy_kind, resolve_policy
from generator.render import hcl
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit, takes
from generator.rules.plan_helpers import message, same_region_service, subnet_endpoints
from generator.spec.endpoint_types import GWLB, INTERFACE, KINDS, types_taking

# --- where policies are, and how to point at their parts --------------------------------------


@dataclass(frozen=True)
class PolicySite:
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
        pointer = dotted(sub)
        return f" (in {self.file}" + (f" at {pointer})" if pointer else ")")


def dotted(sub: tuple[str | int, ...]) -> str:
    out = ""
    for elem in sub:
        out += f"[{elem}]" if isinstance(elem, int) else (f".{elem}" if out else elem)
    return out


def policy_site(
    ctx: Context, path: Path, label: str, types: frozenset[str], endpoint: str | None = None
) -> PolicySite | None:
    node: Any = ctx.data
    for elem in path:
        node = node.get(elem) if isinstance(node, dict) else None
    kind = policy_kind(node)
    if kind is None:
        return None
    ref = node.get("file") if kind == "file" else None
    return PolicySite(
        path,
        kind,
        label,
        ref if isinstance(ref, str) else None,
        resolve_policy(ctx, path, endpoint),
        types,
    )


def policy_sites(ctx: Context) -> Iterator[PolicySite]:
    """Every `policy` the user wrote: under defaults (gateway, interface) and on endpoints."""
    for etype in (k.name for k in KINDS.values() if "policy" in k.defaults):
        path: Path = ("defaults", etype, "policy")
        if ctx.has(path):
            site = policy_site(ctx, path, f"defaults.{etype}.policy", frozenset({etype}))
            if site is not None:
                yield site
    for name, ep in ctx.endpoints():
        path = ("endpoints", name, "policy")
        if ctx.has(path):
            site = policy_site(
                ctx, path, f"policy of endpoint '{name}'", frozenset({ep.type}), name
            )
            if site is not None:
                yield site


def statements(site: PolicySite) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any], str]]:
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


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def effective_policy(ctx: Context, name: str) -> PolicySite | None:
    """The policy that applies to an endpoint (its own, else its type's default), if any."""
    value, path = ctx.effective(name, "policy")
    if value is None or path[-1] != "policy":
        return None
    ep = ctx.spec.endpoints[name]
    label = (
        f"policy of endpoint '{name}'"
        if path[0] == "endpoints"
        else f"defaults.{ep.type}.policy (applied to endpoint '{name}')"
    )
    return policy_site(ctx, path, label, frozenset({ep.type}), name)


P = "{policy}: "  # how every finding about a policy starts: which policy it is (a template)


# --- POL004: which endpoint types take a policy ---------------------------------------------


def _check_policy_type(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        if ep.type == GWLB:
            continue  # GWLB003
        path: Path = ("endpoints", name, "policy")
        if ctx.has(path) and ep.policy is not None and not takes(ep, "policy"):
            yield hit(path, at_key=True, type=ep.type, endpoint=name)


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

_NOT_APPLIED = (
    P + "not applied to endpoint '{endpoint}': {title} ({service}) does not support endpoint "
    "policies, so the module leaves AWS's full-access default there"
)
_FULL_ACCESS_ERROR = "only supports the full-access endpoint policy"


def _check_service_support(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(*types_taking("policy")):
        site = effective_policy(ctx, name)
        if site is None:
            continue
        info = ctx.service_info(ep)
        if info is None or info.policy not in ("no", "full-access-only"):
            continue
        short = ctx.service_short(ep)
        fields = {"policy": site.label, "title": info.title, "service": short}
        if info.policy == "full-access-only" and is_full_access(site.document):
            continue
        if site.path[0] == "defaults":
            yield hit(site.path, endpoint=name, **fields)
        elif info.policy == "no":
            yield hit(site.path, "own", **fields)
        else:
            yield hit(site.path, "full-access-only", **fields)


def _guard_service_support(refs: ModuleRefs) -> Iterator[Placed]:
    from generator.services.catalog import load_catalog

    for ep, _ in subnet_endpoints(refs):
        if ep.type != INTERFACE or not same_region_service(ep) or ep.policy is None:
            continue
        info = load_catalog().get(ep.service_short) if ep.service_short else None
        if info is not None and info.policy != "unknown":
            continue
        svc = refs.service_data(ep)
        ident = hcl.identifier(ep.key)
        yield Placed(
            "check",
            f"pol005_{ident}",
            Assertion(
                f"{svc}.vpc_endpoint_policy_supported",
                message(
                    "POL005",
                    f"{ep.service_name} does not support endpoint policies "
                    f"(vpc_endpoint_policy_supported is false): AWS allows full access "
                    f"through endpoint '{ep.key}' and may refuse its policy "
                    f'("{_FULL_ACCESS_ERROR}"). Remove the policy from the spec.',
                ),
            ),
            comment=f"POL005: the policy of endpoint '{ep.key}' is accepted and applied only "
            "if the service supports endpoint policies.",
        )


POL005 = Rule(
    id="POL005",
    name="policy-not-supported-by-service",
    severity=Severity.WARNING,
    summary="Not every AWS service supports endpoint policies; those that don't allow only "
    "full access: a policy of the endpoint's own is an error, a type-wide default is not sent "
    "to it.",
    message=_NOT_APPLIED,
    hint="nothing to do if the default is meant for other endpoints; control access to this "
    "service with IAM and resource policies (suppress POL005 to silence this notice)",
    variants=(
        Variant(
            "own",
            P + "{title} ({service}) does not support endpoint policies; AWS allows only full "
            "access through its endpoints",
            "remove the policy and control access with IAM and resource policies",
            severity=Severity.ERROR,
        ),
        Variant(
            "full-access-only",
            P + "{title} ({service}) accepts only the full-access endpoint policy; this policy "
            "restricts access",
            "remove the policy (the default is full access) and restrict access with IAM",
            severity=Severity.ERROR,
        ),
    ),
    rationale="\"If an AWS service doesn't support endpoint policies, we allow full access to "
    'any endpoint for the service." EC2 refuses a restricting policy where only full access is '
    f'allowed ("Service ... {_FULL_ACCESS_ERROR}", seen for endpoint services in '
    "pulumi/pulumi-aws-native #1711), so a policy of the endpoint's own is an error; that AWS "
    "services without policy support answer the same way is inferred from the same "
    "documented rule, not seen. A policy set under `defaults` for a whole endpoint type is "
    "not rendered on such an endpoint (it keeps AWS's default) and the warning says so. "
    "Services whose catalog entry says the policy support is unknown are checked at plan time "
    "(data aws_vpc_endpoint_service, vpc_endpoint_policy_supported) by a check block, a "
    "warning, since the catalog cannot decide it.",
    source=f'DOC-POL ({sources.DOC_POL}: considerations, "View endpoint policy support"); '
    "EC2 API ServiceDetail.VpcEndpointPolicySupported; pulumi/pulumi-aws-native #1711 (the "
    "error text); vpcegen service catalog (policy fact)",
    url=sources.DOC_POL,
    check=_check_service_support,
    guard=_guard_service_support,
    guard_sites=("check",),
)


# --- POL006: endpoint services of other accounts -------------------------------------------


def _check_custom_service(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(*types_taking("policy")):
        if not ctx.is_custom_service(ep):
            continue
        site = effective_policy(ctx, name)
        if site is None or is_full_access(site.document):
            continue
        if site.path[0] == "defaults":
            yield hit(site.path, policy=site.label, endpoint=name, service=ep.service_name)
        else:
            yield hit(site.path, "own", policy=site.label, service=ep.service_name)


POL006 = Rule(
    id="POL006",
    name="policy-on-endpoint-service",
    severity=Severity.WARNING,
    summary="Endpoints to endpoint services that are not AWS services (com.amazonaws.vpce.*) "
    "take only the full-access policy: a restricting policy of their own is an error, a "
    "type-wide default is not sent to them.",
    message=P + "not applied to endpoint '{endpoint}': it connects to endpoint service "
    "{service}, which takes only the full-access policy, so the module leaves AWS's default "
    "there",
    hint="nothing to do if the default is meant for AWS services; the service provider "
    "controls access (allowed principals, acceptance); suppress POL006 to silence this notice",
    variants=(
        Variant(
            "own",
            P + 'endpoint service {service} is not an AWS service; AWS answers "Service ... '
            f'{_FULL_ACCESS_ERROR}" to any other policy',
            "remove the policy; the service provider controls access (allowed principals, "
            "acceptance)",
            severity=Severity.ERROR,
        ),
    ),
    rationale='"When you create a VPC endpoint for an endpoint service other than an AWS '
    'service, we allow full access to the endpoint." EC2 refuses anything else: "Service '
    f"com.amazonaws.vpce.<region>.vpce-svc-... {_FULL_ACCESS_ERROR}. (Service: Ec2, Status "
    'Code: 400)" (pulumi/pulumi-aws-native #1711, on update; create is expected to answer the '
    "same, not seen). So a restricting policy of the endpoint's own is an error; a full-access "
    "document is accepted silently. A policy set under `defaults` for all interface endpoints "
    "is not rendered on such an endpoint and the warning says so. Access is controlled by the "
    "provider's allowed principals and connection acceptance.",
    source=f"DOC-POL ({sources.DOC_POL}: considerations); pulumi/pulumi-aws-native #1711 "
    "(https://github.com/pulumi/pulumi-aws-native/issues/1711)",
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


# --- POL011: no policy = full access --------------------------------------------------------


def _check_default_policy(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(*types_taking("policy")):
        value, _ = ctx.effective(name, "policy")
        if value is not None or ctx.is_custom_service(ep):
            continue
        info = ctx.service_info(ep)
        if info is not None and info.policy == "no":
            continue
        yield hit(("endpoints", name), at_key=True, type=ep.type, endpoint=name)


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

RULES: tuple[Rule, ...] = (POL004, POL005, POL006, POL007, POL011)
