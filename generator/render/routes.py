"""routes.tf: aws_route per route entry of a Gateway Load Balancer endpoint."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from generator.render import hcl
from generator.render.refs import Refs
from generator.render.views import Condition
from generator.resolve.model import ResolvedEndpoint
from generator.spec.types import PREFIX_LIST_ID


@dataclass
class Route:
    ident: str
    comment: str
    for_each_expr: str  # literal route table IDs: keyed by ID; an input map: by its keys
    destination_argument: str
    destination: str
    endpoint_ident: str
    endpoint_key: str
    preconditions: list[Condition] = field(default_factory=list)


def route_ident(endpoint_key: str, group: str, destination: str) -> str:
    """The aws_route resource name of one route entry (the importer addresses it too)."""
    return hcl.identifier(f"{endpoint_key}_{group}_{_slug(destination)}")


def _slug(destination: str) -> str:
    """A readable, unique name part for a route destination: 10_0_0_0_16, ipv6_0, pl_0ab..."""
    if PREFIX_LIST_ID.fullmatch(destination):
        return destination.replace("-", "_")
    net = ipaddress.ip_network(destination)
    address = str(net.network_address).replace(".", "_").replace(":", "_")
    text = f"{address}_{net.prefixlen}"
    if net.version == 6:
        text = "ipv6_" + text
    return re.sub(r"_+", "_", text).strip("_")


def _destination_argument(destination: str) -> str:
    if PREFIX_LIST_ID.fullmatch(destination):
        return "destination_prefix_list_id"
    if ipaddress.ip_network(destination).version == 6:
        return "destination_ipv6_cidr_block"
    return "destination_cidr_block"


def routes(refs: Refs, ep: ResolvedEndpoint) -> list[Route]:
    """One aws_route block per route entry, over the route tables of its group: for_each
    keyed by route table ID when the IDs are literal, by the input map's keys otherwise."""
    out: list[Route] = []
    seen: set[str] = set()
    for group, destination in ep.routes:
        ident = route_ident(ep.key, group, destination)
        if ident in seen:
            continue
        seen.add(ident)
        if refs.resolved.route_table_group(group).ids is not None:
            for_each = f"toset({refs.route_table_ids([group])})"
        else:
            for_each = refs.route_table_input(group, as_map=True)
        out.append(
            Route(
                ident=ident,
                comment=f"{ep.key}: send {destination} from route table group "
                f"'{group}' through the endpoint.",
                for_each_expr=for_each,
                destination_argument=_destination_argument(destination),
                destination=destination,
                endpoint_ident=hcl.identifier(ep.key),
                endpoint_key=ep.key,
            )
        )
    return out
