"""Pydantic v2 models of the spec language v1 (docs/spec-language.md is generated from them).

Shape and single-field formats only. Fields whose misuse has its own rule ID in RULES.md
(for example `security_groups` on a gateway endpoint, GW001/IF008) are accepted here on every
endpoint type so that the rule, not a generic "unknown key", reports them.

Annotations here are objects, not strings (no `from __future__ import annotations`): pydantic
would evaluate some 170 strings when it builds the classes, a tenth of their start-up cost.
Each model builds its validator at first use (`defer_build`), so only `Spec`'s is built.
"""

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
    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, populate_by_name=True, defer_build=True
    )


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
    edge: bool = Field(
        False,
        description="The tables are gateway (edge) route tables, associated with an internet "
        "or virtual private gateway for ingress routing: they take only destinations inside "
        "the VPC (GWLB011).",
    )


class Network(Model):
    vpc: Vpc = Field(default_factory=Vpc, description="The VPC the endpoints are created in.")
    subnet_groups: dict[Name, SubnetGroup] = Field(
        default_factory=dict,
        description="Named sets of subnets that endpoints place network interfaces in.",
    )
    route_table_groups: dict[Name, RouteTableGroup] = Field(
        default_factory=dict,
        description="Named sets of route tables for gateway endpoints and GWLB endpoint routes.",
    )


# --- security groups -------------------------------------------------------------------------


class IngressRule(Model):
    port: Port = Field(description="First (or only) TCP/UDP port.")
    to_port: Port | None = Field(None, description="Last port of a range; default: `port`.")
    protocol: Literal["tcp", "udp"] = Field("tcp", description="IP protocol of the rule.")
    from_: Literal["vpc"] | list[TrafficSource] = Field(
        alias="from",
        description="`vpc` (the VPC's CIDR blocks), or CIDR blocks, prefix list IDs (pl-) "
        "and security group IDs (sg-).",
    )
    description: str | None = Field(None, description="Rule description (defaulted if omitted).")


class EgressRule(Model):
    port: Port = Field(description="First (or only) TCP/UDP port.")
    to_port: Port | None = Field(None, description="Last port of a range; default: `port`.")
    protocol: Literal["tcp", "udp"] = Field("tcp", description="IP protocol of the rule.")
    to: Literal["vpc"] | list[TrafficSource] = Field(
        description="`vpc` (the VPC's CIDR blocks), or CIDR blocks, prefix list IDs (pl-) "
        "and security group IDs (sg-)."
    )
    description: str | None = Field(None, description="Rule description (defaulted if omitted).")


class SecurityGroup(Model):
    description: str | None = Field(None, description="Group description (defaulted if omitted).")
    ingress: list[IngressRule] = Field(
        default_factory=list, description="Inbound rules; none by default (nothing gets in)."
    )
    egress: list[EgressRule] = Field(
        default_factory=list, description="Egress rules; none by default (endpoints need none)."
    )
    tags: dict[str, str] = Field(default_factory=dict, description="Tags of the security group.")


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
    private_dns_specified_domains: list[str] | None = Field(
        None,
        description="VPC Lattice endpoints: the domains private DNS covers with the "
        "SPECIFIED_DOMAINS preferences.",
    )


class FixedAddress(Model):
    ipv4: IPv4Address | None = Field(None, description="IPv4 address of the network interface.")
    ipv6: IPv6Address | None = Field(None, description="IPv6 address of the network interface.")


class Route(Model):
    route_table_group: str = Field(
        description="Name of a `network.route_table_groups` entry whose tables get the route."
    )
    destination: RouteDestination = Field(
        description="Traffic to send through the endpoint: a CIDR block or a prefix list ID."
    )


class PolicyFile(Model):
    file: str = Field(description="Path of a JSON/YAML policy document, relative to the spec.")


class OrganizationPreset(Model):
    preset: Literal["organization"] = Field(
        description="Allow only principals of one AWS Organization (aws:PrincipalOrgID)."
    )
    organization_id: OrganizationId = Field(description="The AWS Organizations ID.")


