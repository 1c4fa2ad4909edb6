"""Between Terraform state and AWS's description, for the import round trip.

:func:`describe_state` prints what ``aws ec2 describe-*`` would print for the objects an apply
with the stand-in provider created (and the VPC and subnets of the plan inputs), so the
importer reads a description of what ``generate`` makes. :func:`world_objects` goes the other
way: the objects "AWS" holds for a hand-built description, as the real provider reads them
on import (``name_prefix`` from the name as ``create.NamePrefixFromName`` does, policies as
JSON text, tags in ``tags_all``), for :meth:`Workspace.add_existing`.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from tests.support.plan_inputs import PlanInputs

# The provider names prefixed objects <prefix><26-digit unique ID> (id.UniqueIDSuffixLength).
_UNIQUE = re.compile(r"[0-9a-f]{26}$")


def _tags(values: dict[str, Any] | None) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted((values or {}).items())]


def _unique_suffix(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:26]


def _instances(state: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for res in state.get("resources", []):
        if res.get("mode") != "managed":
            continue
        for inst in res.get("instances", []):
            out.append((res["type"], inst["attributes"]))
    return out


def describe_state(state: dict[str, Any], inputs: PlanInputs) -> dict[str, str]:
    """File name -> JSON text, one file per describe command."""
    endpoints, groups, rules, services, notes, tables = [], [], [], [], [], {}
    principals: dict[str, list[dict[str, Any]]] = {}
    group_names: dict[str, str] = {}
    for type_name, a in _instances(state):
        if type_name == "aws_security_group":
            name = a["name"]
            prefix = a.get("name_prefix")
            if prefix and not (name.startswith(prefix) and _UNIQUE.search(name)):
                name = prefix + _unique_suffix(a["id"])  # what AWS and the provider make
            group_names[a["id"]] = name
            groups.append(
                {
                    "GroupId": a["id"],
                    "GroupName": name,
                    "Description": a["description"],
                    "VpcId": a["vpc_id"],
                    "OwnerId": a.get("owner_id"),
                    "IpPermissions": [],
                    "IpPermissionsEgress": [],
                    "Tags": _tags(a.get("tags_all")),
                }
            )
    for type_name, a in _instances(state):
        if type_name == "aws_vpc_endpoint":
            dns = (a.get("dns_options") or [{}])[0] or {}
            entry: dict[str, Any] = {
                "VpcEndpointId": a["id"],
                "VpcEndpointType": a["vpc_endpoint_type"],
                "VpcId": a["vpc_id"],
                "State": a.get("state") or "available",
                "RouteTableIds": sorted(a.get("route_table_ids") or []),
                "SubnetIds": sorted(a.get("subnet_ids") or []),
                "Groups": [
                    {"GroupId": g, "GroupName": group_names.get(g, g)}
                    for g in sorted(a.get("security_group_ids") or [])
                ],
                "IpAddressType": a.get("ip_address_type") or "ipv4",
                "PrivateDnsEnabled": bool(a.get("private_dns_enabled")),
                "RequesterManaged": False,
                "NetworkInterfaceIds": a.get("network_interface_ids") or [],
                "Tags": _tags(a.get("tags_all")),
                "OwnerId": "123456789012",
            }
            for key, attr in (
                ("ServiceName", "service_name"),
                ("ResourceConfigurationArn", "resource_configuration_arn"),
                ("ServiceNetworkArn", "service_network_arn"),
            ):
                if a.get(attr):
                    entry[key] = a[attr]
            home = re.match(
                r"(?:cn\.)?com\.amazonaws\.(?:vpce\.)?([a-z]+-[a-z]+-\d+)\.",
                a.get("service_name") or "",
            )
            if a["vpc_endpoint_type"] != "Gateway":  # AWS reports the service's home Region
                entry["ServiceRegion"] = home.group(1) if home else inputs.region
            if a["vpc_endpoint_type"] in ("Gateway", "Interface") and a.get("policy"):
                entry["PolicyDocument"] = a["policy"]
            options = {}
            for key, attr in (
                ("DnsRecordIpType", "dns_record_ip_type"),
                (
                    "PrivateDnsOnlyForInboundResolverEndpoint",
                    "private_dns_only_for_inbound_resolver_endpoint",
                ),
                ("PrivateDnsPreference", "private_dns_preference"),
                ("PrivateDnsSpecifiedDomains", "private_dns_specified_domains"),
            ):
                lattice = a["vpc_endpoint_type"] in ("Resource", "ServiceNetwork")
                if key.startswith("PrivateDnsP") and not lattice:
                    continue  # AWS shows these for VPC Lattice endpoints only
                if str(dns.get(attr)).startswith("stub-"):
                    continue  # the stand-in's filler for a value AWS defaults
                if dns.get(attr) not in (None, "", []):
                    options[key] = dns[attr]
            if options:
                entry["DnsOptions"] = options
            endpoints.append(entry)
        elif type_name in (
            "aws_vpc_security_group_ingress_rule",
            "aws_vpc_security_group_egress_rule",
        ):
            rule: dict[str, Any] = {
                "SecurityGroupRuleId": a["id"],
                "GroupId": a["security_group_id"],
                "IsEgress": type_name.endswith("egress_rule"),
                "IpProtocol": a["ip_protocol"],
                "FromPort": a["from_port"],
                "ToPort": a["to_port"],
                "Tags": _tags(a.get("tags_all")),
            }
            for key, attr in (
                ("CidrIpv4", "cidr_ipv4"),
                ("CidrIpv6", "cidr_ipv6"),
                ("PrefixListId", "prefix_list_id"),
                ("Description", "description"),
            ):
                if a.get(attr):
                    rule[key] = a[attr]
            if a.get("referenced_security_group_id"):
                rule["ReferencedGroupInfo"] = {"GroupId": a["referenced_security_group_id"]}
            rules.append(rule)
        elif type_name == "aws_route":
            table = tables.setdefault(
                a["route_table_id"],
                {"RouteTableId": a["route_table_id"], "VpcId": inputs.vpc["id"], "Routes": []},
            )
            route = {"GatewayId": a["vpc_endpoint_id"], "Origin": "CreateRoute", "State": "active"}
            for key, attr in (
                ("DestinationCidrBlock", "destination_cidr_block"),
                ("DestinationIpv6CidrBlock", "destination_ipv6_cidr_block"),
                ("DestinationPrefixListId", "destination_prefix_list_id"),
            ):
                if a.get(attr):
                    route[key] = a[attr]
            table["Routes"].append(route)
        elif type_name == "aws_vpc_endpoint_service":
            services.append(
                {
                    "ServiceId": a["id"],
                    "ServiceName": a["service_name"],
                    "ServiceType": [{"ServiceType": a.get("service_type") or "Interface"}],
                    "ServiceState": "Available",
                    "AcceptanceRequired": a["acceptance_required"],
                    "ManagesVpcEndpoints": False,
                    "NetworkLoadBalancerArns": a.get("network_load_balancer_arns") or [],
                    "GatewayLoadBalancerArns": a.get("gateway_load_balancer_arns") or [],
                    "SupportedIpAddressTypes": a.get("supported_ip_address_types") or ["ipv4"],
                    "SupportedRegions": [
                        {"Region": r, "ServiceState": "Available"}
                        for r in a.get("supported_regions") or []
                    ],
                    **(
                        {"PrivateDnsName": a["private_dns_name"]}
                        if a.get("private_dns_name")
                        else {}
                    ),
                    "Tags": _tags(a.get("tags_all")),
                }
            )
        elif type_name == "aws_vpc_endpoint_service_allowed_principal":
            principals.setdefault(a["vpc_endpoint_service_id"], []).append(
                {
                    "PrincipalType": "Account",
                    "Principal": a["principal_arn"],
                    "ServicePermissionId": "vpce-svc-perm-0" + _unique_suffix(a["id"])[:17],
                    "ServiceId": a["vpc_endpoint_service_id"],
                }
            )
        elif type_name == "aws_vpc_endpoint_connection_notification":
            notes.append(
                {
                    "ConnectionNotificationId": a["id"],
                    **(
                        {"ServiceId": a["vpc_endpoint_service_id"]}
                        if a.get("vpc_endpoint_service_id")
                        else {}
                    ),
                    **({"VpcEndpointId": a["vpc_endpoint_id"]} if a.get("vpc_endpoint_id") else {}),
                    "ConnectionNotificationType": "Topic",
                    "ConnectionNotificationArn": a["connection_notification_arn"],
                    "ConnectionEvents": a["connection_events"],
                    "ConnectionNotificationState": "Enabled",
                }
            )
    subnets = [
        {
            "SubnetId": s.id,
            "VpcId": s.vpc_id,
            "AvailabilityZone": s.availability_zone,
            "AvailabilityZoneId": s.availability_zone_id,
            "CidrBlock": s.cidr_block or None,
            "Ipv6Native": s.ipv6_native,
            "Ipv6CidrBlockAssociationSet": (
                [
                    {
                        "Ipv6CidrBlock": s.ipv6_cidr_block,
                        "Ipv6CidrBlockState": {"State": "associated"},
                    }
                ]
                if s.ipv6_cidr_block
                else []
            ),
            "SubnetArn": f"arn:aws:ec2:{inputs.region}:123456789012:subnet/{s.id}",
        }
        for group in inputs.subnets.values()
        for s in group
    ]
    vpc = inputs.vpc
    vpcs = [
        {
            "VpcId": vpc["id"],
            "CidrBlock": vpc["cidr_block"],
            "CidrBlockAssociationSet": [
                {"CidrBlock": c["cidr_block"], "CidrBlockState": {"State": c["state"]}}
                for c in vpc.get("cidr_block_associations") or []  # type: ignore[attr-defined]
            ],
            "Ipv6CidrBlockAssociationSet": (
                [
                    {
                        "Ipv6CidrBlock": vpc["ipv6_cidr_block"],
                        "Ipv6CidrBlockState": {"State": "associated"},
                    }
                ]
                if vpc.get("ipv6_cidr_block")
                else []
            ),
        }
    ]
    docs: dict[str, Any] = {
        "vpc-endpoints.json": {"VpcEndpoints": endpoints},
        "security-groups.json": {"SecurityGroups": groups},
        "security-group-rules.json": {"SecurityGroupRules": rules},
        "subnets.json": {"Subnets": subnets},
        "route-tables.json": {"RouteTables": list(tables.values())},
        "vpcs.json": {"Vpcs": vpcs},
        "vpc-endpoint-service-configurations.json": {"ServiceConfigurations": services},
        "vpc-endpoint-connection-notifications.json": {"ConnectionNotificationSet": notes},
    }
    for sid in sorted({s["ServiceId"] for s in services}):
        docs[f"vpc-endpoint-service-permissions-{sid}.json"] = {
            "AllowedPrincipals": principals.get(sid, [])
        }
    return {name: json.dumps(doc, indent=2) + "\n" for name, doc in docs.items()}


def _name_prefix(name: str) -> str | None:
    """create.NamePrefixFromName: a prefix only for names ending in the unique suffix."""
    return name[:-26] if _UNIQUE.search(name) and len(name) > 26 else None


def world_objects(
    description: dict[str, Any], region: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """(resource type, world key, attributes) for the objects of a description bundle."""
    out: list[tuple[str, str, dict[str, Any]]] = []

    def tags(item: dict[str, Any]) -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in item.get("Tags") or []}

    for ep in description.get("VpcEndpoints", []):
        dns = ep.get("DnsOptions") or {}
        out.append(
            (
                "aws_vpc_endpoint",
                ep["VpcEndpointId"],
                {
                    "id": ep["VpcEndpointId"],
                    "arn": f"arn:aws:ec2:{region}:123456789012:vpc-endpoint/{ep['VpcEndpointId']}",
                    "vpc_id": ep["VpcId"],
                    "service_name": ep.get("ServiceName"),
                    "vpc_endpoint_type": ep["VpcEndpointType"],
                    "subnet_ids": ep.get("SubnetIds") or [],
                    "security_group_ids": [g["GroupId"] for g in ep.get("Groups") or []],
                    "route_table_ids": ep.get("RouteTableIds") or [],
                    "private_dns_enabled": bool(ep.get("PrivateDnsEnabled")),
                    # the provider stores AWS's document normalised (structure.NormalizeJsonString:
                    # compact, keys sorted as Go marshals maps)
                    "policy": json.dumps(
                        json.loads(ep["PolicyDocument"]), separators=(",", ":"), sort_keys=True
                    )
                    if ep.get("PolicyDocument")
                    else None,
                    "ip_address_type": ep.get("IpAddressType") or "",
                    "dns_options": (
                        [
                            {
                                "dns_record_ip_type": dns.get("DnsRecordIpType"),
                                "private_dns_only_for_inbound_resolver_endpoint": dns.get(
                                    "PrivateDnsOnlyForInboundResolverEndpoint", False
                                ),
                            }
                        ]
                        if ep["VpcEndpointType"] != "Gateway"
                        else []
                    ),
                    "state": ep.get("State", "available"),
                    "requester_managed": False,
                    "network_interface_ids": ep.get("NetworkInterfaceIds") or [],
                    "owner_id": "123456789012",
                    "service_region": ep.get("ServiceRegion") or region,
                    "tags": tags(ep) or None,
                    "tags_all": tags(ep),
                    "region": region,
                },
            )
        )
    for sg in description.get("SecurityGroups", []):
        out.append(
            (
                "aws_security_group",
                sg["GroupId"],
                {
                    "id": sg["GroupId"],
                    "arn": f"arn:aws:ec2:{region}:123456789012:security-group/{sg['GroupId']}",
                    "name": sg["GroupName"],
                    "name_prefix": _name_prefix(sg["GroupName"]),
                    "description": sg.get("Description"),
                    "vpc_id": sg.get("VpcId"),
                    "owner_id": "123456789012",
                    "ingress": [],
                    "egress": [],
                    "revoke_rules_on_delete": False,
                    "tags": tags(sg) or None,
                    "tags_all": tags(sg),
                    "region": region,
                },
            )
        )
    for rule in description.get("SecurityGroupRules", []):
        kind = "egress" if rule.get("IsEgress") else "ingress"
        out.append(
            (
                f"aws_vpc_security_group_{kind}_rule",
                rule["SecurityGroupRuleId"],
                {
                    "id": rule["SecurityGroupRuleId"],
                    "security_group_rule_id": rule["SecurityGroupRuleId"],
                    "security_group_id": rule["GroupId"],
                    "ip_protocol": rule["IpProtocol"],
                    "from_port": rule.get("FromPort"),
                    "to_port": rule.get("ToPort"),
                    "cidr_ipv4": rule.get("CidrIpv4"),
                    "cidr_ipv6": rule.get("CidrIpv6"),
                    "prefix_list_id": rule.get("PrefixListId"),
                    "referenced_security_group_id": (rule.get("ReferencedGroupInfo") or {}).get(
                        "GroupId"
                    ),
                    "description": rule.get("Description"),
                    "tags": tags(rule) or None,
                    "tags_all": tags(rule),
                    "region": region,
                },
            )
        )
    for table in description.get("RouteTables", []):
        for route in table.get("Routes") or []:
            target = route.get("GatewayId") or ""
            if not target.startswith("vpce-"):
                continue
            dest = (
                route.get("DestinationCidrBlock")
                or route.get("DestinationIpv6CidrBlock")
                or route.get("DestinationPrefixListId")
            )
            out.append(
                (
                    "aws_route",
                    f"r-{table['RouteTableId']}{dest}",
                    {
                        "id": f"r-{table['RouteTableId']}{dest}",
                        "route_table_id": table["RouteTableId"],
                        "destination_cidr_block": route.get("DestinationCidrBlock"),
                        "destination_ipv6_cidr_block": route.get("DestinationIpv6CidrBlock"),
                        "destination_prefix_list_id": route.get("DestinationPrefixListId"),
                        "vpc_endpoint_id": target,
                        "origin": "CreateRoute",
                        "state": "active",
                        "region": region,
                    },
                )
            )
    for svc in description.get("ServiceConfigurations", []):
        out.append(
            (
                "aws_vpc_endpoint_service",
                svc["ServiceId"],
                {
                    "id": svc["ServiceId"],
                    "arn": f"arn:aws:ec2:{region}:123456789012:vpc-endpoint-service/"
                    + svc["ServiceId"],
                    "service_name": svc.get("ServiceName"),
                    "service_type": (svc.get("ServiceType") or [{}])[0].get("ServiceType"),
                    "acceptance_required": svc.get("AcceptanceRequired"),
                    # SDKv2 (legacy type system) reads an empty set as null: no diff against an
                    # argument the configuration leaves out
                    "network_load_balancer_arns": svc.get("NetworkLoadBalancerArns") or None,
                    "gateway_load_balancer_arns": svc.get("GatewayLoadBalancerArns") or None,
                    "private_dns_name": svc.get("PrivateDnsName") or "",
                    "supported_ip_address_types": svc.get("SupportedIpAddressTypes") or ["ipv4"],
                    "supported_regions": [r["Region"] for r in svc.get("SupportedRegions") or []],
                    "allowed_principals": [],
                    "state": "Available",
                    "manages_vpc_endpoints": False,
                    "private_dns_name_configuration": [],
                    "tags": tags(svc) or None,
                    "tags_all": tags(svc),
                    "region": region,
                },
            )
        )
    for note in description.get("ConnectionNotificationSet", []):
        out.append(
            (
                "aws_vpc_endpoint_connection_notification",
                note["ConnectionNotificationId"],
                {
                    "id": note["ConnectionNotificationId"],
                    "vpc_endpoint_service_id": note.get("ServiceId"),
                    "vpc_endpoint_id": note.get("VpcEndpointId"),
                    "connection_notification_arn": note["ConnectionNotificationArn"],
                    "connection_events": note["ConnectionEvents"],
                    "notification_type": "Topic",
                    "state": "Enabled",
                    "region": region,
                },
            )
        )
    return out
