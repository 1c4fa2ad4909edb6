"""Synthetic estates for the benchmark: many realistic, valid specs with 20 endpoints each.

Every spec follows the patterns of output-examples/*/spec.yaml and uses every feature the
generator renders: gateway endpoints (S3 with an inline policy, DynamoDB with a policy file),
interface endpoints with all three policy forms (preset, inline document, JSON file beside the
spec), an S3 interface endpoint with inbound-resolver-only DNS, a cross-Region interface
endpoint, Gateway Load Balancer endpoints with routes, a VPC Lattice resource endpoint, a
service-network endpoint, managed security groups and an NLB endpoint service with principals,
private DNS verification and notifications. IDs, CIDRs, Regions and tags vary per spec, so no
two specs render alike; each spec's `name` is unique.

    python bench/estate.py OUT --specs 3     # writes OUT/estate-0001/spec.yaml, ...
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

ENDPOINTS_PER_SPEC = 20


@dataclass(frozen=True)
class RegionPlan:
    region: str
    az_prefix: str
    # A Region whose services this one reaches over cross-Region PrivateLink.
    remote: str


REGIONS: tuple[RegionPlan, ...] = (
    RegionPlan("eu-west-1", "euw1", "us-east-1"),
    RegionPlan("us-east-1", "use1", "us-west-2"),
    RegionPlan("eu-central-1", "euc1", "eu-west-1"),
    RegionPlan("ap-southeast-2", "apse2", "us-east-1"),
    RegionPlan("us-west-2", "usw2", "us-east-1"),
    RegionPlan("eu-north-1", "eun1", "eu-west-1"),
)

# Interface endpoints that take the default policy (the organization preset). With the S3
# interface endpoint, SQS (file policy), SNS (account preset), Lambda (inline document) and the
# cross-Region KMS endpoint they make 14 interface endpoints; with 2 gateway, 2 GWLB, 1 resource
# and 1 service-network endpoint a spec has 20. `spec_text` asserts the count.
DEFAULT_POLICY_SERVICES = (
    "ecr.api",
    "ecr.dkr",
    "ssm",
    "ssmmessages",
    "ec2messages",
    "logs",
    "monitoring",
    "sts",
    "secretsmanager",
)


def spec_name(index: int) -> str:
    return f"estate-{index:04d}"


def _hex(index: int, label: str, digits: int = 17) -> str:
    """A stable pseudo-random hex string: the same index and label give the same ID."""
    return hashlib.sha256(f"{index}:{label}".encode()).hexdigest()[:digits]


def _account(index: int, label: str) -> str:
    return str(int(_hex(index, label, 12), 16) % 10**12).rjust(12, "1")


def _org(index: int) -> str:
    return "o-" + _hex(index, "org", 10)


def policy_files(index: int) -> dict[str, dict[str, object]]:
    """Relative path -> JSON policy document, written beside the spec."""
    account = _account(index, "owner")
    return {
        "policies/dynamodb-tables.json": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "TeamTablesOnly",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": [
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:Query",
                        "dynamodb:UpdateItem",
                    ],
                    "Resource": f"arn:aws:dynamodb:*:{account}:table/team{index:04d}-*",
                    "Condition": {"StringEquals": {"aws:PrincipalAccount": account}},
                }
            ],
        },
        "policies/sqs-queues.json": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "TeamQueuesOnly",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
                    "Resource": f"arn:aws:sqs:*:{account}:team{index:04d}-*",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": _org(index)}},
                }
            ],
        },
    }


def spec_text(index: int) -> str:
    """The YAML text of spec number `index` (1-based)."""
    plan = REGIONS[(index - 1) % len(REGIONS)]
    az = [f"{plan.az_prefix}-az{n}" for n in (1, 2, 3)]
    octet = index % 250
    cidr = f"10.{octet}.0.0/16"
    org = _org(index)
    owner = _account(index, "owner")
    partner = _account(index, "partner")
    consumer = _account(index, "consumer")
    team = f"team{index:04d}"

    def sub(label: str) -> str:
        return f"subnet-{_hex(index, label)}"

    def rtb(label: str) -> str:
        return f"rtb-{_hex(index, label)}"

    defaults = "\n".join(
        f"  {svc.replace('.', '-')}:\n    type: interface\n    service: {svc}"
        for svc in DEFAULT_POLICY_SERVICES
    )
    gwlb_service = f"com.amazonaws.vpce.{plan.region}.vpce-svc-{_hex(index, 'gwlb-svc')}"
    lattice = f"arn:aws:vpc-lattice:{plan.region}:{partner}"
    rcfg_arn = f"{lattice}:resourceconfiguration/rcfg-{_hex(index, 'rcfg')}"
    sn_arn = f"{lattice}:servicenetwork/sn-{_hex(index, 'sn')}"
    nlb_arn = (
        f"arn:aws:elasticloadbalancing:{plan.region}:{owner}:loadbalancer/net/{team}-api/"
        + _hex(index, "nlb", 16)
    )
    text = f"""\
