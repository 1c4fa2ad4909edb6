"""shared_dns.tf: the private hosted zones of the shared endpoints, their alias records, their
associations with the spoke VPCs, and the Route 53 Resolver inbound endpoint.

Cross-account spokes: the zone owner (the hub's account) authorises the association, and the
spoke's account makes it (Route 53 developer guide, "Associating an Amazon VPC and a private
hosted zone that you created with different AWS accounts"). The module does both, the second
with the provider `aws.spoke_<name>` the caller passes for the spoke's account.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import hcl
from generator.render.refs import Refs
from generator.resolve.sharing import ResolvedSpoke

_IP_RECORD_TYPES = {"ipv6": ("AAAA",), "dualstack": ("A", "AAAA")}


@dataclass(frozen=True)
class Zones:
    """aws_route53_zone.shared (for_each zone name -> endpoint) and aws_route53_record.shared."""

    for_each_expr: str  # zone name -> the endpoint it answers for
    hub_vpc_id_expr: str
    endpoint_dns_expr: str  # endpoint key -> its Regional DNS entry (dns_entry[0])
    records_expr: str  # "<name> <type>" -> {zone, name, type, endpoint}
    tags_expr: str


@dataclass(frozen=True)
class SpokeAssociation:
    """The zones associated with one spoke VPC (authorised first when in another account)."""

    ident: str
    name: str
    vpc_id_expr: str
    region: str | None
    provider: str | None  # aws.spoke_<name> for a spoke in another account
    account_id: str | None


@dataclass(frozen=True)
class InboundResolver:
    ident: str
    name: str
    subnet_ids_expr: str
    vpc_id_expr: str
    rules_expr: str  # for_each of the security group's ingress rules
    tags_expr: str
    sg_tags_expr: str


@dataclass(frozen=True)
class SharedDns:
    zones: Zones | None
    spokes: tuple[SpokeAssociation, ...]
    resolver: InboundResolver | None


def spoke_vpc_id(refs: Refs, spoke: ResolvedSpoke) -> str:
    if spoke.vpc_id is not None:
        return hcl.string(spoke.vpc_id)
    return f"{refs.spoke_vpc_ids()}[{hcl.string(spoke.name)}]"


def shared_dns(refs: Refs) -> SharedDns:
    resolved = refs.resolved
    zones = resolved.shared_zones
    zone_view = None
    spokes: list[SpokeAssociation] = []
    if zones:
        by_key = {ep.key: ep for ep in resolved.endpoints}
        records: dict[str, dict[str, str]] = {}
        for zone in zones:
            ep = by_key[zone.endpoint]
            for name in zone.records:
                for rtype in _IP_RECORD_TYPES.get(ep.ip_address_type or "", ("A",)):
                    records[f"{name} {rtype}"] = {
                        "zone": zone.name,
                        "name": name,
                        "type": rtype,
                        "endpoint": zone.endpoint,
                    }
        endpoints = sorted({z.endpoint for z in zones})
        dns = {
            key: hcl.Expr(f"aws_vpc_endpoint.{hcl.identifier(key)}.dns_entry[0]")
            for key in endpoints
        }
        zone_view = Zones(
            for_each_expr=hcl.value({z.name: z.endpoint for z in zones}, 1),
            hub_vpc_id_expr=refs.vpc_id,
            endpoint_dns_expr=hcl.value(dns, 1),
            records_expr=hcl.value({k: records[k] for k in sorted(records)}, 1),
            tags_expr="merge(local.tags, { Name = each.key })",
        )
        for spoke in resolved.spokes:
            spokes.append(
                SpokeAssociation(
                    ident=f"spoke_{hcl.identifier(spoke.name)}",
                    name=spoke.name,
                    vpc_id_expr=spoke_vpc_id(refs, spoke),
                    region=spoke.region,
                    provider=f"aws.spoke_{hcl.identifier(spoke.name)}"
                    if spoke.cross_account
                    else None,
                    account_id=spoke.account_id,
                )
            )
    sharing = resolved.spec.sharing
    resolver = None
    if sharing is not None and sharing.inbound_resolver is not None:
        inbound = sharing.inbound_resolver
        rules = {
            f"{proto} {cidr}": {
                "description": f"DNS ({proto.upper()}) from {cidr}",
                "ip_protocol": proto,
                "cidr_ipv4": cidr if ":" not in cidr else None,
                "cidr_ipv6": cidr if ":" in cidr else None,
            }
            for cidr in inbound.allowed_cidrs
            for proto in ("tcp", "udp")
        }
        resolver = InboundResolver(
            ident="inbound",
            name=refs.name_tag("inbound-resolver"),
            subnet_ids_expr=refs.subnet_ids(inbound.subnet_group),
            vpc_id_expr=refs.vpc_id,
            rules_expr=hcl.value({k: rules[k] for k in sorted(rules)}, 1),
            tags_expr=refs.tags("inbound-resolver", {}),
            sg_tags_expr=refs.tags("inbound-resolver", {}),
        )
    return SharedDns(zone_view, tuple(spokes), resolver)
