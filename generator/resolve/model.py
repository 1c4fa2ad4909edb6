"""The resolved spec's value objects (frozen: built once, read by rules and renderer)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.loader.load import LoadedSpec
from generator.loader.source import Path
from generator.resolve.security_groups import SgRule
from generator.resolve.sharing import ResolvedSpoke, SharedZone
from generator.spec.endpoint_types import EndpointKind
from generator.spec.models import (
    DnsOptions,
    EndpointBase,
    EndpointService,
    RouteTableGroup,
    SecurityGroup,
    Spec,
    SubnetGroup,
)


@dataclass(frozen=True)
class ResolvedEndpoint:
    key: str
    kind: EndpointKind
    model: EndpointBase
    service_short: str | None  # the AWS service's short name (ecr.api), if an AWS service
    service_name: str | None  # the full service name the module sends
    custom_service: bool  # com.amazonaws.vpce.*: another account's or a Marketplace service
    cross_region: bool  # service_region set to another Region than the spec's
    subnet_group: str | None
    security_groups: tuple[str, ...]
    route_table_groups: tuple[str, ...]
    private_dns: bool
    ip_address_type: str | None  # lower case
    dns: DnsOptions | None
    policy: dict[str, Any] | None  # the effective policy document
    shared: bool  # shared with the spokes through private hosted zones (resolve.sharing)
    shared_zones: tuple[SharedZone, ...]  # the zones its names need (empty: names unknown)
    paths: Mapping[str, Path] = field(repr=False)  # where each effective field was set
    # Canonical forms (generator.resolve.canonical), which the renderer writes:
    routes: tuple[tuple[str, str], ...] = ()  # (route table group, destination)
    addresses: Mapping[str, tuple[str | None, str | None]] = field(
        default_factory=dict
    )  # AZ ID -> (IPv4, IPv6)

    @property
    def type(self) -> str:
        return self.kind.name

    @property
    def target(self) -> str:
        """What it connects to, as the spec names it."""
        ep = self.model
        return (
            ep.service
            or ep.service_name
            or ep.resource_configuration_arn
            or ep.service_network_arn
            or ""
        )

    @property
    def inbound_resolver_only(self) -> bool | None:
        return self.dns.inbound_resolver_only if self.dns is not None else None


@dataclass(frozen=True)
class ResolvedSecurityGroup:
    name: str
    model: SecurityGroup
    description: str  # as written, or the module's default
    attached: bool  # some endpoint of the spec uses it
    ingress: tuple[SgRule, ...]
    egress: tuple[SgRule, ...]


@dataclass(frozen=True)
class ResolvedSpec:
    loaded: LoadedSpec
    spec: Spec
    endpoints: tuple[ResolvedEndpoint, ...]  # sorted by key
    security_groups: tuple[ResolvedSecurityGroup, ...]  # sorted by name
    features: frozenset[str]  # provider features the module uses (resolve.features)
    spokes: tuple[ResolvedSpoke, ...] = ()  # sharing.spokes, sorted by name

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def region(self) -> str:
        return self.spec.region

    @cached_property
    def _by_key(self) -> dict[str, ResolvedEndpoint]:
        return {ep.key: ep for ep in self.endpoints}

    def endpoint(self, key: str) -> ResolvedEndpoint:
        return self._by_key[key]

    def endpoints_of(self, *types: str) -> tuple[ResolvedEndpoint, ...]:
        return tuple(ep for ep in self.endpoints if ep.type in types)

    def subnet_group(self, name: str) -> SubnetGroup:
        return self.spec.network.subnet_groups[name]

    def route_table_group(self, name: str) -> RouteTableGroup:
        return self.spec.network.route_table_groups[name]

    @property
    def endpoint_services(self) -> tuple[tuple[str, EndpointService], ...]:
        services = self.spec.endpoint_services
        return tuple((k, services[k]) for k in sorted(services))

    @property
    def shared_zones(self) -> tuple[SharedZone, ...]:
        """Every zone of every shared endpoint, sorted by name (the first endpoint claiming a
        name keeps it; two shared endpoints for one service are reported by IF011)."""
        zones: dict[str, SharedZone] = {}
        for ep in self.endpoints:
            for zone in ep.shared_zones:
                zones.setdefault(zone.name, zone)
        return tuple(zones[k] for k in sorted(zones))

    def suppressed(self, rule_id: str) -> bool:
        return rule_id in self.spec.suppress
