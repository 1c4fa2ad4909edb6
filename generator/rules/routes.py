"""RT0xx: routes to endpoints and the association resources around aws_vpc_endpoint.

The spec language renders routes (`aws_route` with `vpc_endpoint_id`) only from the `routes`
of Gateway Load Balancer endpoints. Split with the gateway family: `routes` on a gateway
endpoint is GW004; RT002 reports them on interface and VPC Lattice endpoints.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit, takes
from generator.spec.endpoint_types import GATEWAY, types_taking
from generator.spec.types import PREFIX_LIST_ID


def _destination_key(destination: str) -> str:
    """A canonical form, so that 2001:DB8::/32 and 2001:db8::/32 compare equal."""
    if PREFIX_LIST_ID.fullmatch(destination):
        return destination
    try:
        return str(ipaddress.ip_network(destination))
    except ValueError:
        return destination


def _check_route_conflicts(ctx: Context) -> Iterator[Hit]:
    groups = ctx.spec.network.route_table_groups
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for name, ep in ctx.endpoints(*types_taking("routes")):
        for i, route in enumerate(ep.routes or []):
            group = groups.get(route.route_table_group)
            if group is None:
                continue  # undefined group: SPEC005
            tables = list(dict.fromkeys(group.ids)) if group.ids else [route.route_table_group]
            dest = _destination_key(route.destination)
            for table in tables:
                key = (table, dest)
                if key in seen:
                    other, other_group = seen[key]
                    where = (
                        f"route table {table}"
                        if group.ids
                        else f"route table group '{route.route_table_group}'"
                    )
                    by = (
                        f"endpoint '{other}'" if other != name else "another route of this endpoint"
                    )
                    if other_group != route.route_table_group:
                        by += f" (through group '{other_group}')"
                    yield hit(
                        ("endpoints", name, "routes", i, "destination"),
                        endpoint=name,
                        where=where,
                        destination=route.destination,
                        by=by,
                    )
                    break
                seen[key] = (name, route.route_table_group)


RT001 = Rule(
    id="RT001",
    name="conflicting-routes",
    severity=Severity.ERROR,
    summary="A route has exactly one destination and one target: no two routes to endpoints "
    "may share a route table and destination.",
    message="endpoint '{endpoint}': {where} already routes {destination} to {by}",
    hint="a route table holds one route per destination; send each destination to one endpoint "
    "(one GWLB endpoint per AZ, each with its own route tables)",
    rationale="aws_route has ExactlyOneOf over destinations and targets, which the spec "
    "guarantees by construction (one `destination`, the endpoint as target). A route table "
    "keeps one route per destination, so a second aws_route to the same destination fails at "
    "apply with RouteAlreadyExists, whichever endpoint it targets.",
    source=f"TF-ROUTE ({sources.TF_ROUTE}: ExactlyOneOf, CIDR validators); API-ROUTE "
    f"({sources.API_ROUTE})",
    url=sources.API_ROUTE,
    status_reason="Destination/target shape is rendered (one destination attribute chosen by "
    "the value's kind: destination_cidr_block, destination_ipv6_cidr_block or "
    "destination_prefix_list_id; target vpc_endpoint_id). Duplicates are checked by route "
    "table ID when the group lists IDs, else by group name; duplicates between input route "
    "tables of different groups show at apply time.",
    check=_check_route_conflicts,
)


def _check_route_targets(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        if ep.type == GATEWAY:
            continue  # GW004
        if ep.routes and not takes(ep, "routes"):
            yield hit(("endpoints", name, "routes"), at_key=True, type=ep.type, endpoint=name)
    for name, ep in ctx.endpoints(*types_taking("routes")):
        for i, route in enumerate(ep.routes or []):
            if PREFIX_LIST_ID.fullmatch(route.destination):
                path: Path = ("endpoints", name, "routes", i, "destination")
                yield hit(path, "prefix-list", endpoint=name, destination=route.destination)


RT002 = Rule(
    id="RT002",
    name="invalid-route-target",
    severity=Severity.ERROR,
    summary="Routes may target only Gateway Load Balancer endpoints, and not with a "
    "prefix-list destination.",
    message="{type} endpoint '{endpoint}' has routes; only Gateway Load Balancer endpoints can "
    "be route targets",
    hint="remove routes: clients reach this endpoint through its network interfaces (DNS), not "
    "through route tables",
    variants=(
        Variant(
            "prefix-list",
            "endpoint '{endpoint}': a route to prefix list {destination} cannot target a VPC "
            "endpoint",
            "route the prefix list's CIDR blocks one by one (IPv4/IPv6 CIDRs)",
        ),
    ),
    rationale='CreateRoute VpcEndpointId is "Supported for Gateway Load Balancer endpoints '
    'only". terraform-provider-aws declares vpc_endpoint_id ConflictsWith '
    'destination_prefix_list_id ("Cannot create or replace a prefix list route targeting a '
    'VPC Endpoint."), so a prefix-list route to an endpoint fails at plan time. Routes on '
    "gateway endpoints are reported by GW004.",
    source=f"API-ROUTE ({sources.API_ROUTE}: VpcEndpointId); TF-ROUTE ({sources.TF_ROUTE}: "
    "vpc_endpoint_id ConflictsWith destination_prefix_list_id)",
    url=sources.API_ROUTE,
    check=_check_route_targets,
)

RT003 = Rule(
    id="RT003",
    name="association-type-mismatch",
    severity=Severity.ERROR,
    summary="Route tables attach only to gateway endpoints, subnets to interface/GWLB (and VPC "
    "Lattice) endpoints, security groups to interface (and VPC Lattice) endpoints.",
    message="(not reported: the module wires associations by endpoint type)",
    hint="give each endpoint type only the fields it takes (GW001, IF008, GWLB002 report the rest)",
    rationale="CreateVpcEndpoint scopes RouteTableIds to gateway endpoints, SubnetIds to "
    "interface and GWLB endpoints and SecurityGroupIds to interface endpoints; the association "
    "resources carry the same restriction.",
    source=f"API-CVE ({sources.API_CVE}: parameter scopes); TF-VPCE-DOC ({sources.TF_VPCE_DOC})",
    url=sources.API_CVE,
    status=Status.RENDERED,
    status_reason="The renderer writes associations inline on aws_vpc_endpoint, per type: "
    "route_table_ids for gateway endpoints; subnet_ids (or subnet_configuration) for interface, "
    "GWLB, resource and service-network endpoints; security_group_ids for interface, resource "
    "and service-network endpoints. It never renders aws_vpc_endpoint_route_table_association, "
    "_subnet_association or _security_group_association. Misplaced fields in a spec are "
    "reported by GW001, IF008, GWLB002.",
)

RT004 = Rule(
    id="RT004",
    name="association-managed-twice",
    severity=Severity.ERROR,
    summary="Never manage the same route table, subnet or security group both inline on "
    "aws_vpc_endpoint and through an association resource.",
    message="(not reported: the module uses inline associations only)",
    hint="do not add association resources for endpoints this module manages",
    rationale="The provider documents that inline arguments and the association resources "
    "conflict: each overwrites the other's associations on every apply.",
    source=f"TF-VPCE-DOC ({sources.TF_VPCE_DOC}: note on associations)",
    url=sources.TF_VPCE_DOC,
    status=Status.RENDERED,
    status_reason="The renderer uses only the inline arguments (route_table_ids, subnet_ids, "
    "security_group_ids) and no association resources, so nothing is managed twice.",
)

RT005 = Rule(
    id="RT005",
    name="replace-default-association",
    severity=Severity.WARNING,
    summary="aws_vpc_endpoint_security_group_association with replace_default_association = "
    "true fails unless the endpoint has only the VPC's default security group and the new "
    "group is not the default.",
    message="(not reported: the module never replaces the default security group association)",
    hint="list the endpoint's security groups in the spec",
    rationale="The provider's replace_default_association swaps out the VPC default group at "
    "create time and checks both conditions at apply.",
    source=f"TF-SGA ({sources.TF_SGA})",
    url=sources.TF_SGA,
    status=Status.RENDERED,
    status_reason="The renderer never uses aws_vpc_endpoint_security_group_association; "
    "security groups are set with security_group_ids on the endpoint (IF005 warns when an "
    "interface endpoint would get the default group).",
)

RT006 = Rule(
    id="RT006",
    name="private-dns-set-twice",
    severity=Severity.WARNING,
    summary="With aws_vpc_endpoint_private_dns, omit private_dns_enabled on the endpoint "
    "(interface endpoints only).",
    message="(not reported: the module sets private DNS on the endpoint only)",
    hint="set private_dns in the spec; do not add aws_vpc_endpoint_private_dns for these endpoints",
    rationale="Setting private DNS both on the endpoint and with the separate resource makes "
    "them fight (persistent diff).",
    source=f"TF-PDNS-DOC ({sources.TF_PDNS_DOC})",
    url=sources.TF_PDNS_DOC,
    status=Status.RENDERED,
    status_reason="The renderer sets private_dns_enabled on aws_vpc_endpoint only, and never "
    "renders aws_vpc_endpoint_private_dns.",
)

RULES: tuple[Rule, ...] = (RT001, RT002, RT003, RT004, RT005, RT006)
