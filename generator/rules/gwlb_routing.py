"""GWLB010-GWLB012: routes through Gateway Load Balancer endpoints: IPv6 needs a dual-stack
endpoint, edge (gateway) route tables take only destinations inside the VPC, and traffic must
come back through the endpoint it left by (AWS does not support asymmetric routing)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.rules.ip_addresses import valid_ip_type
from generator.rules.plan_helpers import message
from generator.spec.endpoint_types import GWLB
from generator.spec.types import PREFIX_LIST_ID

DOC_GW_RT = "https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html"
DOC_GWLB = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/gateway-load-balancers.html"
)
DEFAULTS = {4: ipaddress.ip_network("0.0.0.0/0"), 6: ipaddress.ip_network("::/0")}


def _routes(ctx: Context) -> Iterator[tuple[str, int, str, str]]:
    """(endpoint, index, route table group, destination) of every GWLB endpoint route."""
    for name, ep in ctx.endpoints(GWLB):
        for i, route in enumerate(ep.routes or []):
            yield name, i, route.route_table_group, route.destination


def _edge(ctx: Context, group: str) -> bool:
    g = ctx.spec.network.route_table_groups.get(group)
    return g is not None and g.edge


# --- GWLB010 ----------------------------------------------------------------------------------


def _check_ipv6_routes(ctx: Context) -> Iterator[Hit]:
    for name, i, _, destination in _routes(ctx):
        if PREFIX_LIST_ID.fullmatch(destination):
            continue
        if ipaddress.ip_network(destination).version != 6:
            continue
        ip_type, _ = valid_ip_type(ctx, name)
        if ip_type in (None, "ipv4"):
            yield hit(
                ("endpoints", name, "routes", i, "destination"),
                endpoint=name,
                destination=destination,
                ip_type=ip_type or "ipv4 (the default)",
            )


GWLB010 = Rule(
    id="GWLB010",
    name="ipv6-route-to-ipv4-gwlb-endpoint",
    severity=Severity.ERROR,
    summary="IPv6 traffic goes through a Gateway Load Balancer endpoint only when the endpoint "
    "is dual-stack (in dual-stack subnets, to a service that offers IPv6: IP003).",
    message="route to {destination} through Gateway Load Balancer endpoint '{endpoint}', whose "
    "ip_address_type is {ip_type}: it has no IPv6 address to take IPv6 traffic",
    hint="set ip_address_type: dualstack on the endpoint (its subnets need IPv6 ranges and the "
    "service must offer IPv6), or remove the IPv6 route",
    rationale='A Gateway Load Balancer takes IPv6 only as dualstack ("ipv4 - Only IPv4 is '
    'supported. dualstack - Both IPv4 and IPv6 are supported"), and "Your application VPCs and '
    'subnets that will hold the GWLB endpoints must be created and dual-stacked" (AWS blog, '
    "Gateway Load Balancer support for IPv6). An endpoint's dualstack type is \"supported only "
    "if all selected subnets have both IPv4 and IPv6 address ranges and the endpoint service "
    "accepts both IPv4 and IPv6 requests\" (VpcEndpointIpAddressType); those two are IP003's "
    "checks and plan-time guards. A route sending ::/0 to an IPv4-only endpoint blackholes "
    "IPv6.",
    source=f"ELB Gateway Load Balancers, IP address type ({DOC_GWLB}); AWS blog 'New - "
    "Gateway Load Balancer support for IPv6' (https://aws.amazon.com/blogs/"
    "networking-and-content-delivery/new-gateway-load-balancer-support-for-ipv6/); "
    f"EC2 CreateVpcEndpoint IpAddressType ({sources.API_CVE})",
    url=DOC_GWLB,
    deviation="New ID (not in contract v1): issue 13, the inspection example routed ::/0 to "
    "IPv4-only endpoints.",
    check=_check_ipv6_routes,
)


# --- GWLB011 ----------------------------------------------------------------------------------


def _vpc_blocks(ctx: Context) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(c) for c in ctx.spec.network.vpc.cidr_blocks]


def _check_edge_destinations(ctx: Context) -> Iterator[Hit]:
    blocks = _vpc_blocks(ctx)
    for name, i, group, destination in _routes(ctx):
        if not _edge(ctx, group):
            continue
        path = ("endpoints", name, "routes", i, "destination")
        if PREFIX_LIST_ID.fullmatch(destination):
            continue  # no prefix lists on GWLB routes at all: RT002
        net = ipaddress.ip_network(destination)
        family = [b for b in blocks if b.version == net.version]
        if not family:
            continue  # the VPC's blocks of that family are read at plan time: the guard
        if not any(net.subnet_of(b) for b in family):  # type: ignore[arg-type]
            yield hit(
                path,
                group=group,
                destination=destination,
                blocks=", ".join(str(b) for b in family),
            )


def _inside(destination: str, blocks: str) -> str:
    """HCL: `destination` lies inside one of the CIDR blocks listed by the expression."""
    d = ipaddress.ip_network(destination)
    host = f'"{d.network_address.compressed}/${{split("/", b)[1]}}"'
    return (
        f'anytrue([for b in {blocks} : tonumber(split("/", b)[1]) <= {d.prefixlen} && '
        f"cidrhost({host}, 0) == cidrhost(b, 0)])"
    )


def _guard_edge_destinations(refs: ModuleRefs) -> Iterator[Placed]:
    spec = refs.resolved.spec
    groups = spec.network.route_table_groups
    for ep in refs.resolved.endpoints_of(GWLB):
        for group, destination in ep.routes:
            if not groups[group].edge or PREFIX_LIST_ID.fullmatch(destination):
                continue
            version = ipaddress.ip_network(destination).version
            if any(
                ipaddress.ip_network(c).version == version for c in spec.network.vpc.cidr_blocks
            ):
                continue  # decided at generate time
            vpc = refs.vpc_data()
            blocks = (
                f"[for a in {vpc}.cidr_block_associations : a.cidr_block "
                'if a.state == "associated"]'
                if version == 4
                else f"compact([{vpc}.ipv6_cidr_block])"
            )
            yield Placed(
                "routes",
                ep.key,
                Assertion(
                    _inside(destination, blocks),
                    message(
                        "GWLB011",
                        f"edge route table group '{group}' takes only destinations inside the "
                        f"VPC; {destination} is outside its CIDR blocks.",
                    ),
                ),
            )


GWLB011 = Rule(
    id="GWLB011",
    name="edge-route-outside-vpc",
    severity=Severity.ERROR,
    summary="A gateway (edge) route table sends only the VPC's own CIDR blocks or its subnets' "
    "to a Gateway Load Balancer endpoint: no 0.0.0.0/0, no outside ranges, no prefix lists.",
    message="edge route table group '{group}' cannot route {destination}: a gateway route "
    "table takes only the VPC's CIDR or a subnet's CIDR as destination, inside {blocks}",
    hint="route the CIDR block of the subnet to inspect (or the VPC's) through the endpoint; "
    "default routes belong in the subnets' own route tables",
    rationale='Gateway route tables: "When the target is a Gateway Load Balancer endpoint or a '
    "network interface, the following destinations are allowed: The entire IPv4 or IPv6 CIDR "
    'block of your VPC ... The entire IPv4 or IPv6 CIDR block of a subnet in your VPC"; you '
    'cannot add routes to CIDR blocks outside the VPC, "including ranges larger than the '
    'individual VPC CIDR blocks", and "You can\'t specify a prefix list as a destination". '
    "Route table groups say they are edge tables with `edge: true`. Checked against "
    "network.vpc.cidr_blocks when the spec gives the family's blocks; otherwise the module "
    "checks at plan time against data aws_vpc (associated IPv4 blocks; the first IPv6 block, "
    "all the data source exposes). Prefix list destinations are RT002's (no GWLB route takes "
    "one). Whether a destination is exactly one subnet's CIDR needs "
    "the subnets of the VPC, which the module does not read: not checked.",
    source=f"Amazon VPC User Guide, Gateway route tables ({DOC_GW_RT}), Rules and considerations",
    url=DOC_GW_RT,
    deviation="New ID (not in contract v1): issue 13, edge route tables accept only VPC or "
    "subnet CIDR destinations.",
    check=_check_edge_destinations,
    guard=_guard_edge_destinations,
    guard_sites=("routes",),
)


# --- GWLB012 ----------------------------------------------------------------------------------


def _check_symmetry(ctx: Context) -> Iterator[Hit]:
    # (endpoint, family) -> where it gets a default route from a subnet table / an edge route
    outbound: dict[tuple[str, int], tuple[int, str]] = {}
    inbound: dict[tuple[str, int], tuple[int, str]] = {}
    for name, i, group, destination in _routes(ctx):
        if PREFIX_LIST_ID.fullmatch(destination):
            continue
        net = ipaddress.ip_network(destination)
        if _edge(ctx, group):
            inbound.setdefault((name, net.version), (i, group))
        elif net == DEFAULTS[net.version]:
            outbound.setdefault((name, net.version), (i, destination))
    if not inbound:
        return  # the spec declares no ingress routing: nothing to pair
    for (name, version), (i, destination) in sorted(outbound.items()):
        if (name, version) not in inbound:
            yield hit(
                ("endpoints", name, "routes", i, "destination"),
                endpoint=name,
                destination=destination,
                family=f"IPv{version}",
            )
    for (name, version), (i, group) in sorted(inbound.items()):
        if (name, version) not in outbound:
            yield hit(
                ("endpoints", name, "routes", i, "destination"),
                "no-outbound",
                endpoint=name,
                group=group,
                family=f"IPv{version}",
                default=str(DEFAULTS[version]),
            )


GWLB012 = Rule(
    id="GWLB012",
    name="asymmetric-gwlb-routing",
    severity=Severity.WARNING,
    summary="Traffic inspected by a Gateway Load Balancer endpoint must come back through the "
    "same endpoint: a subnet table's default route through endpoint X needs the edge route for "
    "that subnet through X, and the reverse.",
    message="subnets send {destination} out through endpoint '{endpoint}', but no edge route "
    "brings {family} traffic back through it: replies from the internet reach the subnets "
    "without inspection (asymmetric routing)",
    hint="add the edge route for those subnets' {family} CIDR through '{endpoint}' "
    "({{route_table_group: <edge group>, destination: <subnet CIDR>}})",
    variants=(
        Variant(
            "no-outbound",
            "edge route table group '{group}' sends {family} traffic in through endpoint "
            "'{endpoint}', but no subnet route table sends {default} back out through it "
            "(asymmetric routing)",
            "add {{route_table_group: <the subnets' group>, destination: {default}}} to "
            "'{endpoint}'",
        ),
    ),
    rationale='"When you route traffic through a middlebox appliance, the return traffic from '
    "the destination subnet must be routed through the same appliance. Asymmetric routing is "
    "not supported.\" In AWS's ingress pattern the internet gateway's route table sends the "
    "application subnet's CIDR to the endpoint and the application subnet's table sends "
    "0.0.0.0/0 to the same endpoint. The spec does not say which subnets a route table group "
    "serves, so the check pairs per endpoint and address family: once the spec declares an "
    "edge group, an endpoint with a default route from a subnet table needs an edge route "
    "through it, and one with an edge route needs a default route; a warning, since routes "
    "may also live outside the module.",
    source=f"Amazon VPC User Guide, Gateway route tables ({DOC_GW_RT}); AWS PrivateLink, "
    f"Gateway Load Balancer endpoints, routing ({sources.DOC_GWLBE})",
    url=DOC_GW_RT,
    deviation="New ID (not in contract v1): issue 13, return traffic must come back through "
    "the same endpoint.",
    check=_check_symmetry,
)

RULES: tuple[Rule, ...] = (GWLB010, GWLB011, GWLB012)