class AccountPreset(Model):
    preset: Literal["account"] = Field(
        description="Allow only principals of the listed accounts (aws:PrincipalAccount)."
    )
    account_ids: Annotated[list[AccountId], Field(min_length=1)] = Field(
        description="The AWS account IDs (at least one)."
    )


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
    update: Duration | None = Field(None, description="e.g. 20m.")
    delete: Duration | None = Field(None, description="e.g. 20m.")


class ConnectionNotification(Model):
    sns_topic_arn: str = Field(description="ARN of the SNS topic that receives the events.")
    events: list[str] = Field(description="Accept | Connect | Delete | Reject")


# --- endpoints -------------------------------------------------------------------------------


class EndpointBase(Model):
    type: EndpointType = Field(description="What kind of endpoint this is; decides its keys.")
    service: str | None = Field(None, description="Short AWS service name, e.g. ecr.api.")
    service_name: str | None = Field(None, description="Full endpoint service name.")
    service_region: str | None = Field(None, description="Cross-Region interface endpoints.")
    resource_configuration_arn: str | None = Field(
        None, description="ARN of the VPC Lattice resource configuration to reach."
    )
    service_network_arn: str | None = Field(
        None, description="ARN of the VPC Lattice service network to join."
    )
    subnet_group: str | None = Field(
        None, description="Name of a `network.subnet_groups` entry for the network interfaces."
    )
    security_groups: list[str] | None = Field(
        None, description="Names of security_groups above, or literal sg- IDs."
    )
    route_table_groups: list[str] | None = Field(
        None, description="Names of `network.route_table_groups` entries to add the routes to."
    )
    private_dns: bool | None = Field(
        None,
        description="Private DNS names for the endpoint; default: true for AWS `service` "
        "endpoints, false for `service_name` ones.",
    )
    ip_address_type: str | None = Field(None, description="ipv4 | dualstack | ipv6")
    dns: DnsOptions | None = Field(None, description="DNS options of the endpoint.")
    addresses: dict[str, FixedAddress] | None = Field(
        None, description="Fixed ENI addresses keyed by AZ ID of the subnet group."
    )
    service_availability_zone_ids: list[AzId] | None = Field(
        None,
        description="AZ IDs the service is offered in, when known (IF002; required knowledge "
        "for cross-Region endpoints, XR004).",
    )
    routes: list[Route] | None = Field(
        None, description="Routes that send traffic through the endpoint."
    )
    policy: Policy | None = Field(
        None, description="Endpoint policy: an IAM policy document, a file, or a preset."
    )
    auto_accept: bool | None = Field(
        None, description="Accept the endpoint automatically (endpoint services you own)."
    )
    connection_notifications: list[ConnectionNotification] | None = Field(
        None, description="SNS notifications of the endpoint's connection events."
    )
    timeouts: Timeouts | None = Field(
        None, description="Terraform's create/update/delete timeouts for the endpoint."
    )
    shared: bool | None = Field(
        None,
        description="Share the endpoint with the spokes and the on-premises networks of "
        "`sharing`: private DNS off, and a private hosted zone per DNS name of the service "
        "with alias records to the endpoint, associated with this VPC and every spoke.",
    )
    tags: dict[str, str] = Field(
        default_factory=dict, description="Tags of the endpoint (added to the spec's tags)."
    )


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


class HealthCheck(Model):
    """A target group's health check (the provider's `health_check` block)."""

    protocol: Literal["TCP", "HTTP", "HTTPS"] | None = Field(
        None, description="TCP | HTTP | HTTPS; default TCP (HTTP or HTTPS for alb targets)."
    )
    port: Port | Literal["traffic-port"] | None = Field(
        None, description="Port to check, or `traffic-port` (the default)."
    )
    path: str | None = Field(None, description="HTTP/HTTPS only: the path to request.")
    matcher: str | None = Field(
        None, description="HTTP/HTTPS only: success codes, e.g. 200-399 (200-599 allowed)."
    )
    interval: int | None = Field(None, description="Seconds between checks (5-300).")
    timeout: int | None = Field(None, description="Seconds without a response that fail (2-120).")
    healthy_threshold: int | None = Field(None, description="Successes to be healthy (2-10).")
    unhealthy_threshold: int | None = Field(None, description="Failures to be unhealthy (2-10).")


