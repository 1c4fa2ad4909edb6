"""Pydantic v2 models of the spec language v1 (SPEC.md).

Shape and single-field formats only. Fields whose misuse has its own rule ID in RULES.md
(for example `security_groups` on a gateway endpoint, GW001/IF008) are accepted here on every
endpoint type so that the rule, not a generic "unknown key", reports them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from generator.spec.endpoint_types import (
    GWLB,
    SERVICE_NETWORK,
    EndpointType,
    GatewayLoadBalancerType,
    GatewayType,
    InterfaceType,
    ResourceType,
    ServiceNetworkType,
)
from generator.spec.types import (
    AccountId,
    AzId,
    Cidr,
    Duration,
    IPv4Address,
    IPv6Address,
    Name,
    OrganizationId,
    Route53ZoneId,
    RouteDestination,
    RouteTableId,
    SubnetId,
    TrafficSource,
    VpcEndpointId,
    VpcId,
)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


Port = Annotated[int, Field(ge=0, le=65535)]


# --- network -------------------------------------------------------------------------------


class Vpc(Model):
    id: VpcId | None = Field(None, description="VPC ID; omitted -> required module input `vpc_id`.")
    cidr_blocks: list[Cidr] = Field(
        default_factory=list,
        description="The VPC's CIDR blocks (IPv4 and IPv6); source for `from: vpc` rules. "
        "Omitted -> looked up at plan time.",
    )
    dns_support: bool = Field(True, description="The VPC has enableDnsSupport (asserted by you).")
    dns_hostnames: bool = Field(True, description="The VPC has enableDnsHostnames.")
    ipv6: bool = Field(False, description="The VPC has an IPv6 CIDR block.")


class SubnetGroup(Model):
    ids: list[SubnetId] | None = Field(None, description="Subnet IDs; omitted -> module input.")
    availability_zone_ids: list[AzId] | None = Field(
        None, description="AZ IDs (not names) of the subnets, in the same order as `ids`."
    )
    ipv4: bool = Field(True, description="The subnets have IPv4 ranges (false: IPv6-only).")
    ipv6: bool = Field(False, description="The subnets have IPv6 ranges.")


class RouteTableGroup(Model):
    ids: list[RouteTableId] | None = Field(
        None, description="Route table IDs; omitted -> module input."
    )


class Network(Model):
    vpc: Vpc = Field(default_factory=Vpc)
    subnet_groups: dict[Name, SubnetGroup] = Field(default_factory=dict)
    route_table_groups: dict[Name, RouteTableGroup] = Field(default_factory=dict)


# --- security groups -------------------------------------------------------------------------


class IngressRule(Model):
    port: Port = Field(description="First (or only) TCP/UDP port.")
    to_port: Port | None = Field(None, description="Last port of a range; default: `port`.")
    protocol: Literal["tcp", "udp"] = "tcp"
    from_: Literal["vpc"] | list[TrafficSource] = Field(
        alias="from",
        description="`vpc` (the VPC's CIDR blocks), or CIDR blocks, prefix list IDs (pl-) "
        "and security group IDs (sg-).",
    )
    description: str | None = None


class EgressRule(Model):
    port: Port
    to_port: Port | None = None
    protocol: Literal["tcp", "udp"] = "tcp"
    to: Literal["vpc"] | list[TrafficSource]
    description: str | None = None


class SecurityGroup(Model):
    description: str | None = Field(None, description="Group description (defaulted if omitted).")
    ingress: list[IngressRule] = Field(default_factory=list)
    egress: list[EgressRule] = Field(
        default_factory=list, description="Egress rules; none by default (endpoints need none)."
    )
    tags: dict[str, str] = Field(default_factory=dict)


# --- endpoint parts --------------------------------------------------------------------------


class DnsOptions(Model):
    record_ip_type: str | None = Field(
        None, description="ipv4 | dualstack | ipv6 | service-defined (dns_record_ip_type)."
    )
    inbound_resolver_only: bool | None = Field(
        None, description="private_dns_only_for_inbound_resolver_endpoint (S3 interface only)."
    )
    private_dns_preference: str | None = Field(
        None,
        description="VPC Lattice endpoints: ALL_DOMAINS | VERIFIED_DOMAINS_ONLY | "
        "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS | SPECIFIED_DOMAINS_ONLY.",
    )
    private_dns_specified_domains: list[str] | None = None


class FixedAddress(Model):
    ipv4: IPv4Address | None = None
    ipv6: IPv6Address | None = None


class Route(Model):
    route_table_group: str
    destination: RouteDestination


class PolicyFile(Model):
    file: str = Field(description="Path of a JSON/YAML policy document, relative to the spec.")


class OrganizationPreset(Model):
    preset: Literal["organization"]
    organization_id: OrganizationId


class AccountPreset(Model):
    preset: Literal["account"]
    account_ids: Annotated[list[AccountId], Field(min_length=1)]


PolicyPreset = Annotated[OrganizationPreset | AccountPreset, Field(discriminator="preset")]


def _policy_kind(value: Any) -> str:
    if isinstance(value, dict):
        if "file" in value:
            return "file"
        if "preset" in value:
            return "preset"
        return "document"
    if isinstance(value, BaseModel):
        return "file" if isinstance(value, PolicyFile) else "preset"
    return "document"


Policy = Annotated[
    Annotated[PolicyFile, Tag("file")]
    | Annotated[PolicyPreset, Tag("preset")]
    | Annotated[dict[str, Any], Tag("document")],
    Discriminator(_policy_kind),
]


class Timeouts(Model):
    """How long Terraform waits for the endpoint (the provider's defaults: 10m each)."""

    create: Duration | None = Field(None, description="e.g. 20m: wait longer for acceptance.")
    update: Duration | None = None
    delete: Duration | None = None


class ConnectionNotification(Model):
    sns_topic_arn: str
    events: list[str] = Field(description="Accept | Connect | Delete | Reject")


# --- endpoints -------------------------------------------------------------------------------


class EndpointBase(Model):
    type: EndpointType
    service: str | None = Field(None, description="Short AWS service name, e.g. ecr.api.")
    service_name: str | None = Field(None, description="Full endpoint service name.")
    service_region: str | None = Field(None, description="Cross-Region interface endpoints.")
    resource_configuration_arn: str | None = None
    service_network_arn: str | None = None
    subnet_group: str | None = None
    security_groups: list[str] | None = Field(
        None, description="Names of security_groups above, or literal sg- IDs."
    )
    route_table_groups: list[str] | None = None
    private_dns: bool | None = None
    ip_address_type: str | None = Field(None, description="ipv4 | dualstack | ipv6")
    dns: DnsOptions | None = None
    addresses: dict[str, FixedAddress] | None = Field(
        None, description="Fixed ENI addresses keyed by AZ ID of the subnet group."
    )
    service_availability_zone_ids: list[AzId] | None = Field(
        None,
        description="AZ IDs the service is offered in, when known (IF002; required knowledge "
        "for cross-Region endpoints, XR004).",
    )
    routes: list[Route] | None = None
    policy: Policy | None = None
    auto_accept: bool | None = None
    connection_notifications: list[ConnectionNotification] | None = None
    timeouts: Timeouts | None = Field(
        None, description="Terraform's create/update/delete timeouts for the endpoint."
    )
    shared: bool | None = Field(
        None,
        description="Share the endpoint with the spokes and the on-premises networks of "
        "`sharing`: private DNS off, and a private hosted zone per DNS name of the service "
        "with alias records to the endpoint, associated with this VPC and every spoke.",
    )
    tags: dict[str, str] = Field(default_factory=dict)


class GatewayEndpoint(EndpointBase):
    type: GatewayType


class InterfaceEndpoint(EndpointBase):
    type: InterfaceType


class GatewayLoadBalancerEndpoint(EndpointBase):
    type: GatewayLoadBalancerType


class ResourceEndpoint(EndpointBase):
    type: ResourceType


class ServiceNetworkEndpoint(EndpointBase):
    type: ServiceNetworkType


Endpoint = Annotated[
    GatewayEndpoint
    | InterfaceEndpoint
    | GatewayLoadBalancerEndpoint
    | ResourceEndpoint
    | ServiceNetworkEndpoint,
    Field(discriminator="type"),
]


# --- defaults --------------------------------------------------------------------------------


class GatewayDefaults(Model):
    route_table_groups: list[str] | None = None
    policy: Policy | None = None


class InterfaceDefaults(Model):
    subnet_group: str | None = None
    security_groups: list[str] | None = None
    private_dns: bool | None = None
    ip_address_type: str | None = None
    dns: DnsOptions | None = None
    policy: Policy | None = None
    shared: bool | None = Field(None, description="Share every interface endpoint (see there).")


class GatewayLoadBalancerDefaults(Model):
    subnet_group: str | None = None


class LatticeDefaults(Model):
    subnet_group: str | None = None
    security_groups: list[str] | None = None
    private_dns: bool | None = None
    ip_address_type: str | None = None


class Defaults(Model):
    gateway: GatewayDefaults = Field(default_factory=GatewayDefaults)
    interface: InterfaceDefaults = Field(default_factory=InterfaceDefaults)
    gateway_load_balancer: GatewayLoadBalancerDefaults = Field(
        default_factory=GatewayLoadBalancerDefaults, alias=GWLB
    )
    resource: LatticeDefaults = Field(default_factory=LatticeDefaults)
    service_network: LatticeDefaults = Field(default_factory=LatticeDefaults, alias=SERVICE_NETWORK)

    def for_type(self, endpoint_type: str) -> Model:
        defaults: Model = getattr(self, endpoint_type.replace("-", "_"))
        return defaults


# --- endpoint services -----------------------------------------------------------------------


class PrivateDnsVerification(Model):
    route53_zone_id: Route53ZoneId = Field(
        description="Public hosted zone of the domain; the module publishes the TXT record there."
    )


class EndpointService(Model):
    network_load_balancer_arns: list[str] | None = None
    gateway_load_balancer_arns: list[str] | None = None
    acceptance_required: bool = True
    allowed_principals: list[str] = Field(default_factory=list)
    allow_any_principal: bool = Field(
        False, description="Explicit opt-in for the '*' principal (makes the service public)."
    )
    private_dns_name: str | None = None
    private_dns_verification: PrivateDnsVerification | None = None
    accept_endpoints: list[VpcEndpointId] = Field(default_factory=list)
    supported_ip_address_types: list[str] | None = None
    load_balancer_ip_address_type: Literal["ipv4", "dualstack"] | None = Field(
        None, description="The load balancers' IP address type, when known (IP011)."
    )
    supported_regions: list[str] | None = None
    connection_notifications: list[ConnectionNotification] = Field(default_factory=list)
    tags: dict[str, str] = Field(default_factory=dict)


# --- sharing ---------------------------------------------------------------------------------


class Spoke(Model):
    vpc_id: VpcId | None = Field(
        None,
        description="The spoke VPC's ID; omitted -> the entry of this spoke's name in the "
        "module input `spoke_vpc_ids` (a map, so the spoke VPC may be created in the same "
        "apply).",
    )
    account_id: AccountId | None = Field(
        None,
        description="The spoke's AWS account when it is not the hub's: the module authorises "
        "the association in the hub's account and makes it with the provider "
        "`aws.spoke_<name>` (configuration_aliases), which the caller passes for that account.",
    )
    region: str | None = Field(
        None, description="The spoke VPC's Region; default: the spec's `region`."
    )
    dns_support: bool = Field(True, description="The spoke VPC has enableDnsSupport.")
    dns_hostnames: bool = Field(True, description="The spoke VPC has enableDnsHostnames.")


class InboundResolver(Model):
    subnet_group: str = Field(
        description="Subnet group of the hub VPC for the Resolver endpoint's addresses (one "
        "per subnet; Route 53 Resolver needs at least two, in different Availability Zones)."
    )
    allowed_cidrs: Annotated[list[Cidr], Field(min_length=1)] = Field(
        description="On-premises CIDR blocks allowed to query the endpoint (TCP and UDP 53)."
    )


class Sharing(Model):
    """Interface endpoints of this (hub) VPC shared with spoke VPCs and on-premises networks
    through Route 53 private hosted zones (AWS whitepaper "Building a Scalable and Secure
    Multi-VPC AWS Network Infrastructure", centralized access to VPC private endpoints)."""

    spokes: dict[Name, Spoke] = Field(
        default_factory=dict,
        description="Spoke VPCs that resolve the shared endpoints' names to this VPC's "
        "endpoints (they reach them over Transit Gateway or peering).",
    )
    inbound_resolver: InboundResolver | None = Field(
        None,
        description="A Route 53 Resolver inbound endpoint in this VPC, so on-premises DNS "
        "servers can forward the shared names to it.",
    )


# --- the spec --------------------------------------------------------------------------------


class TerraformSettings(Model):
    required_version: str = Field(
        ">= 1.5.0", description="Terraform version constraint (import blocks need 1.5)."
    )
    aws_provider_version: str | None = Field(
        None,
        description="hashicorp/aws version constraint. Default: the lowest release that has "
        "every feature the module uses, below the next major release.",
    )


class Spec(Model):
    version: int
    name: str
    description: str | None = None
    region: str
    partition: Literal["aws", "aws-cn", "aws-us-gov"] = "aws"
    terraform: TerraformSettings = Field(default_factory=TerraformSettings)
    tags: dict[str, str] = Field(default_factory=dict)
    network: Network = Field(default_factory=Network)
    security_groups: dict[Name, SecurityGroup] = Field(default_factory=dict)
    defaults: Defaults = Field(default_factory=Defaults)
    endpoints: dict[Name, Endpoint] = Field(default_factory=dict)
    endpoint_services: dict[Name, EndpointService] = Field(default_factory=dict)
    sharing: Sharing | None = Field(
        None, description="Spokes and on-premises networks the shared endpoints serve."
    )
    suppress: list[str] = Field(default_factory=list)
