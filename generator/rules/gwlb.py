"""GWLB0xx: Gateway Load Balancer endpoints: one subnet, no security groups, policy or
private DNS, same Region, and routes that send traffic through them."""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit, takes
from generator.rules.interface import group_azs, group_size, subnet_group
from generator.rules.plan_helpers import message
from generator.rules.shared import describe_service, is_custom, service_path
from generator.spec.endpoint_types import GWLB


def _check_one_subnet(ctx: Context) -> Iterator[Hit]:
    for name, _ in ctx.endpoints(GWLB):
        gname, gpath, group = subnet_group(ctx, name)
        if gname is None:
            yield hit(("endpoints", name), "no-group", at_key=True, endpoint=name)
            continue
        size = group_size(group) if group is not None else None
        if size is not None and size != 1:
            yield hit(gpath, group=gname, count=size, endpoint=name)


def _guard_one_subnet(refs: ModuleRefs) -> Iterator[Placed]:
    """A Gateway Load Balancer endpoint's input subnet list holds exactly one subnet."""
    single = {ep.subnet_group for ep in refs.resolved.endpoints_of(GWLB)}
    for var in refs.inputs:
        if var.role == "subnet_ids" and var.group in single:
            yield Placed(
                "variable",
                var.name,
                Assertion(
                    f"length(var.{var.name}) == 1",
                    message(
                        "GWLB001",
                        f"{var.name} must list exactly one subnet: a Gateway Load Balancer "
                        "endpoint takes one subnet.",
                    ),
                ),
            )


GWLB001 = Rule(
    id="GWLB001",
    name="gwlb-endpoint-not-one-subnet",
    severity=Severity.ERROR,
    summary="A Gateway Load Balancer endpoint has exactly one subnet, which cannot change later "
    "(one endpoint per subnet/AZ).",
    message="subnet group '{group}' has {count} subnets; Gateway Load Balancer endpoint "
    "'{endpoint}' takes exactly one",
    hint="use a group with one subnet, and one endpoint per Availability Zone",
    variants=(
        Variant(
            "no-group",
            "Gateway Load Balancer endpoint '{endpoint}' has no subnet group; it needs exactly "
            "one subnet",
            "set subnet_group to a group with one subnet",
        ),
    ),
    rationale='"For a Gateway Load Balancer endpoint, you can specify only one subnet"; '
    '"You cannot change the subnet later", so a change replaces the endpoint.',
    source=f"EC2 API CreateVpcEndpoint, SubnetIds ({sources.API_CVE}); Gateway Load Balancer "
    f"endpoints ({sources.DOC_GWLBE})",
    url=sources.DOC_GWLBE,
    check=_check_one_subnet,
    status_reason="Plan-time part: a subnet group whose IDs are a module input (and declares "
    "no AZ IDs) becomes a list variable with validation length(var.<group>_subnet_ids) == 1, "
    "error message starting 'GWLB001:'.",
    guard=_guard_one_subnet,
    guard_sites=("variable",),
)


def _check_gwlb_security_groups(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GWLB):
        if ep.security_groups and not takes(ep, "security_groups"):
            yield hit(("endpoints", name, "security_groups"), at_key=True, endpoint=name)


GWLB002 = Rule(
    id="GWLB002",
    name="security-groups-on-gwlb-endpoint",
    severity=Severity.ERROR,
    summary="Gateway Load Balancer endpoints take no security groups.",
    message="Gateway Load Balancer endpoint '{endpoint}' cannot take security groups",
    hint="remove security_groups; filter traffic in the appliances behind the Gateway Load "
    "Balancer",
    rationale='"Security groups are not supported" on GWLB endpoints: they pass traffic '
    "transparently to the inspection appliances. (Security groups on gateway endpoints are "
    "reported as IF008, so each value is reported once.)",
    source=f"Gateway Load Balancer endpoints ({sources.DOC_GWLBE}); EC2 API CreateVpcEndpoint "
    f"({sources.API_CVE})",
    url=sources.DOC_GWLBE,
    check=_check_gwlb_security_groups,
)


def _check_gwlb_policy(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GWLB):
        if ep.policy is not None and not takes(ep, "policy"):
            yield hit(("endpoints", name, "policy"), at_key=True, endpoint=name)


GWLB003 = Rule(
    id="GWLB003",
    name="policy-on-gwlb-endpoint",
    severity=Severity.ERROR,
    summary="Gateway Load Balancer endpoints take no endpoint policy.",
    message="Gateway Load Balancer endpoint '{endpoint}' cannot take an endpoint policy",
    hint="remove policy",
    rationale='"Endpoint policies are not supported" for GWLB endpoints; CreateVpcEndpoint\'s '
    "PolicyDocument is for interface and gateway endpoints.",
    source=f"Gateway Load Balancer endpoints ({sources.DOC_GWLBE}); EC2 API CreateVpcEndpoint, "
    f"PolicyDocument ({sources.API_CVE})",
    url=sources.DOC_GWLBE,
    check=_check_gwlb_policy,
)


