"""IF009-IF012: private DNS of interface endpoints (and VPC Lattice endpoints): the VPC's DNS
attributes, whether the service has a private DNS name, and conflicting private hosted zones."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.rules.plan_helpers import message, same_region_service, subnet_endpoints
from generator.rules.shared import (
    describe_service,
    group_by_path,
    is_custom,
    names,
    service_key,
    service_path,
    whose,
)
from generator.spec.endpoint_types import INTERFACE, types_taking

_NO_DNS_NAME = (
    "{service} has no private DNS name, so private DNS cannot be enabled on endpoint '{endpoint}'"
)

# --- IF009 ------------------------------------------------------------------------------------


def _check_vpc_dns_attributes(ctx: Context) -> Iterator[Hit]:
    with_dns = [
        name for name, _ in ctx.endpoints(*types_taking("private_dns")) if ctx.private_dns(name)[0]
    ]
    if not with_dns:
        return
    vpc = ctx.spec.network.vpc
    for attr, api in (("dns_support", "enableDnsSupport"), ("dns_hostnames", "enableDnsHostnames")):
        if not getattr(vpc, attr):
            yield hit(("network", "vpc", attr), who=whose((), with_dns), api=api, attr=attr)


def _guard_vpc_dns_attributes(refs: ModuleRefs) -> Iterator[Placed]:
    for ep in refs.resolved.endpoints:
        if not (ep.kind.takes("private_dns") and ep.private_dns):
            continue
        vpc = refs.vpc_data()
        yield Placed(
            "endpoint",
            ep.key,
            Assertion(
                f"{vpc}.enable_dns_support && {vpc}.enable_dns_hostnames",
                message(
                    "IF009",
                    f"private DNS on endpoint '{ep.key}' needs the VPC attributes "
                    "enableDnsSupport and enableDnsHostnames; turn both on or set "
                    "private_dns: false.",
                ),
            ),
        )


IF009 = Rule(
    id="IF009",
    name="private-dns-without-vpc-dns",
    severity=Severity.ERROR,
    summary="Private DNS needs the VPC attributes enableDnsSupport and enableDnsHostnames "
    "(checked where the spec asserts them; guarded at plan time when the VPC is an input).",
    message="private DNS on {who} needs the VPC attribute {api}, but {attr} is false",
    hint="enable {api} on the VPC, or set private_dns: false on the endpoints",
    rationale="EC2 refuses PrivateDnsEnabled unless both VPC attributes are true: the "
    "endpoint's private hosted zone is answered by the Amazon DNS server only in VPCs with "
    "DNS support and hostnames.",
    source=f"EC2 API CreateVpcEndpoint, PrivateDnsEnabled ({sources.API_CVE}); archived "
    f'interface endpoint guide, "Important" ({sources.DOC_IF_OLD})',
    url=sources.API_CVE,
    check=_check_vpc_dns_attributes,
    status_reason="Plan-time part: when any endpoint has private DNS on, the module reads "
    'data "aws_vpc" (the VPC ID input or literal) and carries a precondition on those '
    "endpoints: data.aws_vpc.this.enable_dns_support && "
    "data.aws_vpc.this.enable_dns_hostnames, error message starting 'IF009:'.",
    guard=_guard_vpc_dns_attributes,
    guard_sites=("endpoint",),
)


# --- IF010 ------------------------------------------------------------------------------------


def _check_private_dns_support(ctx: Context) -> Iterator[Hit]:
    custom: list[tuple[Path, str]] = []
    for name, ep in ctx.endpoints(INTERFACE):
        on, path = ctx.private_dns(name)
        if not on:
            continue
        explicit = path[-1] == "private_dns"
        if is_custom(ep):
            custom.append((path if explicit else ("endpoints", name), name))
            continue
        info = ctx.service_info(ep)
        if info is not None and info.private_dns == "no":
            yield hit(
                path if explicit else service_path(name, ep),
                "no-name" if explicit else "no-name-default",
                service=describe_service(ep),
                endpoint=name,
            )
    for path, endpoints in group_by_path(custom).items():
        yield hit(path, who=whose(path, endpoints))


def _guard_private_dns_name(refs: ModuleRefs) -> Iterator[Placed]:
    for ep, _ in subnet_endpoints(refs):
        if ep.type != INTERFACE or not same_region_service(ep):
            continue
        if not (ep.private_dns and ep.model.service_name):
            continue
        svc = refs.service_data(ep)
        ident = hcl.identifier(ep.key)
        yield Placed(
            "check",
            f"if010_{ident}",
            Assertion(
                f'{svc}.private_dns_name != ""',
                message(
                    "IF010",
                    f"{ep.model.service_name} has no private DNS name, so private DNS on "
                    f"endpoint '{ep.key}' resolves nothing; ask the provider for a verified "
                    "one, or set private_dns: false.",
                ),
            ),
            comment=f"IF010: private DNS on endpoint '{ep.key}' needs the service's private "
            "DNS name, verified (the data source shows the name, not its verification state).",
        )


IF010 = Rule(
    id="IF010",
    name="private-dns-not-offered",
    severity=Severity.WARNING,
    summary="Private DNS exists only for AWS services that have a private DNS name, AWS "
    "Marketplace services, and endpoint services whose private DNS name is verified.",
    message="private DNS on {who} works only if the endpoint service has a verified private DNS "
    "name (vpcegen cannot check that)",
    hint="confirm with the provider that the name is verified, then suppress IF010; otherwise "
    "set private_dns: false and use the endpoint's DNS names",
    variants=(
        Variant(
            "no-name",
            _NO_DNS_NAME,
            "set private_dns: false and use the endpoint's own DNS names",
            severity=Severity.ERROR,
        ),
        Variant(
            "no-name-default",
            _NO_DNS_NAME + " (private DNS is on by default for AWS services)",
            "set private_dns: false and use the endpoint's own DNS names",
            severity=Severity.ERROR,
        ),
    ),
    rationale="For an endpoint service of another account, private DNS resolves only once the "
    "provider has verified the domain (ServiceDetail.PrivateDnsNameVerificationState: "
    '"Consumers of the endpoint service cannot use the private name when the state is not '
    'verified"); vpcegen cannot see that, hence a warning. The plan-time check asks only that '
    "the service has a private DNS name: data aws_vpc_endpoint_service exposes private_dns_name "
    "and private_dns_names but no verification state (hashicorp/aws 6.47.0 schema: "
    "acceptance_required, arn, availability_zones, base_endpoint_dns_names, "
    "manages_vpc_endpoints, owner, private_dns_name, private_dns_names, service_id, "
    "service_type, supported_ip_address_types, vpc_endpoint_policy_supported, ...; provider "
    "source vpc_endpoint_service_data_source.go sets no such attribute), so a present but "
    "unverified name passes it; the check's message says so. An AWS "
    "service the catalog lists without a private DNS name cannot take private DNS at all, "
    "which is reported as an error under the same ID.",
    source=f'terraform-provider-aws aws_vpc_endpoint `private_dns_enabled` ("AWS services and '
    f'AWS Marketplace partner services only") ({sources.TF_VPCE_DOC}); Manage DNS names '
    f'("Before consumers can use the private DNS name, you must verify ...") '
    f"({sources.DOC_DNSNAMES})",
    url=sources.DOC_DNSNAMES,
    check=_check_private_dns_support,
    guard=_guard_private_dns_name,
    guard_sites=("check",),
)


# --- IF011 ------------------------------------------------------------------------------------


def _check_duplicate_private_dns(ctx: Context) -> Iterator[Hit]:
    first: dict[tuple[str, str | None], str] = {}
    for name, ep in ctx.endpoints(INTERFACE):
        on, path = ctx.private_dns(name)
        key = service_key(ctx, ep)
        if not on or key is None:
            continue
        other = first.setdefault(key, name)
        if other == name:
            continue
        explicit = path[-1] == "private_dns" and path[0] == "endpoints"
        yield hit(
            path if explicit else service_path(name, ep),
            endpoints=names([other, name]),
            service=describe_service(ep),
            endpoint=name,
        )


IF011 = Rule(
    id="IF011",
    name="conflicting-private-dns",
    severity=Severity.ERROR,
    summary="Two endpoints to the same service in one VPC cannot both have private DNS (nor "
    "can private DNS coexist with your own private hosted zone for the same name).",
    message="endpoints {endpoints} both reach {service} with private DNS; the second private "
    "hosted zone for the same name conflicts with the first",
    hint="keep one endpoint per service in this VPC, or set private_dns: false on '{endpoint}'",
    rationale="Private DNS associates an AWS-managed private hosted zone for the service's "
    "name with the VPC; a second one for the same name fails with a conflicting DNS domain "
    "error (Route 53 ConflictingDomainExists).",
    source=f"terraform-provider-aws issues #37783 (ConflictingDomainExists) and #17269 "
    f"(conflicting DNS domain) ({sources.I_PHZ})",
    url=sources.I_PHZ,
    check=_check_duplicate_private_dns,
    status_reason="The spec language has no Route 53 private hosted zones, so only the "
    "endpoint-vs-endpoint part is checked; zones created outside the module cannot be seen.",
)


# --- IF012 ------------------------------------------------------------------------------------


def _check_private_dns_outside(ctx: Context) -> Iterator[Hit]:
    sharing = ctx.spec.sharing
    if sharing is None or not (sharing.spokes or sharing.inbound_resolver):
        return
    for ep in ctx.resolved.endpoints_of(INTERFACE):
        if ep.private_dns and not ep.shared:
            yield hit(("endpoints", ep.key), at_key=True, endpoint=ep.key)


IF012 = Rule(
    id="IF012",
    name="private-dns-outside-vpc",
    severity=Severity.WARNING,
    summary="An endpoint's private DNS zone is associated only with its own VPC: spoke VPCs "
    "and on-premises clients do not resolve it by themselves.",
    message="endpoint '{endpoint}' has private DNS, which answers in this VPC only: the spokes "
    "and on-premises clients of `sharing` still resolve its service to the public endpoint",
    hint="set shared: true on it (or under defaults.interface) so that its names resolve to it "
    "everywhere `sharing` reaches; suppress IF012 if only this VPC should use it",
    rationale='"we create a private hosted zone and associate it with the service consumer '
    'VPC"; other networks keep resolving the public name.',
    source=f"archived interface endpoint guide ({sources.DOC_IF_OLD}); Manage DNS names "
    f"({sources.DOC_DNSNAMES}); DnsOptionsSpecification ({sources.API_DNSOPT})",
    url=sources.DOC_DNSNAMES,
    check=_check_private_dns_outside,
    status_reason="Checked where the spec declares clients outside the VPC (`sharing`: spokes "
    "or an inbound Resolver endpoint); peered networks the spec does not name are unknown.",
)

RULES: tuple[Rule, ...] = (IF009, IF010, IF011, IF012)
