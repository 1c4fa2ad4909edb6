"""The example specs of the language reference (docs/spec-language.md).

Each is a whole spec that loads and passes every rule without a finding (tests/spec/
test_reference.py checks the copies in the generated page), and together they use every key:
the reference's "example" column quotes each key's value from them. A file a spec refers to
is listed in EXAMPLE_FILES.
"""

from __future__ import annotations

TOP = """\
version: 1
name: shared-services-endpoints
description: Endpoints for the shared-services VPC in eu-west-1
region: eu-west-1
partition: aws
terraform:
  required_version: ">= 1.5.0"
  aws_provider_version: ">= 6.0, < 7.0"
tags:
  CostCenter: network
suppress: [POL011]            # this spec knowingly leaves AWS's full-access default policy
network:
  route_table_groups:
    private: {}
endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
"""

NETWORK = """\
version: 1
name: network-example
region: eu-west-1
network:
  vpc:
    id: vpc-0123456789abcdef0          # omit it: the module takes var.vpc_id
    cidr_blocks: [10.20.0.0/16]
    dns_support: true
    dns_hostnames: true
    ipv6: false
  subnet_groups:
    private:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]   # omit: var.private_subnet_ids
      availability_zone_ids: [euw1-az1, euw1-az2]                 # same order as ids
      ipv4: true
      ipv6: false
  route_table_groups:
    private:
      ids: [rtb-0123456789abcdef0]
security_groups:
  endpoints:
    ingress: [{port: 443, from: vpc}]
endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
  sts:
    type: interface
    service: sts
    subnet_group: private
    security_groups: [endpoints]
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
"""

SECURITY_GROUPS = """\
version: 1
name: security-groups-example
region: eu-west-1
network:
  vpc: {id: vpc-0123456789abcdef0, cidr_blocks: [10.20.0.0/16]}
  subnet_groups:
    private: {availability_zone_ids: [euw1-az1, euw1-az2]}
security_groups:
  endpoints:
    description: HTTPS to interface endpoints from the VPC and the office
    ingress:
      - {port: 443, from: vpc, description: HTTPS from the VPC}
      - port: 8443
        to_port: 8444
        protocol: tcp
        from: [192.0.2.0/24, pl-0123456789abcdef0, sg-0123456789abcdef0]
        description: Admin ports from the office
    egress:
      - {port: 53, protocol: udp, to: vpc, description: DNS to the VPC resolver}
      - {port: 1024, to_port: 65535, to: [10.20.0.0/16], description: Replies}
    tags: {Purpose: endpoints}
endpoints:
  ssm:
    type: interface
    service: ssm
    subnet_group: private
    security_groups: [endpoints]
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
"""

DEFAULTS = """\
version: 1
name: defaults-example
region: eu-west-1
network:
  vpc: {id: vpc-0123456789abcdef0, cidr_blocks: [10.20.0.0/16]}
  subnet_groups:
    private: {availability_zone_ids: [euw1-az1, euw1-az2]}
    inspection: {availability_zone_ids: [euw1-az1]}
  route_table_groups:
    private: {}
security_groups:
  endpoints:
    ingress: [{port: 443, from: vpc}]
defaults:                      # each endpoint of the type takes these unless it sets its own
  gateway:
    route_table_groups: [private]
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
  interface:
    subnet_group: private
    security_groups: [endpoints]
    private_dns: true
    ip_address_type: ipv4
    dns: {record_ip_type: ipv4}
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
  gateway-load-balancer:
    subnet_group: inspection
  resource:
    subnet_group: private
    security_groups: [endpoints]
    private_dns: true
    ip_address_type: ipv4
  service-network:
    subnet_group: private
    security_groups: [endpoints]
    private_dns: false
    ip_address_type: ipv4
endpoints:
  s3: {type: gateway, service: s3}
  ecr-api: {type: interface, service: ecr.api}
"""