def _check_gwlb_target(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GWLB):
        aws = ep.service is not None or (
            ep.service_name is not None
            and not is_custom(ep)
            and (ctx.service_short(ep) is not None or ep.service_name.startswith("aws."))
        )
        if aws:
            yield hit(service_path(name, ep), endpoint=name, service=describe_service(ep))


def _guard_service_type(refs: ModuleRefs) -> Iterator[Placed]:
    for ep in refs.resolved.endpoints_of(GWLB):
        if not ep.model.service_name:
            continue
        svc = refs.service_data(ep)
        yield Placed(
            "endpoint",
            ep.key,
            Assertion(
                f'{svc}.service_type == "GatewayLoadBalancer"',
                message(
                    "GWLB004",
                    f"{ep.model.service_name} is not a Gateway Load Balancer endpoint service; "
                    f"make '{ep.key}' an interface endpoint, or point it at a GWLB service.",
                ),
            ),
        )


GWLB004 = Rule(
    id="GWLB004",
    name="gwlb-endpoint-service-type-mismatch",
    severity=Severity.ERROR,
    summary="A Gateway Load Balancer endpoint targets an endpoint service built on Gateway Load "
    "Balancers; AWS services and NLB-based services take interface endpoints (AWS-service "
    "targets are checked; custom services are guarded at plan time).",
    message="Gateway Load Balancer endpoint '{endpoint}' targets AWS service '{service}'; GWLB "
    "endpoints connect only to endpoint services built on Gateway Load Balancers",
    hint="use type: interface for AWS services; a GWLB endpoint needs the appliance provider's "
    "service_name (com.amazonaws.vpce.<region>.vpce-svc-...)",
    rationale="An endpoint service fronted by NLBs is consumed through interface endpoints, "
    "one fronted by GWLBs through GWLB endpoints; AWS services are never GWLB-based.",
    source=f"EC2 API CreateVpcEndpointServiceConfiguration ({sources.API_CESC}); "
    f"terraform-provider-aws aws_vpc_endpoint docs, Gateway Load Balancer example "
    f"({sources.TF_VPCE_DOC})",
    url=sources.API_CESC,
    check=_check_gwlb_target,
    status_reason="Plan-time part: for endpoints to custom services (com.amazonaws.vpce.*) the "
    'module reads data "aws_vpc_endpoint_service" by service_name and carries a '
    'precondition data.aws_vpc_endpoint_service.<ep>.service_type == "GatewayLoadBalancer" '
    "(== \"Interface\" for interface endpoints), error message starting 'GWLB004:'. An "
    "endpoint to an endpoint service defined in the same spec is not expressible (endpoints "
    "take a literal service_name; the service's name is only known after apply), so "
    "RULES.md's `vpc_endpoint_type = aws_vpc_endpoint_service.x.service_type` does not arise.",
    guard=_guard_service_type,
    guard_sites=("endpoint",),
)


def _check_gwlb_per_az(ctx: Context) -> Iterator[Hit]:
    placed: list[tuple[str, str, str | None, str, str | None]] = []
    for name, ep in ctx.endpoints(GWLB):
        gname, gpath, group = subnet_group(ctx, name)
        if ep.service_name is None or gname is None or group is None:
            continue
        azs = group_azs(group)
        az = azs[0] if azs and len(azs) == 1 else None
        subnet = group.ids[0] if group.ids and len(group.ids) == 1 else None
        for other, oservice, oaz, ogroup, osubnet in placed:
            same = (
                gname == ogroup
                or (az is not None and az == oaz)
                or (subnet is not None and subnet == osubnet)
            )
            if oservice == ep.service_name and same:
                if az:
                    yield hit(gpath, other=other, endpoint=name, az=az)
                else:
                    yield hit(gpath, "group", other=other, endpoint=name, group=gname)
                break
        placed.append((name, ep.service_name, az, gname, subnet))


