"""S3 0xx: S3 (and DynamoDB) interface endpoints: private DNS for inbound Resolver endpoints.

`dns.inbound_resolver_only` is the spec's name for the API's
PrivateDnsOnlyForInboundResolverEndpoint (provider: private_dns_only_for_inbound_resolver_endpoint).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit
from generator.rules.shared import (
    describe_service,
    gateway_capable,
    service_key,
    service_path,
    whose,
)
from generator.spec.endpoint_types import GATEWAY, INTERFACE, kind
from generator.spec.models import EndpointBase

# PrivateDnsOnlyForInboundResolverEndpoint is an interface-endpoint option. The endpoint-type
# table has no column for the options inside `dns`, so the type is named here.
_INBOUND_ONLY_TYPE = INTERFACE


def inbound_only(ctx: Context, name: str) -> tuple[bool | None, Path | None]:
    """The endpoint's effective `dns.inbound_resolver_only` and the path that set it."""
    dns, path = ctx.effective(name, "dns")
    if dns is None or path[-1] != "dns" or dns.inbound_resolver_only is None:
        return None, None
    return bool(dns.inbound_resolver_only), (*path, "inbound_resolver_only")


def _gateway_keys(ctx: Context) -> set[tuple[str, str | None]]:
    keys: set[tuple[str, str | None]] = set()
    for _, ep in ctx.endpoints(GATEWAY):
        key = service_key(ctx, ep)
        if key is not None:
            keys.add(key)
    return keys


def _is_s3(ctx: Context, ep: EndpointBase) -> bool:
    return ctx.service_short(ep) == "s3"


# --- S3001 ------------------------------------------------------------------------------------


def _check_inbound_needs_gateway(ctx: Context) -> Iterator[Hit]:
    gateways = _gateway_keys(ctx)
    for name, ep in ctx.endpoints(INTERFACE):
        value, path = inbound_only(ctx, name)
        if not value or path is None or not gateway_capable(ctx, ep):
            continue
        key = service_key(ctx, ep)
        if key is None or key in gateways:
            continue
        yield hit(path, endpoint=name, service=describe_service(ep))


S3001 = Rule(
    id="S3001",
    name="inbound-resolver-only-without-gateway",
    severity=Severity.ERROR,
    summary="`dns.inbound_resolver_only: true` needs a gateway endpoint for the same service in "
    "the same VPC (the spec must declare it).",
    message="inbound_resolver_only on endpoint '{endpoint}' needs a gateway endpoint for "
    "{service} in the same VPC, and the spec has none",
    hint="add a gateway endpoint for {service} (type: gateway, route_table_groups: [...]), or set "
    "inbound_resolver_only: false",
    rationale='EC2 refuses the option otherwise: "To set '
    "PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC must have a Gateway endpoint "
    'for the service." The option sends traffic from inside the VPC to the gateway endpoint '
    "and only Resolver-inbound (on-premises) queries to the interface endpoint. The renderer "
    "makes the interface endpoint depend on the gateway endpoint so the gateway exists first.",
    source=f"terraform-provider-aws #33689, #32407 ({sources.I_INBOUND}); "
    f"terraform-aws-modules/terraform-aws-vpc #1012, #982",
    url=sources.DOC_S3PL,
    check=_check_inbound_needs_gateway,
    status_reason="A gateway endpoint created outside this module is invisible to the spec "
    "(the language cannot assert one); such specs must declare the gateway endpoint here or "
    "leave the option off.",
)


# --- S3002 ------------------------------------------------------------------------------------


def _check_s3_private_dns_default(ctx: Context) -> Iterator[Hit]:
    gateways = _gateway_keys(ctx)
    for name, ep in ctx.endpoints(INTERFACE):
        if not _is_s3(ctx, ep):
            continue
        on, dns_path = ctx.private_dns(name)
        if not on:
            continue
        value, _ = inbound_only(ctx, name)
        if value is not None:
            continue  # true: S3001 decides; false: fine
        key = service_key(ctx, ep)
        if key is None or key in gateways:
            continue
        explicit = dns_path[-1] == "private_dns"
        yield hit(dns_path if explicit else service_path(name, ep), endpoint=name)


