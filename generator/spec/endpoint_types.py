"""The endpoint types of the spec language, and what each one takes: the one table.

Models, rules and the renderer read every per-type fact from here (which fields a type takes,
its API name, what it puts in the VPC, its outputs), so a new type or a new field is one row or
one column. The literal type names appear in this file only.
Sources: EC2 CreateVpcEndpoint (VpcEndpointType), the provider's aws_vpc_endpoint resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

EndpointType = Literal[
    "gateway", "interface", "gateway-load-balancer", "resource", "service-network"
]
ENDPOINT_TYPES: tuple[EndpointType, ...] = get_args(EndpointType)
# The discriminator of each endpoint model (generator.spec.models).
GatewayType = Literal["gateway"]
InterfaceType = Literal["interface"]
GatewayLoadBalancerType = Literal["gateway-load-balancer"]
ResourceType = Literal["resource"]
ServiceNetworkType = Literal["service-network"]

# The fields of an endpoint, grouped by what they are about. `type` and `tags` go everywhere.
TARGET_FIELDS = ("service", "service_name", "resource_configuration_arn", "service_network_arn")
ALL_FIELDS = (
    *TARGET_FIELDS,
    "service_region",
    "subnet_group",
    "security_groups",
    "route_table_groups",
    "private_dns",
    "ip_address_type",
    "dns",
    "addresses",
    "service_availability_zone_ids",
    "routes",
    "policy",
    "auto_accept",
    "connection_notifications",
    "timeouts",
    "shared",
)


@dataclass(frozen=True)
class Output:
    """One attribute of the endpoint in the module's output for it."""

    name: str
    attribute: str
    label: str  # how the output description names it


@dataclass(frozen=True)
class EndpointKind:
    name: EndpointType  # as written in a spec
    api_name: str  # vpc_endpoint_type, as the provider and EC2 spell it
    label: str  # in findings: "Gateway Load Balancer" (endpoint)
    fields: frozenset[str]  # the endpoint fields this type takes (besides type and tags)
    targets: tuple[str, ...]  # the fields that name what it connects to (exactly one is set)
    outputs: tuple[Output, ...]
    defaults: tuple[str, ...] = ()  # fields `defaults.<type>` may set for endpoints of the type

    def takes(self, field: str) -> bool:
        return field in self.fields

    @property
    def has_network_interfaces(self) -> bool:
        """Puts network interfaces into subnets (and so takes a subnet group)."""
        return self.takes("subnet_group")


_ID = Output("id", "id", "ID")
_ARN = Output("arn", "arn", "ARN")
_ENIS = Output("network_interface_ids", "network_interface_ids", "network interface IDs")
_DNS = Output("dns_entries", "dns_entry", "DNS entries")

_LATTICE_FIELDS = frozenset(
    {"subnet_group", "security_groups", "private_dns", "ip_address_type", "dns", "timeouts"}
)

KINDS: dict[str, EndpointKind] = {
    k.name: k
    for k in (
        EndpointKind(
            name="gateway",
            api_name="Gateway",
            label="gateway",
            fields=frozenset(
                {
                    "service",
                    "service_name",
                    "route_table_groups",
                    "policy",
                    "ip_address_type",
                    "dns",
                    "timeouts",
                }
            ),
            targets=("service", "service_name"),
            outputs=(_ID, _ARN, Output("prefix_list_id", "prefix_list_id", "prefix list ID")),
            defaults=("route_table_groups", "policy"),
        ),
        EndpointKind(
            name="interface",
            api_name="Interface",
            label="interface",
            fields=frozenset(
                {
                    "service",
                    "service_name",
                    "service_region",
                    "subnet_group",
                    "security_groups",
                    "private_dns",
                    "ip_address_type",
                    "dns",
                    "addresses",
                    "service_availability_zone_ids",
                    "policy",
                    "auto_accept",
                    "connection_notifications",
                    "timeouts",
                    "shared",
                }
            ),
            targets=("service", "service_name"),
            outputs=(_ID, _ARN, _DNS, _ENIS),
            defaults=(
                "subnet_group",
                "security_groups",
                "private_dns",
                "ip_address_type",
                "dns",
                "policy",
                "shared",
            ),
        ),
        EndpointKind(
            name="gateway-load-balancer",
            api_name="GatewayLoadBalancer",
            label="Gateway Load Balancer",
            fields=frozenset(
                {
                    "service",
                    "service_name",
                    "subnet_group",
                    "ip_address_type",
                    "service_availability_zone_ids",
                    "routes",
                    "timeouts",
                }
            ),
            targets=("service", "service_name"),
            outputs=(_ID, _ARN, _ENIS),
            defaults=("subnet_group",),
        ),
        EndpointKind(
            name="resource",
            api_name="Resource",
            label="resource (VPC Lattice)",
            fields=_LATTICE_FIELDS | {"resource_configuration_arn"},
            targets=("resource_configuration_arn",),
            outputs=(_ID, _ARN, _DNS, _ENIS),
            defaults=("subnet_group", "security_groups", "private_dns", "ip_address_type"),
        ),
        EndpointKind(
            name="service-network",
            api_name="ServiceNetwork",
            label="service-network (VPC Lattice)",
            fields=_LATTICE_FIELDS | {"service_network_arn"},
            targets=("service_network_arn",),
            outputs=(_ID, _ARN, _DNS, _ENIS),
            defaults=("subnet_group", "security_groups", "private_dns", "ip_address_type"),
        ),
    )
}

assert tuple(KINDS) == ENDPOINT_TYPES
assert all(k.fields <= set(ALL_FIELDS) for k in KINDS.values())


def kind(type_name: str) -> EndpointKind:
    return KINDS[type_name]


def kinds_taking(field: str) -> tuple[EndpointKind, ...]:
    return tuple(k for k in KINDS.values() if k.takes(field))


def types_taking(field: str) -> tuple[str, ...]:
    return tuple(k.name for k in kinds_taking(field))


# Named type sets the rules and renderer ask for by meaning, not by spelling the names.
GATEWAY: EndpointType = "gateway"
INTERFACE: EndpointType = "interface"
GWLB: EndpointType = "gateway-load-balancer"
RESOURCE: EndpointType = "resource"
SERVICE_NETWORK: EndpointType = "service-network"
ENI_TYPES: tuple[str, ...] = tuple(
    k.name for k in KINDS.values() if k.takes("security_groups")
)  # interface and VPC Lattice endpoints: network interfaces behind security groups