GWLB005 = Rule(
    id="GWLB005",
    name="gwlb-endpoints-share-az",
    severity=Severity.WARNING,
    summary="One Gateway Load Balancer endpoint per AZ per service; create one in each AZ that "
    "sends traffic through the appliances.",
    message="Gateway Load Balancer endpoints '{other}' and '{endpoint}' connect to the same "
    "service in AZ {az}",
    hint="keep one GWLB endpoint per service per Availability Zone and route each AZ's traffic "
    "to its own endpoint",
    variants=(
        Variant(
            "group",
            "Gateway Load Balancer endpoints '{other}' and '{endpoint}' connect to the same "
            "service in subnet group '{group}'",
        ),
    ),
    rationale='"You can create a single Gateway Load Balancer endpoint per Availability Zone '
    'for a service"; a second one in the same AZ duplicates the path, and routing each AZ '
    "to its own endpoint keeps inspected traffic in-AZ. (Whether each workload AZ has an "
    "endpoint is outside the spec, which does not describe workloads.)",
    source=f"Gateway Load Balancer endpoints ({sources.DOC_GWLBE})",
    url=sources.DOC_GWLBE,
    check=_check_gwlb_per_az,
)


def _check_gwlb_routes(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GWLB):
        if ep.routes:
            continue
        at_key = ep.routes is None
        yield hit(
            ("endpoints", name) if at_key else ("endpoints", name, "routes"),
            at_key=at_key,
            endpoint=name,
        )


GWLB006 = Rule(
    id="GWLB006",
    name="gwlb-endpoint-without-routes",
    severity=Severity.WARNING,
    summary="A Gateway Load Balancer endpoint does nothing until routes point at it.",
    message="no route sends traffic to Gateway Load Balancer endpoint '{endpoint}', so it "
    "inspects nothing",
    hint="add routes: [{{route_table_group: ..., destination: ...}}] for the subnets (and, for "
    "ingress inspection, the internet gateway's route table)",
    rationale="Traffic reaches a GWLB endpoint only through route-table entries that target "
    "it (subnet route tables and, for ingress inspection, the IGW/VGW edge route table). The "
    "routes may also be managed outside the module, hence a warning.",
    source=f"Gateway Load Balancer endpoints, set-up step 5 ({sources.DOC_GWLBE}); EC2 API "
    f"CreateRoute ({sources.API_ROUTE})",
    url=sources.DOC_GWLBE,
    check=_check_gwlb_routes,
)


def _check_gwlb_private_dns(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GWLB):
        if ep.private_dns and not takes(ep, "private_dns"):
            yield hit(("endpoints", name, "private_dns"), endpoint=name)


GWLB007 = Rule(
    id="GWLB007",
    name="private-dns-on-gwlb-endpoint",
    severity=Severity.ERROR,
    summary="Gateway Load Balancer endpoints have no private DNS. (A private DNS name on a "
    "GWLB-based endpoint service is reported by the endpoint-service rules, ES007.)",
    message="Gateway Load Balancer endpoint '{endpoint}' cannot enable private DNS",
    hint="remove private_dns",
    rationale='"Private DNS names are not supported for Gateway Load Balancer endpoints": '
    "clients never address a GWLB endpoint by name, routes send traffic through it.",
    source=f"Manage DNS names ({sources.DOC_DNSNAMES}); EC2 API CreateVpcEndpoint, "
    f'PrivateDnsEnabled "(Interface endpoint)" ({sources.API_CVE})',
    url=sources.DOC_DNSNAMES,
    check=_check_gwlb_private_dns,
)


def _check_gwlb_region(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GWLB):
        # A service_region equal to the VPC's Region is tolerated: it asks for nothing.
        if ep.service_region not in (None, ctx.spec.region) and not takes(ep, "service_region"):
            yield hit(
                ("endpoints", name, "service_region"),
                endpoint=name,
                service_region=ep.service_region,
                region=ctx.spec.region,
            )


GWLB008 = Rule(
    id="GWLB008",
    name="cross-region-gwlb-endpoint",
    severity=Severity.ERROR,
    summary="Gateway Load Balancer endpoints are same-Region only; `service_region` is for "
    "interface endpoints.",
    message="Gateway Load Balancer endpoint '{endpoint}' cannot reach {service_region}: GWLB "
    "endpoints are same-Region only (the VPC is in {region})",
    hint="remove service_region and use the appliance provider's service in this Region (or "
    "inter-Region peering)",
    rationale="Cross-Region PrivateLink is offered for interface endpoints only; "
    'ServiceRegion is documented as "Applicable for endpoints of type Interface".',
    source=f"Pulumi AWS VpcEndpoint.serviceRegion ({sources.PULUMI_VPCE}); {sources.BLOG_XR}",
    url=sources.DOC_GWLBE,
    check=_check_gwlb_region,
)

RULES: tuple[Rule, ...] = (
    GWLB001,
    GWLB002,
    GWLB003,
    GWLB004,
    GWLB005,
    GWLB006,
    GWLB007,
    GWLB008,
)