S3002 = Rule(
    id="S3002",
    name="s3-private-dns-inbound-default",
    severity=Severity.ERROR,
    summary="An S3 interface endpoint with private DNS and no S3 gateway endpoint must set "
    "`dns.inbound_resolver_only: false` explicitly.",
    message="S3 interface endpoint '{endpoint}' has private DNS on and the spec has no S3 "
    "gateway endpoint, but inbound_resolver_only is not set to false; AWS then turns it on and "
    "rejects the endpoint",
    hint="set dns: {{inbound_resolver_only: false}}, or add an S3 gateway endpoint",
    rationale="With private DNS enabled on an S3 interface endpoint, EC2 treats an unset "
    "PrivateDnsOnlyForInboundResolverEndpoint as true and then fails without a gateway "
    'endpoint (terraform-provider-aws PR #32021: "AWS interprets the nil option the same as '
    'if it were set to true"). Private DNS is on by default for AWS services in vpcegen, so '
    "this bites the plainest S3 interface endpoint. The renderer emits the flag whenever "
    "the spec sets it; the provider sends it only for S3 interface endpoints.",
    source=f"terraform-provider-aws #32407, #33689 ({sources.I_INBOUND}), PR #32021 and "
    f"#32355; terraform-aws-modules/terraform-aws-vpc #982",
    url=sources.DOC_S3PL,
    check=_check_s3_private_dns_default,
)


# --- S3003 ------------------------------------------------------------------------------------


def _check_inbound_misplaced(ctx: Context) -> Iterator[Hit]:
    # (path, reason) -> endpoints: a `defaults.interface.dns` entry yields one finding.
    found: dict[tuple[Path, str], list[str]] = {}
    for name, ep in ctx.endpoints():
        value, path = inbound_only(ctx, name)
        if path is None:
            continue
        if ep.type != _INBOUND_ONLY_TYPE:
            reason = "type"
        elif value and not ctx.private_dns(name)[0]:
            reason = "no-dns"
        elif not _is_s3(ctx, ep) and (ep.service or ep.service_name):
            reason = "not-s3"
        else:
            continue
        found.setdefault((path, reason), []).append(name)
    for (path, reason), endpoints in found.items():
        ep = ctx.spec.endpoints[endpoints[0]]
        if reason == "type":
            yield hit(path, at_key=True, type=kind(ep.type).label, endpoint=endpoints[0])
        elif reason == "no-dns":
            yield hit(path, "no-private-dns", who=whose(path, endpoints))
        else:
            yield hit(path, "not-s3", who=whose(path, endpoints))


