"""endpoints.tf: one aws_vpc_endpoint per endpoint, and its connection notifications."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.render import hcl
from generator.render.refs import Refs
from generator.render.views import Condition
from generator.resolve.model import ResolvedEndpoint
from generator.spec.endpoint_types import GATEWAY, GWLB, INTERFACE
from generator.spec.models import EndpointBase


@dataclass(frozen=True)
class DnsOptions:
    record_ip_type: str | None
    private_dns_preference: str | None
    specified_domains_expr: str | None
    inbound_resolver_only: bool | None


@dataclass(frozen=True)
class SubnetConfiguration:
    subnet_id_expr: str
    ipv4: str | None
    ipv6: str | None


@dataclass(frozen=True)
class ReplaceTrigger:
    """terraform_data whose input holds what AWS cannot change on an existing endpoint; the
    endpoint's replace_triggered_by names it, so a change replaces the endpoint instead of
    planning an update AWS would reject. Adding the trigger to an existing endpoint (a module
    upgrade) replaces nothing: only a change of its input does."""

    ident: str
    endpoint_key: str
    input_expr: str


@dataclass
class Endpoint:
    model: EndpointBase  # as the spec writes it: arguments passed through as written
    key: str  # the endpoint's name in the spec
    ident: str
    comment: str
    vpc_id_expr: str
    target_argument: str  # service_name | resource_configuration_arn | service_network_arn
    target: str
    api_type: str
    service_region: str | None
    route_table_ids_expr: str | None
    subnet_ids_expr: str | None
    security_group_ids_expr: str | None
    private_dns_enabled: bool | None
    ip_address_type: str | None
    auto_accept: bool | None
    policy_expr: str | None
    dns: DnsOptions | None
    subnet_configurations: tuple[SubnetConfiguration, ...]
    tags_expr: str
    depends_on: tuple[str, ...]
    trigger: ReplaceTrigger | None
    preconditions: list[Condition] = field(default_factory=list)
    postconditions: list[Condition] = field(default_factory=list)


@dataclass(frozen=True)
class Notification:
    """aws_vpc_endpoint_connection_notification, one per SNS topic (for_each)."""

    ident: str
    comment: str
    parent_argument: str  # vpc_endpoint_id | vpc_endpoint_service_id
    parent_expr: str
    for_each_expr: str


def _dns(ep: ResolvedEndpoint) -> DnsOptions | None:
    dns = ep.dns
    inbound = ep.inbound_resolver_only if ep.kind.name == INTERFACE else None
    if dns is None:
        return None
    options = DnsOptions(
        record_ip_type=dns.record_ip_type.lower() if dns.record_ip_type else None,
        private_dns_preference=dns.private_dns_preference or None,
        specified_domains_expr=(
            hcl.string_list(dns.private_dns_specified_domains, 2)
            if dns.private_dns_specified_domains
            else None
        ),
        # Sent only when the spec sets it: unset, AWS turns it on for S3 interface endpoints
        # with private DNS (a rule makes a spec without an S3 gateway endpoint say false).
        inbound_resolver_only=inbound,
    )
    return options if any(v is not None for v in vars(options).values()) else None


def _subnet_configurations(refs: Refs, ep: ResolvedEndpoint) -> tuple[SubnetConfiguration, ...]:
    addresses = ep.addresses  # canonical forms
    group = ep.subnet_group
    if not addresses or not group:
        return ()
    azs = refs.resolved.subnet_group(group).availability_zone_ids or []
    out = []
    for az in sorted(addresses, key=lambda a: (a not in azs, azs.index(a) if a in azs else 0, a)):
        subnet, _ = refs.subnet_for_az(group, az)
        ipv4, ipv6 = addresses[az]
        out.append(SubnetConfiguration(subnet, ipv4, ipv6))
    return tuple(out)


def _trigger(ep: ResolvedEndpoint, subnet_ids: str | None) -> ReplaceTrigger | None:
    """Replacement facts of endpoints with network interfaces: an IPv6-only endpoint cannot
    become IPv4 or dualstack in place, nor the reverse; a Gateway Load Balancer endpoint
    cannot move to another subnet."""
    if subnet_ids is None:
        return None
    ipv6_only = hcl.boolean(ep.ip_address_type == "ipv6")
    facts = [f"ipv6_only = {ipv6_only}"]
    if ep.kind.name == GWLB:
        facts.append(f"subnet_ids = {subnet_ids}")
    body = "".join(f"    {line}\n" for line in facts)
    return ReplaceTrigger(
        ident=f"{hcl.identifier(ep.key)}_replace_on",
        endpoint_key=ep.key,
        input_expr="{\n" + body + "  }",
    )


def endpoint(refs: Refs, ep: ResolvedEndpoint) -> Endpoint:
    k = ep.kind
    model = ep.model
    if model.resource_configuration_arn:
        target_argument, target = "resource_configuration_arn", model.resource_configuration_arn
    elif model.service_network_arn:
        target_argument, target = "service_network_arn", model.service_network_arn
    else:
        target_argument, target = "service_name", ep.service_name or ""
    depends: list[str] = []
    if k.name == INTERFACE and ep.service_short == "s3" and ep.inbound_resolver_only:
        depends = [
            f"aws_vpc_endpoint.{hcl.identifier(other.key)}"
            for other in refs.resolved.endpoints_of(GATEWAY)
            if other.service_short == "s3"
        ]
    label = k.name.replace("-", " ")
    subnet_ids = refs.subnet_ids(ep.subnet_group) if ep.subnet_group else None
    return Endpoint(
        model=model,
        key=ep.key,
        ident=hcl.identifier(ep.key),
        comment=f"{ep.key}: {label} endpoint" + (f" for {ep.target}" if ep.target else ""),
        vpc_id_expr=refs.vpc_id,
        target_argument=target_argument,
        target=target,
        api_type=k.api_name,
        service_region=model.service_region
        if ep.cross_region and k.takes("service_region")
        else None,
        route_table_ids_expr=(
            refs.route_table_ids(ep.route_table_groups)
            if k.takes("route_table_groups") and ep.route_table_groups
            else None
        ),
        subnet_ids_expr=subnet_ids,
        security_group_ids_expr=(
            refs.security_group_ids(ep.security_groups)
            if k.takes("security_groups") and ep.security_groups
            else None
        ),
        private_dns_enabled=ep.private_dns if k.takes("private_dns") else None,
        ip_address_type=ep.ip_address_type,
        auto_accept=model.auto_accept if k.takes("auto_accept") else None,
        policy_expr=hcl.jsonencode(ep.policy, 1) if k.takes("policy") and ep.policy else None,
        dns=_dns(ep),
        subnet_configurations=_subnet_configurations(refs, ep),
        tags_expr=refs.tags(ep.key, model.tags),
        depends_on=tuple(depends),
        trigger=_trigger(ep, subnet_ids),
    )


def notification(
    ident: str, comment: str, argument: str, parent: str, notifications: Iterable[Any]
) -> Notification:
    merged: dict[str, list[str]] = {}
    for n in notifications:
        events = merged.setdefault(n.sns_topic_arn, [])
        events.extend(e for e in n.events if e not in events)
    items = {arn: {"events": sorted(events)} for arn, events in sorted(merged.items())}
    return Notification(
        ident, comment + " One per SNS topic.", argument, parent, hcl.value(items, 1)
    )


def endpoint_notification(ep: ResolvedEndpoint) -> Notification | None:
    if not ep.model.connection_notifications or not ep.kind.takes("connection_notifications"):
        return None
    ident = hcl.identifier(ep.key)
    return notification(
        ident,
        f"{ep.key}: connection notifications.",
        "vpc_endpoint_id",
        f"aws_vpc_endpoint.{ident}.id",
        ep.model.connection_notifications,
    )