class Target(Model):
    id: str = Field(
        description="An instance ID (target_type instance), an IP address (ip) or an "
        "Application Load Balancer ARN (alb)."
    )
    port: Port | None = Field(None, description="Port on the target; default: the group's.")
    availability_zone: str | None = Field(
        None, description="`all` for IP targets outside the VPC (peered or on premises)."
    )


LbProtocol = Literal["TCP", "TLS", "UDP", "TCP_UDP"]


class TargetGroup(Model):
    target_type: Literal["instance", "ip", "alb"] = Field(
        "instance", description="instance | ip | alb (one Application Load Balancer)."
    )
    port: Port = Field(description="Port the targets receive traffic on (an alb: its listener).")
    protocol: LbProtocol = Field("TCP", description="TCP | TLS | UDP | TCP_UDP (alb: TCP).")
    ip_address_type: Literal["ipv4", "ipv6"] | None = Field(
        None, description="ipv4 (default) | ipv6 (ip targets of a dualstack NLB)."
    )
    name: str | None = Field(
        None,
        description="Target group name (32 characters, letters, digits, hyphens). Omitted: "
        "the provider makes a unique one, so a replacement can be created before the old "
        "group is deleted.",
    )
    proxy_protocol_v2: bool = Field(
        False,
        description="Send a PROXY protocol v2 header (consumer address, VPC endpoint ID) to "
        "the targets, which must parse it (ES006).",
    )
    preserve_client_ip: bool | None = Field(
        None, description="Client IP preservation (no effect on PrivateLink traffic, NLB008)."
    )
    deregistration_delay: int | None = Field(
        None, description="Seconds to drain a deregistered target (0-3600; AWS default 300)."
    )
    health_check: HealthCheck | None = Field(
        None, description="How the load balancer checks the targets (AWS defaults if omitted)."
    )
    targets: list[Target] | None = Field(
        None,
        description="Targets to register. Omitted: registered by the caller (or an Auto "
        "Scaling group / ECS service) with the target group ARN the module outputs.",
    )
    tags: dict[str, str] = Field(
        default_factory=dict, description="Tags of the target group (added to the spec's tags)."
    )


class Listener(Model):
    port: Port = Field(description="Port consumers connect to.")
    protocol: LbProtocol = Field("TCP", description="TCP | TLS | UDP | TCP_UDP.")
    target_group: str = Field(description="Name of a target group of this load balancer.")
    certificate_arn: str | None = Field(None, description="TLS listeners: ACM certificate ARN.")
    ssl_policy: str | None = Field(
        None,
        description="TLS listeners: security policy. Default: "
        "ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.3 and 1.2).",
    )


class AccessLogs(Model):
    enabled: bool = Field(True, description="false: no access logs (a choice the spec makes).")
    bucket: str | None = Field(None, description="S3 bucket for the logs (TLS listeners only).")
    prefix: str | None = Field(None, description="Key prefix of the log objects in the bucket.")


class NetworkLoadBalancer(Model):
    """The endpoint service's own internal Network Load Balancer, created by the module."""

    name: str | None = Field(
        None,
        description="Load balancer name (32 characters, letters, digits, hyphens). Default: "
        "<module name>-<service key>.",
    )
    subnet_group: str = Field(description="Subnet group to place it in, one subnet per AZ.")
    ip_address_type: Literal["ipv4", "dualstack"] = Field(
        "ipv4", description="ipv4 | dualstack (needed to offer ipv6, IP011)."
    )
    security_groups: list[str] | None = Field(
        None,
        description="Names of security_groups above, or sg- IDs. An NLB created without "
        "security groups can never get one (AWS), so the provider replaces it then.",
    )
    enforce_security_group_inbound_rules_on_private_link_traffic: bool | None = Field(
        None,
        description="Whether the security groups' inbound rules also filter PrivateLink "
        "traffic (provider: on/off; AWS default on).",
    )
    cross_zone_load_balancing: bool = Field(
        True,
        description="Cross-zone load balancing. vpcegen turns it on (AWS's NLB default is "
        "off): a consumer's endpoint reaches the NLB node of its own AZ, which without it "
        "serves only that AZ's targets.",
    )
    deletion_protection: bool = Field(True, description="enable_deletion_protection.")
    access_logs: AccessLogs | None = Field(
        None, description="Access logs to S3 (NLBs log TLS connections only)."
    )
    listeners: list[Listener] = Field(
        min_length=1, description="The listeners: port, protocol and target group."
    )
    target_groups: dict[Name, TargetGroup] = Field(
        min_length=1, description="Target groups, by name (listeners refer to them)."
    )
    tags: dict[str, str] = Field(
        default_factory=dict, description="Tags of the load balancer (added to the spec's tags)."
    )