S3003 = Rule(
    id="S3003",
    name="inbound-resolver-only-misplaced",
    severity=Severity.ERROR,
    summary="`dns.inbound_resolver_only` applies only to interface endpoints with private DNS "
    "on, to Amazon S3: the provider silently drops it for every other service.",
    message="inbound_resolver_only applies only to interface endpoints, not to {type} endpoint "
    "'{endpoint}'",
    hint="remove it; for on-premises access use an interface endpoint with the option",
    variants=(
        Variant(
            "no-private-dns",
            "inbound_resolver_only on {who} needs private DNS, which is off",
            "set private_dns: true, or remove inbound_resolver_only",
        ),
        Variant(
            "not-s3",
            "inbound_resolver_only on {who} would be dropped: the provider sends it only for "
            "Amazon S3 interface endpoints",
            "remove it (it takes effect for com.amazonaws.<region>.s3 only)",
        ),
    ),
    rationale='The option is "available only for services that support both gateway and '
    'interface endpoints" and concerns private DNS, so it means nothing without it; EC2 '
    'answers "...PrivateDnsOnlyForInboundResolverEndpoint is applicable only to Interface '
    'VPC Endpoints". terraform-provider-aws includes it in the request only when the service '
    "name is com.amazonaws.<region>.s3 and the type is Interface, silently dropping it "
    "otherwise (so for DynamoDB it has no effect through Terraform). A setting the module "
    "would silently drop is an error (issue 13): the spec says something the endpoint never "
    "gets. A true value with private DNS off is an error; false with private DNS off is "
    "harmless and not reported. The other DNS options the provider drops for S3 interface "
    "endpoints (private_dns_preference, private_dns_specified_domains: "
    "expandDNSOptionsSpecificationWithPrivateDNSOnly sends neither) are errors on every "
    "interface endpoint already (SVC008: they are VPC Lattice options).",
    source=f"EC2 API DnsOptionsSpecification ({sources.API_DNSOPT}); terraform-provider-aws "
    f"vpc_endpoint.go isAmazonS3VPCEndpoint ({sources.TF_VPCE}); {sources.I_45846}; "
    f"terraform-provider-aws PR #32355",
    url=sources.API_DNSOPT,
    check=_check_inbound_misplaced,
)


# --- S3004 ------------------------------------------------------------------------------------

S3004 = Rule(
    id="S3004",
    name="inbound-resolver-only-split",
    severity=Severity.INFO,
    summary="With inbound-only private DNS, traffic from inside the VPC uses the gateway "
    "endpoint and traffic from on-premises (via Resolver inbound endpoints) uses the interface "
    "endpoint.",
    message="(no finding: a fact the rendered module documents)",
    hint="point on-premises DNS at a Route 53 Resolver inbound endpoint in this VPC",
    rationale='The option routes "traffic that originates from the VPC to the gateway endpoint '
    'and traffic that originates from on-premises to the interface endpoint".',
    source=f"EC2 API DnsOptionsSpecification ({sources.API_DNSOPT})",
    url=sources.API_DNSOPT,
    status=Status.RENDERED,
    status_reason="The renderer emits dns_options.private_dns_only_for_inbound_resolver_endpoint "
    "as the spec says, adds depends_on from the interface endpoint to the same-service "
    "gateway endpoint when the option is true (the gateway must exist first, S3001), and the "
    "module README states which clients use which endpoint.",
)


# --- S3005 ------------------------------------------------------------------------------------


def _check_s3_without_private_dns(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(INTERFACE):
        if not _is_s3(ctx, ep):
            continue
        on, path = ctx.private_dns(name)
        if on or path[-1] != "private_dns":
            continue
        yield hit(path, endpoint=name)


S3005 = Rule(
    id="S3005",
    name="s3-interface-without-private-dns",
    severity=Severity.WARNING,
    summary="Without private DNS, clients of an S3 interface endpoint must use "
    "endpoint-specific DNS names.",
    message="S3 interface endpoint '{endpoint}' has private DNS off: clients must use its "
    "endpoint-specific names (bucket.vpce-<id>.s3.<region>.vpce.amazonaws.com); the default S3 "
    "names keep going to the public endpoints",
    hint="use the endpoint's DNS names (module output) in clients, turn private DNS on, or "
    "suppress S3005 when that is intended",
    rationale="Default S3 names (bucket.s3.<region>.amazonaws.com) resolve to public "
    "addresses unless private DNS is on; only the vpce-specific names reach the interface "
    "endpoint. The spec does not say how clients address S3, so every S3 interface endpoint "
    "with private DNS explicitly off is reported (suppress when intended).",
    source=f"AWS PrivateLink for Amazon S3 ({sources.DOC_S3PL})",
    url=sources.DOC_S3PL,
    check=_check_s3_without_private_dns,
)

RULES: tuple[Rule, ...] = (S3001, S3002, S3003, S3004, S3005)