ENDPOINTS = """\
version: 1
name: endpoints-example
region: eu-west-1
network:
  vpc: {id: vpc-0123456789abcdef0, cidr_blocks: [10.20.0.0/16, 2001:db8:1234:1a00::/56], ipv6: true}
  subnet_groups:
    private:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
      availability_zone_ids: [euw1-az1, euw1-az2]
      ipv6: true
    inspection:
      ids: [subnet-0123abcd4567ef890]
      availability_zone_ids: [euw1-az3]
  route_table_groups:
    private: {ids: [rtb-0123456789abcdef0], edge: false}  # edge: an IGW edge (ingress) table
    ingress: {ids: [rtb-0fedcba9876543210]}
security_groups:
  endpoints:
    ingress: [{port: 443, from: vpc}]
endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
    ip_address_type: ipv4
    dns: {record_ip_type: ipv4}
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
  s3-onprem:
    type: interface
    service: s3
    subnet_group: private
    security_groups: [endpoints]
    private_dns: true
    dns: {inbound_resolver_only: true}     # on-premises clients resolve through the endpoint
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
  ecr-dkr:
    type: interface
    service: ecr.dkr
    subnet_group: private
    security_groups: [endpoints]
    ip_address_type: ipv4
    addresses:                             # fixed addresses, by the AZ ID of each subnet
      euw1-az1: {ipv4: 10.20.1.10}
      euw1-az2: {ipv4: 10.20.2.10}
    timeouts: {create: 20m, update: 20m, delete: 30m}
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
    tags: {Team: build}
  ssm:
    type: interface
    service: ssm
    subnet_group: private
    security_groups: [endpoints]
    ip_address_type: dualstack
    dns: {record_ip_type: dualstack}
    addresses:
      euw1-az1: {ipv4: 10.20.1.11, ipv6: "2001:db8:1234:1a00::11"}
      euw1-az2: {ipv4: 10.20.2.11, ipv6: "2001:db8:1234:1a01::11"}
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
  partner-api:
    type: interface
    service_name: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    service_region: us-east-1              # a cross-Region endpoint
    service_availability_zone_ids: [euw1-az1, euw1-az2]
    subnet_group: private
    security_groups: [endpoints]
    private_dns: false
    auto_accept: false
    connection_notifications:
      - sns_topic_arn: arn:aws:sns:eu-west-1:111122223333:vpce-events
        events: [Accept, Reject]
  firewall:
    type: gateway-load-balancer
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210
    subnet_group: inspection               # exactly one subnet
    service_availability_zone_ids: [euw1-az3]
    routes:
      - {route_table_group: ingress, destination: 10.20.0.0/16}
  lattice-db:
    type: resource
    resource_configuration_arn: >-
      arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0
    subnet_group: private
    security_groups: [endpoints]
    private_dns: true
    dns:
      private_dns_preference: SPECIFIED_DOMAINS_ONLY
      private_dns_specified_domains: [db.example.com]
  lattice-net:
    type: service-network
    service_network_arn: >-
      arn:aws:vpc-lattice:eu-west-1:111122223333:servicenetwork/sn-0123456789abcdef0
    subnet_group: private
    security_groups: [endpoints]
    ip_address_type: ipv4
"""

POLICY = """\
version: 1
name: policy-example
region: eu-west-1
network:
  route_table_groups:
    private: {}
  subnet_groups:
    private: {availability_zone_ids: [euw1-az1, euw1-az2]}
security_groups:
  endpoints:
    ingress: [{port: 443, from: vpc}]
defaults:
  interface:
    subnet_group: private
    security_groups: [endpoints]
    policy: {preset: account, account_ids: ["111122223333", "444455556666"]}
endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
  dynamodb:
    type: gateway
    service: dynamodb
    route_table_groups: [private]
    policy:                                   # an IAM policy document, inline
      Version: "2012-10-17"
      Statement:
        - Sid: ReadOurTables
          Effect: Allow
          Principal: "*"
          Action: ["dynamodb:GetItem", "dynamodb:Query"]
          Resource: ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"]
          Condition:
            StringEquals: {aws:PrincipalOrgID: o-a1b2c3d4e5}
  ecr-api:
    type: interface
    service: ecr.api
    policy: {file: policies/ecr.json}         # relative to the spec file
  sts:
    type: interface
    service: sts                              # takes the account preset from defaults
"""

