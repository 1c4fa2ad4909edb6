"""GW0xx: gateway endpoints (S3, DynamoDB, S3 Express): route tables only, same Region."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit, takes
from generator.rules.plan_helpers import message
from generator.rules.shared import describe_service, names, service_key
from generator.spec.endpoint_types import GATEWAY


def _check_gateway_fields(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GATEWAY):
        base = ("endpoints", name)
        if ep.subnet_group is not None and not takes(ep, "subnet_group"):
            yield hit((*base, "subnet_group"), at_key=True, endpoint=name)
        if ep.addresses is not None and not takes(ep, "addresses"):
            yield hit((*base, "addresses"), "addresses", at_key=True, endpoint=name)
        if ep.private_dns and not takes(ep, "private_dns"):
            yield hit(
                (*base, "private_dns"), "private-dns", endpoint=name, service=describe_service(ep)
            )


GW001 = Rule(
    id="GW001",
    name="gateway-endpoint-interface-settings",
    severity=Severity.ERROR,
    summary="Gateway endpoints take route tables only: no subnet group, fixed addresses "
    "(subnet_configuration) or private DNS. (Security groups on a gateway endpoint are "
    "reported as IF008.)",
    message="gateway endpoint '{endpoint}' cannot take a subnet group; gateway endpoints take "
    "route tables only",
    hint="remove subnet_group and list route_table_groups instead",
    variants=(
        Variant(
            "addresses",
            "gateway endpoint '{endpoint}' has no network interfaces, so it cannot take fixed "
            "addresses",
            "remove addresses (use an interface endpoint for fixed IPs)",
        ),
        Variant(
            "private-dns",
            "gateway endpoint '{endpoint}' cannot enable private DNS; clients reach {service} "
            "through the route tables' prefix-list route",
            "remove private_dns (use an interface endpoint for private DNS)",
        ),
    ),
    rationale="CreateVpcEndpoint scopes SubnetIds to interface and GWLB endpoints, "
    "SecurityGroupIds and PrivateDnsEnabled to interface endpoints, and RouteTableIds to "
    "gateway endpoints; a gateway endpoint is a route target, not a network interface. The "
    "provider forces replacement when private_dns_enabled changes on a non-interface "
    "endpoint.",
    source=f'EC2 API CreateVpcEndpoint (RouteTableIds "(Gateway endpoint)", SubnetIds '
    f'"(Interface and Gateway Load Balancer endpoints)", PrivateDnsEnabled "(Interface '
    f'endpoint)") ({sources.API_CVE}); terraform-provider-aws vpc_endpoint.go CustomizeDiff '
    f"({sources.TF_VPCE})",
    url=sources.API_CVE,
    check=_check_gateway_fields,
)


def _check_no_route_tables(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GATEWAY):
        groups, path = ctx.effective(name, "route_table_groups")
        if groups:
            continue
        at_key = path[-1] != "route_table_groups"
        yield hit(
            ("endpoints", name) if at_key else path,
            at_key=at_key,
            endpoint=name,
            service=describe_service(ep),
        )


GW002 = Rule(
    id="GW002",
    name="gateway-endpoint-without-route-tables",
    severity=Severity.WARNING,
    summary="A gateway endpoint with no route table routes nothing.",
    message="gateway endpoint '{endpoint}' is associated with no route table, so no traffic to "
    "{service} uses it",
    hint="list the route tables of the subnets whose traffic should use it in route_table_groups",
    rationale="A gateway endpoint works only through the prefix-list route AWS adds to each "
    "associated route table; without one, traffic keeps using the internet or NAT path.",
    source=f'Gateway endpoints ("Each subnet route table must have a route that sends '
    f'traffic destined for the service to the gateway endpoint using the prefix list") '
    f"({sources.DOC_GW})",
    url=sources.DOC_GW,
    check=_check_no_route_tables,
    status_reason="Route-table groups left to module inputs are typed list inputs; an empty "
    "list passed at plan time is not guarded (it is a warning, and a plan-time failure would "
    "be stronger than the rule).",
)


def _check_shared_route_tables(ctx: Context) -> Iterator[Hit]:
    rt_groups = ctx.spec.network.route_table_groups
    by_group: dict[tuple[object, str], str] = {}
    by_table: dict[tuple[object, str], tuple[str, str]] = {}
    for name, ep in ctx.endpoints(GATEWAY):
        key = service_key(ctx, ep)
        if key is None:
            continue
        groups, path = ctx.effective(name, "route_table_groups")
        for i, group in enumerate(groups or []):
            ref: Path = (*path, i)
            first = by_group.get((key, group))
            if first is not None and first != name:
                yield hit(
                    ref, endpoints=names([first, name]), service=describe_service(ep), group=group
                )
                continue
            by_group[(key, group)] = name
            rt = rt_groups.get(group)
            for table in (rt.ids if rt is not None else None) or []:
                seen = by_table.get((key, table))
                if seen is not None and seen[0] != name and seen[1] != group:
                    yield hit(
                        ref,
                        "table",
                        table=table,
                        group=group,
                        service=describe_service(ep),
                        other=seen[0],
                        other_group=seen[1],
                        endpoint=name,
                    )
                    break
                by_table.setdefault((key, table), (name, group))


def _guard_shared_route_tables(refs: ModuleRefs) -> Iterator[Placed]:
    """Decided at generate time for literal IDs; guarded when either side is an input."""
    gateways = refs.resolved.endpoints_of(GATEWAY)
    for ep in gateways:
        if not ep.route_table_groups:
            continue
        mine = refs.route_table_ids(ep.route_table_groups)
        for other in gateways:
            if other.key >= ep.key or other.service_short != ep.service_short:
                continue
            groups = [*ep.route_table_groups, *other.route_table_groups]
            if all(refs.resolved.route_table_group(g).ids is not None for g in groups):
                continue
            theirs = refs.route_table_ids(other.route_table_groups)
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f"length(setintersection(toset({mine}), toset({theirs}))) == 0",
                    message(
                        "GW003",
                        f"gateway endpoints '{other.key}' and '{ep.key}' are both for "
                        f"{ep.service_name} and share a route table; a route table takes "
                        "one gateway endpoint per service.",
                    ),
                ),
            )


GW003 = Rule(
    id="GW003",
    name="route-table-shared-by-gateway-endpoints",
    severity=Severity.ERROR,
    summary="A route table carries the route to a service from only one gateway endpoint: two "
    "gateway endpoints to the same service cannot share a route table (checked for shared "
    "route-table groups and literal route table IDs; input route tables are guarded at plan "
    "time).",
    message="gateway endpoints {endpoints} both route {service} traffic through route-table "
    "group '{group}'",
    hint="a route table takes one gateway endpoint per service: keep one endpoint, or give each "
    "endpoint different route tables",
    variants=(
        Variant(
            "table",
            "route table {table} (group '{group}') already routes {service} through gateway "
            "endpoint '{other}' (group '{other_group}'); endpoint '{endpoint}' cannot take it too",
            "remove the route table from one of the two groups",
        ),
    ),
    rationale="Each associated route table receives a route for the service's prefix list "
    "targeting the endpoint; a route table cannot hold two routes for the same prefix list, "
    "so AWS refuses the second association.",
    source=f"archived gateway endpoint guide, routing rules ({sources.DOC_GW_OLD})",
    url=sources.DOC_GW,
    check=_check_shared_route_tables,
    status_reason="Partly plan-time: when two same-service gateway endpoints use different "
    "route-table groups whose IDs are module inputs, the module carries a precondition on the "
    "second endpoint: length(setintersection(toset(<rtb ids of A>), toset(<rtb ids of B>))) "
    "== 0, error message starting 'GW003:'.",
    guard=_guard_shared_route_tables,
    guard_sites=("endpoint",),
)


def _check_gateway_routes(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GATEWAY):
        if ep.routes is not None and not takes(ep, "routes"):
            yield hit(("endpoints", name, "routes"), at_key=True, endpoint=name)


GW004 = Rule(
    id="GW004",
    name="routes-to-gateway-endpoint",
    severity=Severity.ERROR,
    summary="Gateway-endpoint routes come only from associating route tables with the "
    "endpoint; `routes` (rendered as aws_route) is for Gateway Load Balancer endpoints.",
    message="gateway endpoint '{endpoint}' cannot take routes; AWS adds its route to each "
    "associated route table itself",
    hint="list the route tables in route_table_groups instead (`routes` is for Gateway Load "
    "Balancer endpoints)",
    rationale="CreateRoute's VpcEndpointId is supported for Gateway Load Balancer endpoints "
    'only, and the provider refuses a prefix-list route targeting a VPC endpoint ("Cannot '
    'create or replace a prefix list route targeting a VPC Endpoint").',
    source=f"archived gateway endpoint guide ({sources.DOC_GW_OLD}); EC2 API CreateRoute, "
    f"VpcEndpointId ({sources.API_ROUTE}); terraform-provider-aws vpc_route.go "
    f"({sources.TF_ROUTE})",
    url=sources.API_ROUTE,
    check=_check_gateway_routes,
)


def _check_gateway_region(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GATEWAY):
        # A service_region equal to the VPC's Region is tolerated: it asks for nothing.
        if ep.service_region not in (None, ctx.spec.region) and not takes(ep, "service_region"):
            yield hit(
                ("endpoints", name, "service_region"),
                endpoint=name,
                service_region=ep.service_region,
                region=ctx.spec.region,
            )


GW005 = Rule(
    id="GW005",
    name="cross-region-gateway-endpoint",
    severity=Severity.ERROR,
    summary="Gateway endpoints are same-Region only; `service_region` does not apply to them.",
    message="gateway endpoint '{endpoint}' cannot reach {service_region}: gateway endpoints are "
    "same-Region only (the VPC is in {region})",
    hint="remove service_region; for cross-Region access to S3 use an interface endpoint with "
    "service_region",
    rationale="A gateway endpoint adds a route to the local Region's service prefix list; "
    "ServiceRegion is documented for interface endpoints only.",
    source=f"archived gateway endpoint guide ({sources.DOC_GW_OLD}); Pulumi AWS "
    f'VpcEndpoint.serviceRegion ("Applicable for endpoints of type Interface") '
    f"({sources.PULUMI_VPCE})",
    url=sources.DOC_GW,
    check=_check_gateway_region,
)

GW006 = Rule(
    id="GW006",
    name="gateway-endpoint-outside-clients",
    severity=Severity.WARNING,
    summary="Gateway endpoints cannot be used from outside the VPC (VPN, Direct Connect, "
    "peering, Transit Gateway, on-premises); such clients need an interface endpoint.",
    message="(not checked: the spec does not declare clients)",
    hint="use an interface endpoint for clients outside the VPC",
    rationale="A gateway endpoint is a route in the VPC's route tables; \"Endpoint connections "
    'cannot be extended out of a VPC".',
    source=f"archived gateway endpoint guide ({sources.DOC_GW_OLD})",
    url=sources.DOC_GW,
    status=Status.NOT_CHECKABLE,
    status_reason="The spec language does not describe an endpoint's clients (on-premises "
    "networks, peered VPCs, Transit Gateway attachments), so there is nothing to compare.",
)


def _check_gateway_dns(ctx: Context) -> Iterator[Hit]:
    gateways = [name for name, _ in ctx.endpoints(GATEWAY)]
    if gateways and not ctx.spec.network.vpc.dns_support:
        yield hit(
            ("network", "vpc", "dns_support"),
            "" if len(gateways) > 1 else "one",
            endpoints=names(gateways),
        )


def _guard_vpc_dns(refs: ModuleRefs) -> Iterator[Placed]:
    resolved = refs.resolved
    if resolved.spec.network.vpc.id is not None or not resolved.endpoints_of(GATEWAY):
        return
    vpc = refs.vpc_data()
    yield Placed(
        "check",
        "gw007_vpc_dns_support",
        Assertion(
            f"{vpc}.enable_dns_support",
            message(
                "GW007",
                "the VPC has DNS resolution off; clients reach the gateway endpoints "
                "only through a resolver that returns the services' public IPs.",
            ),
        ),
        comment="GW007: gateway endpoints need the VPC's DNS resolution (enableDnsSupport).",
    )


GW007 = Rule(
    id="GW007",
    name="gateway-endpoint-without-vpc-dns",
    severity=Severity.WARNING,
    summary="Gateway endpoints need VPC DNS resolution (enableDnsSupport) or a custom resolver "
    "that returns the service's public AWS addresses.",
    message="gateway endpoints {endpoints} need VPC DNS resolution, but dns_support is false",
    hint="enable DNS support on the VPC, or make sure the VPC's custom DNS servers resolve the "
    "services' public names",
    variants=(
        Variant(
            "one",
            "gateway endpoint {endpoints} needs VPC DNS resolution, but dns_support is false",
        ),
    ),
    rationale="Clients reach S3/DynamoDB through a gateway endpoint only when the service name "
    "resolves to addresses in the service's prefix list; that is what the Amazon DNS server "
    "returns. It is a warning because a custom DNS server can do the same.",
    source=f"archived gateway endpoint guide ({sources.DOC_GW_OLD})",
    url=sources.DOC_GW,
    check=_check_gateway_dns,
    status_reason="Checked where the spec asserts network.vpc.dns_support: false. When the "
    'VPC is a module input the module reads data "aws_vpc" and carries a `check` block '
    "(a warning, not a failure) asserting enable_dns_support, message starting 'GW007:'.",
    guard=_guard_vpc_dns,
    guard_sites=("check",),
)

GW008 = Rule(
    id="GW008",
    name="prefix-list-in-nacl",
    severity=Severity.WARNING,
    summary="Network ACL rules cannot reference prefix lists; security-group egress rules can "
    "(use the endpoint's prefix_list_id).",
    message="(not checked: the spec does not describe NACLs or client security groups)",
    hint="allow the service's prefix list in the clients' security-group egress rules; NACLs "
    "need the CIDRs",
    rationale="Clients with restrictive egress rules need the service's prefix list to reach "
    "a gateway endpoint; NACLs cannot name prefix lists at all.",
    source=f"archived gateway endpoint guide ({sources.DOC_GW_OLD})",
    url=sources.DOC_GW,
    status=Status.NOT_CHECKABLE,
    status_reason="NACLs and the clients' security groups are outside the spec language (its "
    "security groups are the ones attached to interface endpoints); the module outputs each "
    "gateway endpoint's prefix_list_id for use in client egress rules.",
)


def _check_gateway_ipv6(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GATEWAY):
        if ctx.service_short(ep) == "s3" or (ep.service is None and ep.service_name is None):
            continue
        ip_type = ep.ip_address_type
        if ip_type in ("dualstack", "ipv6"):
            yield hit(
                ("endpoints", name, "ip_address_type"),
                endpoint=name,
                service=describe_service(ep),
                ip_type=ip_type,
            )
        record = ep.dns.record_ip_type if ep.dns is not None else None
        if record in ("dualstack", "ipv6"):
            yield hit(
                ("endpoints", name, "dns", "record_ip_type"),
                "records",
                endpoint=name,
                service=describe_service(ep),
                record=record,
            )


GW009 = Rule(
    id="GW009",
    name="ipv6-gateway-endpoint-not-s3",
    severity=Severity.WARNING,
    summary="Dualstack/IPv6 gateway endpoints (ip_address_type, DNS record type) are "
    "documented for Amazon S3; other gateway services (DynamoDB, S3 Express) were reported "
    "IPv4-only.",
    message="gateway endpoint '{endpoint}' to {service} asks for {ip_type}; IPv6 on gateway "
    "endpoints is documented for Amazon S3 only",
    hint="use ipv4 unless 'aws ec2 describe-vpc-endpoint-services' lists ipv6 in the service's "
    "SupportedIpAddressTypes",
    variants=(
        Variant(
            "records",
            "gateway endpoint '{endpoint}' to {service} asks for {record} DNS records; IPv6 on "
            "gateway endpoints is documented for Amazon S3 only",
            "use ipv4 unless the service lists ipv6 in SupportedIpAddressTypes",
        ),
    ),
    rationale="AWS announced IPv6 for S3 gateway and interface endpoints in November 2025; "
    "DynamoDB gateway endpoints were still reported IPv4-only in December 2025. A warning, "
    "because AWS may add IPv6 for more services.",
    source=f"Gateway endpoints, IP address type ({sources.DOC_GW}); What's New Nov 2025 "
    f"({sources.WN_S3_IPV6}); AWS CDK VpcEndpointIpAddressType ({sources.CDK_IPT})",
    url=sources.DOC_GW,
    check=_check_gateway_ipv6,
)

RULES: tuple[Rule, ...] = (GW001, GW002, GW003, GW004, GW005, GW006, GW007, GW008, GW009)