# Synthetic estate spec {index} for the vpcegen benchmark (bench/estate.py): the endpoints a
# private workload VPC of {team} needs, inspection through GWLB endpoints, VPC Lattice access
# and the team's own PrivateLink service.
version: 1
name: {spec_name(index)}
description: Endpoints and PrivateLink service of {team} in {plan.region} (synthetic).
region: {plan.region}
tags:
  CostCenter: cc-{index:04d}
  Owner: {team}
  Environment: {("prod", "staging", "dev")[index % 3]}

network:
  vpc:
    id: vpc-{_hex(index, "vpc")}
    cidr_blocks: [{cidr}]
  subnet_groups:
    private:
      ids: [{sub("p1")}, {sub("p2")}, {sub("p3")}]
      availability_zone_ids: [{az[0]}, {az[1]}, {az[2]}]
    resolver:
      ids: [{sub("r1")}, {sub("r2")}]
      availability_zone_ids: [{az[0]}, {az[1]}]
    lattice:
      ids: [{sub("l1")}, {sub("l2")}]
      availability_zone_ids: [{az[1]}, {az[2]}]
    inspection-a:
      ids: [{sub("i1")}]
      availability_zone_ids: [{az[0]}]
    inspection-b:
      availability_zone_ids: [{az[1]}]
  route_table_groups:
    private:
      ids: [{rtb("p1")}, {rtb("p2")}, {rtb("p3")}]
    edge:
      ids: [{rtb("edge")}]
    workload: {{}}

security_groups:
  endpoints:
    description: HTTPS to interface endpoints from the VPC
    ingress:
      - {{port: 443, from: vpc, description: HTTPS from the {team} VPC}}
  s3-onprem:
    description: HTTPS to the S3 interface endpoint from on-premises networks
    ingress:
      - port: 443
        from: [172.16.0.0/12, 192.168.{octet}.0/24]
        description: HTTPS from on-premises over Direct Connect
  lattice:
    description: Clients in the VPC to VPC Lattice endpoints
    ingress:
      - {{port: 5432, from: vpc, description: PostgreSQL to the shared database}}
      - {{port: 443, from: vpc, description: HTTPS to services in the network}}

defaults:
  interface:
    subnet_group: private
    security_groups: [endpoints]
    policy:
      preset: organization
      organization_id: {org}

endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
    policy:
      Version: "2012-10-17"
      Statement:
        - Sid: TeamBucketsOnly
          Effect: Allow
          Principal: "*"
          Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
          Resource:
            - arn:aws:s3:::{team}-data-*
            - arn:aws:s3:::{team}-data-*/*
          Condition:
            StringEquals:
              aws:PrincipalOrgID: {org}
        - Sid: PerUserPrefix
          Effect: Allow
          Principal: "*"
          Action: s3:GetObject
          Resource: arn:aws:s3:::{team}-home/${{aws:username}}/*
  dynamodb:
    type: gateway
    service: dynamodb
    route_table_groups: [private]
    policy: {{file: policies/dynamodb-tables.json}}
  s3-interface:
    type: interface
    service: s3
    subnet_group: resolver
    security_groups: [s3-onprem]
    private_dns: true
    dns:
      inbound_resolver_only: true
{defaults}
  sqs:
    type: interface
    service: sqs
    policy: {{file: policies/sqs-queues.json}}
  sns:
    type: interface
    service: sns
    policy:
      preset: account
      account_ids: ["{owner}", "{partner}"]
  lambda:
    type: interface
    service: lambda
    policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: lambda:InvokeFunction
          Resource: arn:aws:lambda:{plan.region}:{owner}:function:{team}-*
  kms-{plan.remote}:
    type: interface
    service: kms
    service_region: {plan.remote}
    service_availability_zone_ids: [{az[0]}, {az[1]}, {az[2]}]
    private_dns: false
    tags:
      Purpose: cross-region-keys
  inspect-a:
    type: gateway-load-balancer
    service_name: {gwlb_service}
    subnet_group: inspection-a
    routes:
      - {{route_table_group: edge, destination: 10.{octet}.16.0/20}}
      - {{route_table_group: private, destination: 0.0.0.0/0}}
  inspect-b:
    type: gateway-load-balancer
    service_name: {gwlb_service}
    subnet_group: inspection-b
    routes:
      - {{route_table_group: workload, destination: 0.0.0.0/0}}
      - {{route_table_group: workload, destination: 100.64.{octet}.0/24}}
  orders-db:
    type: resource
    resource_configuration_arn: {rcfg_arn}
    subnet_group: lattice
    security_groups: [lattice]
  apps-network:
    type: service-network
    service_network_arn: {sn_arn}
    subnet_group: lattice
    security_groups: [lattice]
    private_dns: true
    dns:
      private_dns_preference: VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS
      private_dns_specified_domains: ["*.{team}.internal.example.com"]

endpoint_services:
  {team}-api:
    network_load_balancer_arns:
      - {nlb_arn}
    load_balancer_ip_address_type: dualstack
    acceptance_required: true
    allowed_principals:
      - arn:aws:iam::{partner}:root
      - arn:aws:iam::{consumer}:role/{team}-consumer
    private_dns_name: api.{team}.example.com
    private_dns_verification:
      route53_zone_id: Z{_hex(index, "zone", 20).upper()}
    accept_endpoints: [vpce-{_hex(index, "vpce")}]
    supported_ip_address_types: [ipv4, ipv6]
    supported_regions: [{plan.region}, {plan.remote}]
    connection_notifications:
      - sns_topic_arn: arn:aws:sns:{plan.region}:{owner}:{team}-vpce-events
        events: [Connect, Accept, Reject, Delete]
    tags:
      DataClass: confidential
"""
    count = (
        text.split("\nendpoints:\n", 1)[1]
        .split("\nendpoint_services:\n", 1)[0]
        .count("\n    type: ")
    )
    assert count == ENDPOINTS_PER_SPEC, f"spec {index} has {count} endpoints"
    return text


def write_spec(folder: Path, index: int) -> Path:
    """Write spec `index` and its policy files into `folder/<name>/`; return the spec path."""
    target = folder / spec_name(index)
    (target / "policies").mkdir(parents=True, exist_ok=True)
    for rel, doc in policy_files(index).items():
        (target / rel).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    spec = target / "spec.yaml"
    spec.write_text(spec_text(index), encoding="utf-8")
    return spec


def write_estate(folder: Path, count: int, start: int = 1) -> list[Path]:
    """Write `count` specs (numbered from `start`) under `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_spec(folder, i) for i in range(start, start + count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder that receives one folder per spec")
    parser.add_argument("--specs", type=int, default=3, help="number of specs (default 3)")
    args = parser.parse_args()
    paths = write_estate(args.out, args.specs)
    print(f"wrote {len(paths)} specs ({len(paths) * ENDPOINTS_PER_SPEC} endpoints) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