ENDPOINT_SERVICES = """\
version: 1
name: endpoint-services-example
region: eu-west-1
endpoint_services:
  orders-api:
    network_load_balancer_arns:
      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/orders/0123456789abcdef
    load_balancer_ip_address_type: ipv4
    acceptance_required: true
    allowed_principals: ["arn:aws:iam::444455556666:root"]
    allow_any_principal: false
    private_dns_name: orders.example.com
    private_dns_verification: {route53_zone_id: Z0123456789ABCDEFGHIJ}
    accept_endpoints: [vpce-0123456789abcdef0]
    supported_ip_address_types: [ipv4]
    supported_regions: [eu-west-1, eu-central-1]
    connection_notifications:
      - sns_topic_arn: arn:aws:sns:eu-west-1:111122223333:vpce-events
        events: [Connect, Accept, Reject, Delete]
    tags: {Service: orders}
  inspection:
    gateway_load_balancer_arns:
      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/gwy/fw/0123456789abcdef
    allowed_principals: ["arn:aws:iam::444455556666:root"]
"""

LOAD_BALANCER = """\
version: 1
name: nlb-example
region: eu-west-1
network:
  vpc: {id: vpc-0123456789abcdef0, cidr_blocks: [10.0.0.0/16, "2001:db8:1234::/56"], ipv6: true}
  subnet_groups:
    nlb:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
      availability_zone_ids: [euw1-az1, euw1-az2]
      ipv6: true
security_groups:
  nlb:
    description: TLS to the NLB from the VPC
    ingress: [{port: 443, from: vpc}]
    egress: [{port: 8443, to: vpc}]
endpoint_services:
  payments:
    network_load_balancer:
      name: payments-privatelink
      subnet_group: nlb
      ip_address_type: dualstack
      security_groups: [nlb]
      enforce_security_group_inbound_rules_on_private_link_traffic: false
      cross_zone_load_balancing: true
      deletion_protection: true
      access_logs: {enabled: true, bucket: nlb-access-logs, prefix: payments}
      listeners:
        - port: 443
          protocol: TLS
          certificate_arn: >-
            arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0
          ssl_policy: ELBSecurityPolicy-TLS13-1-2-2021-06
          target_group: app
      target_groups:
        app:
          name: payments-app
          target_type: ip
          port: 8443
          protocol: TLS
          ip_address_type: ipv4
          proxy_protocol_v2: false
          preserve_client_ip: false
          deregistration_delay: 120
          health_check:
            protocol: HTTPS
            port: 8443
            path: /healthz
            matcher: 200-399
            interval: 10
            timeout: 5
            healthy_threshold: 3
            unhealthy_threshold: 3
          targets:
            - {id: 10.0.1.10, port: 8443, availability_zone: euw1-az1}
          tags: {Tier: app}
      tags: {Tier: edge}
    consumer_availability_zone_ids: [euw1-az1, euw1-az2]
    allowed_principals: ["arn:aws:iam::444455556666:root"]
    supported_ip_address_types: [ipv4, ipv6]
"""

SHARING = """\
version: 1
name: sharing-example
region: eu-west-1
network:
  vpc: {id: vpc-0123456789abcdef0, cidr_blocks: [10.0.0.0/16]}
  subnet_groups:
    endpoints:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
      availability_zone_ids: [euw1-az1, euw1-az2]
security_groups:
  endpoints:
    ingress:
      - {port: 443, from: vpc}
      - {port: 443, from: [10.64.0.0/16, 192.168.0.0/16]}
defaults:
  interface:
    shared: true
endpoints:
  sts:
    type: interface
    service: sts
    subnet_group: endpoints
    security_groups: [endpoints]
    shared: true
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
sharing:
  spokes:
    workloads:
      vpc_id: vpc-0fedcba9876543210
      account_id: "222233334444"
      region: eu-west-1
      dns_support: true
      dns_hostnames: true
  inbound_resolver:
    subnet_group: endpoints
    allowed_cidrs: [192.168.0.0/16]
"""

EXAMPLES: dict[str, str] = {
    "top": TOP,
    "network": NETWORK,
    "security_groups": SECURITY_GROUPS,
    "defaults": DEFAULTS,
    "endpoints": ENDPOINTS,
    "policy": POLICY,
    "endpoint_services": ENDPOINT_SERVICES,
    "load_balancer": LOAD_BALANCER,
    "sharing": SHARING,
}

# Files the examples refer to, relative to the spec: {path: content}.
EXAMPLE_FILES: dict[str, str] = {
    "policies/ecr.json": """\
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"],
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    }
  ]
}
""",
}