class EndpointService(Model):
    network_load_balancer_arns: list[str] | None = Field(
        None, description="ARNs of the Network Load Balancers behind the service."
    )
    network_load_balancer: NetworkLoadBalancer | None = Field(
        None,
        description="The Network Load Balancer the module creates for this service "
        "(instead of network_load_balancer_arns).",
    )
    consumer_availability_zone_ids: list[AzId] | None = Field(
        None,
        description="AZ IDs your consumers' endpoints use, when known: the load balancer "
        "must be in each (ES005).",
    )
    gateway_load_balancer_arns: list[str] | None = Field(
        None, description="ARNs of the Gateway Load Balancers behind the service."
    )
    acceptance_required: bool = Field(
        True, description="Connection requests from consumers must be accepted."
    )
    allowed_principals: list[str] = Field(
        default_factory=list,
        description="ARNs of the principals (accounts, roles, users) that may connect.",
    )
    allow_any_principal: bool = Field(
        False, description="Explicit opt-in for the '*' principal (makes the service public)."
    )
    private_dns_name: str | None = Field(
        None, description="Private DNS name consumers' endpoints resolve (a domain you own)."
    )
    private_dns_verification: PrivateDnsVerification | None = Field(
        None, description="Publish the domain verification TXT record in Route 53."
    )
    accept_endpoints: list[VpcEndpointId] = Field(
        default_factory=list, description="Consumer endpoints to accept."
    )
    supported_ip_address_types: list[str] | None = Field(
        None, description="ipv4 | ipv6: the IP address types the service accepts."
    )
    load_balancer_ip_address_type: Literal["ipv4", "dualstack"] | None = Field(
        None, description="The load balancers' IP address type, when known (IP011)."
    )
    supported_regions: list[str] | None = Field(
        None, description="Regions consumers may connect from (cross-Region PrivateLink)."
    )
    connection_notifications: list[ConnectionNotification] = Field(
        default_factory=list, description="SNS notifications of connection events."
    )
    tags: dict[str, str] = Field(
        default_factory=dict, description="Tags of the service (added to the spec's tags)."
    )


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
    version: int = Field(description="Version of the spec language: 1.")
    name: str = Field(description="Name of the module folder the spec renders to; unique in a run.")
    description: str | None = Field(None, description="What the module is for.")
    region: str = Field(description="AWS Region of the VPC, e.g. eu-west-1.")
    partition: Literal["aws", "aws-cn", "aws-us-gov"] = Field(
        "aws", description="AWS partition of the Region."
    )
    terraform: TerraformSettings = Field(
        default_factory=TerraformSettings, description="Terraform and provider versions."
    )
    tags: dict[str, str] = Field(
        default_factory=dict, description="Tags of every taggable resource of the module."
    )
    network: Network = Field(
        default_factory=Network, description="The VPC, its subnets and route tables."
    )
    security_groups: dict[Name, SecurityGroup] = Field(
        default_factory=dict, description="Security groups the module creates, by name."
    )
    defaults: Defaults = Field(
        default_factory=Defaults, description="Settings for every endpoint of a type."
    )
    endpoints: dict[Name, Endpoint] = Field(
        default_factory=dict, description="VPC endpoints, by name (the Terraform resource name)."
    )
    endpoint_services: dict[Name, EndpointService] = Field(
        default_factory=dict,
        description="PrivateLink endpoint services this VPC offers to others, by name.",
    )
    sharing: Sharing | None = Field(
        None, description="Spokes and on-premises networks the shared endpoints serve."
    )
    suppress: list[str] = Field(
        default_factory=list,
        description="IDs of warnings this spec accepts knowingly (errors cannot be suppressed).",
    )
