"""SHxxx: interface endpoints shared with spoke VPCs and on-premises networks through Route 53
private hosted zones (the spec's `sharing` section and `shared` flag; generator.resolve.sharing).

R53001/R53002 (generator.rules.route53) and IF012 (generator.rules.interface_dns) check the
zones themselves: the VPCs' DNS attributes, conflicts with endpoint private DNS, and endpoints
left unshared.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.rules.interface import group_size
from generator.spec.endpoint_types import GATEWAY, INTERFACE

# --- SH001 ------------------------------------------------------------------------------------


def _check_unshareable(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        shared, path = ctx.effective(name, "shared") if ep.type == INTERFACE else (ep.shared, ())
        if not shared:
            continue
        at = path if path and path[-1] == "shared" else ("endpoints", name, "shared")
        if ep.type != INTERFACE:
            yield hit(at, "type", endpoint=name, type=ep.type)
            continue
        if ctx.resolved.endpoint(name).shared_zones:
            continue
        if ctx.is_custom_service(ep) or ctx.service_short(ep) is None:
            why = "it reaches an endpoint service of another account, whose names vpcegen "
            why += "cannot know"
        elif ep.service_region and ep.service_region != ctx.spec.region:
            why = f"it is a cross-Region endpoint to {ep.service_region}"
        else:
            why = f"the service {ctx.service_short(ep)} has no private DNS name"
        yield hit(at, endpoint=name, why=why)


SH001 = Rule(
    id="SH001",
    name="endpoint-cannot-be-shared",
    severity=Severity.ERROR,
    summary="Only interface endpoints to AWS services of the spec's Region, whose DNS names are "
    "known, can be shared through private hosted zones.",
    message="endpoint '{endpoint}' cannot be shared: {why}",
    hint="remove `shared` from it (or set shared: false), and give the spokes their own endpoint",
    variants=(
        Variant(
            "type",
            "endpoint '{endpoint}' is a {type} endpoint; only interface endpoints can be shared",
            "remove `shared` from it; gateway endpoints are free, so give each spoke its own",
        ),
    ),
    rationale="A shared endpoint is reached through a private hosted zone per service DNS "
    "name with alias records to the endpoint; vpcegen must know those names. It knows them "
    "for AWS services in the spec's Region (<service>.<region>.amazonaws.com, and the "
    "documented extra names of ECR and S3); an endpoint service of another account, a "
    "cross-Region endpoint, or a service without a private DNS name has none it can cover. "
    "Gateway endpoints have no addresses a record could point to.",
    source=f"AWS whitepaper 'Building a Scalable and Secure Multi-VPC AWS Network "
    f"Infrastructure', centralized access to VPC private endpoints ({sources.WP_CENTRAL}): "
    '"create a Route 53 PHZ ... and add an alias record with the full AWS service endpoint '
    'name pointing to the interface endpoint"',
    url=sources.WP_CENTRAL,
    deviation="New ID (not in contract v1): sharing endpoints is new in the spec language "
    "(issue 15).",
    check=_check_unshareable,
)


# --- SH002 ------------------------------------------------------------------------------------


def _check_spoke_region(ctx: Context) -> Iterator[Hit]:
    for spoke in ctx.resolved.spokes:
        if spoke.region is not None:
            yield hit(
                ("sharing", "spokes", spoke.name, "region"),
                spoke=spoke.name,
                region=spoke.region,
                hub=ctx.spec.region,
            )


SH002 = Rule(
    id="SH002",
    name="spoke-in-another-region",
    severity=Severity.WARNING,
    summary="A spoke in another Region resolves only the hub Region's service names to the "
    "shared endpoints; its own Region's names still go to the public endpoints.",
    message="spoke '{spoke}' is in {region}: the shared zones answer {hub} names only, so its "
    "SDKs (which call {region} endpoints) do not use the shared endpoints",
    hint="share endpoints from a hub in {region} for that spoke, or configure its clients for "
    "{hub} endpoints (and expect inter-Region data transfer charges); suppress SH002 if meant",
    rationale="A private hosted zone may be associated with VPCs in any Region, but the shared "
    "zones hold the hub Region's names (ssm.<hub region>.amazonaws.com): interface endpoints "
    "of a Region serve that Region's service names. Traffic between Regions is charged as "
    "inter-Region data transfer.",
    source=f"Route 53 developer guide, private hosted zones ({sources.R53_PHZ}); AWS "
    f"whitepaper, centralized access to VPC private endpoints ({sources.WP_CENTRAL})",
    url=sources.R53_PHZ,
    deviation="New ID (not in contract v1): spokes are new in the spec language (issue 15).",
    check=_check_spoke_region,
)


# --- SH003 ------------------------------------------------------------------------------------

# Route 53 quotas (default, adjustable on request): "Amazon VPCs that you can associate with a
# private hosted zone: 300".
MAX_VPCS_PER_ZONE = 300


def _check_zone_quota(ctx: Context) -> Iterator[Hit]:
    if not ctx.resolved.shared_zones:
        return
    vpcs = 1 + len(ctx.resolved.spokes)
    if vpcs > MAX_VPCS_PER_ZONE:
        yield hit(("sharing", "spokes"), at_key=True, count=vpcs, quota=MAX_VPCS_PER_ZONE)


SH003 = Rule(
    id="SH003",
    name="too-many-vpcs-per-private-zone",
    severity=Severity.WARNING,
    summary="Each shared zone is associated with the hub and every spoke: at most 300 VPCs "
    "per private hosted zone by default.",
    message="each shared zone would be associated with {count} VPCs (the hub and the spokes); "
    "Route 53's default quota is {quota} per private hosted zone",
    hint="ask AWS for a higher quota before applying, or split the spokes across hubs",
    rationale="Route 53 refuses associations beyond the quota (LimitsExceeded), so the apply "
    "would stop part-way. The other quotas the module meets stay far away: each shared zone "
    "holds at most two alias records per IP type (quota: 10,000 records per zone), and a "
    "module creates at most three zones per shared endpoint (quota: 500 hosted zones per "
    "account, which the spec's own endpoints rarely approach).",
    source=f"Route 53 quotas, 'Quotas on hosted zones' ({sources.R53_QUOTAS})",
    url=sources.R53_QUOTAS,
    deviation="New ID (not in contract v1): spokes are new in the spec language (issue 15).",
    check=_check_zone_quota,
)


# --- SH004 ------------------------------------------------------------------------------------


def _check_s3(ctx: Context) -> Iterator[Hit]:
    gateway = [n for n, ep in ctx.endpoints(GATEWAY) if ctx.service_short(ep) == "s3"]
    for ep in ctx.resolved.endpoints_of(INTERFACE):
        if not ep.shared or ep.service_short != "s3":
            continue
        if ep.inbound_resolver_only:
            yield hit(("endpoints", ep.key, "dns", "inbound_resolver_only"), endpoint=ep.key)
        elif gateway:
            path = ep.paths["shared"]
            at = path if path[-1] == "shared" else ("endpoints", ep.key)
            yield hit(at, "s3-gateway", endpoint=ep.key, gateway=gateway[0])


SH004 = Rule(
    id="SH004",
    name="shared-s3-interface-endpoint",
    severity=Severity.ERROR,
    summary="A shared S3 interface endpoint has private DNS off, so `inbound_resolver_only` "
    "cannot apply; and its zones send the hub's own S3 traffic through it instead of an S3 "
    "gateway endpoint.",
    message="endpoint '{endpoint}' is shared, so its private DNS is off and "
    "dns.inbound_resolver_only has nothing to restrict",
    hint="keep the S3 interface endpoint unshared with inbound_resolver_only: true for "
    "on-premises clients, or share it and remove inbound_resolver_only",
    variants=(
        Variant(
            "s3-gateway",
            "shared S3 endpoint '{endpoint}': its zone s3.<region> is associated with this VPC "
            "too, so S3 traffic here goes through it (charged per GB) instead of gateway "
            "endpoint '{gateway}'",
            "to keep this VPC on the free gateway endpoint, do not share S3: use "
            "inbound_resolver_only: true for on-premises clients and give each spoke its own "
            "S3 gateway endpoint; suppress SH004 if meant",
            severity=Severity.WARNING,
        ),
    ),
    rationale="private_dns_only_for_inbound_resolver_endpoint exists so that a VPC with both "
    "S3 endpoint types keeps its own traffic on the gateway endpoint while on-premises "
    "clients, through a Resolver inbound endpoint, get the interface endpoint; it requires "
    "private DNS. A shared endpoint replaces private DNS with zones associated with every "
    "VPC, the hub included, so that distinction is lost.",
    source=f"Amazon S3 user guide, AWS PrivateLink for Amazon S3 ({sources.S3_PRIVATELINK}); "
    f"EC2 API DnsOptionsSpecification ({sources.API_DNSOPT})",
    url=sources.S3_PRIVATELINK,
    deviation="New ID (not in contract v1): sharing endpoints is new in the spec language "
    "(issue 15).",
    check=_check_s3,
)


# --- SH005 ------------------------------------------------------------------------------------


def _check_resolver_subnets(ctx: Context) -> Iterator[Hit]:
    sharing = ctx.spec.sharing
    if sharing is None or sharing.inbound_resolver is None:
        return
    name = sharing.inbound_resolver.subnet_group
    path = ("sharing", "inbound_resolver", "subnet_group")
    group = ctx.spec.network.subnet_groups.get(name)
    if group is None:
        yield hit(path, "unknown", group=name)
        return
    count = group_size(group)
    if count is not None and count < 2:
        yield hit(path, group=name, count=count)


SH005 = Rule(
    id="SH005",
    name="inbound-resolver-subnets",
    severity=Severity.ERROR,
    summary="The Resolver inbound endpoint takes an IP address in each subnet of a declared "
    "subnet group, and needs at least two.",
    message="subnet group '{group}' of the Resolver inbound endpoint has {count} subnet; "
    "Route 53 Resolver needs at least two IP addresses",
    hint="use a subnet group with two or more subnets, in different Availability Zones",
    variants=(
        Variant(
            "unknown",
            "the Resolver inbound endpoint names subnet group '{group}', which "
            "network.subnet_groups does not declare",
            "declare the group under network.subnet_groups, or name one that exists",
        ),
    ),
    rationale='"To improve reliability, Resolver requires that you specify two IP addresses '
    "for DNS queries. We recommend that you specify IP addresses in two different "
    'Availability Zones."',
    source=f"Route 53 developer guide, values for inbound endpoints ({sources.R53_INBOUND})",
    url=sources.R53_INBOUND,
    deviation="New ID (not in contract v1): the Resolver inbound endpoint is new in the spec "
    "language (issue 15).",
    check=_check_resolver_subnets,
)

RULES: tuple[Rule, ...] = (SH001, SH002, SH003, SH004, SH005)
