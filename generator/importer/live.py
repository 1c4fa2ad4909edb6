"""Live mode: read the description from the EC2 API with boto3 (the optional `aws` extra).

Read-only calls only (READ_ONLY_ACTIONS, listed in the README). Each call's result is turned
into the JSON the matching `aws ec2 describe-*` command prints, so live mode and file mode
share everything after this point (and `--save-description` keeps exactly those files).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from generator.importer.describe import DescriptionError

# The IAM actions live mode needs (all Describe*: read-only).
READ_ONLY_ACTIONS: tuple[str, ...] = (
    "ec2:DescribeVpcEndpoints",
    "ec2:DescribeVpcEndpointServiceConfigurations",
    "ec2:DescribeVpcEndpointServicePermissions",
    "ec2:DescribeVpcEndpointConnectionNotifications",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSecurityGroupRules",
    "ec2:DescribeSubnets",
    "ec2:DescribeRouteTables",
    "ec2:DescribeVpcs",
    "ec2:DescribeNetworkInterfaces",
)


@dataclass(frozen=True)
class LiveOptions:
    region: str
    vpc_id: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None  # an API emulator (tests), never needed against AWS


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=4, default=_default, ensure_ascii=False) + "\n"


def _reason(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict) and isinstance(response.get("Error"), dict):
        return f"{response['Error'].get('Code')}: {response['Error'].get('Message')}"
    return str(exc).splitlines()[0]


def collect(options: LiveOptions) -> tuple[list[tuple[str, str]], list[str]]:
    """(file name, JSON text) per describe call, as the AWS CLI would print them, and what
    could not be read."""
    try:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError
        from botocore.parsers import ResponseParserError
    except ImportError:
        raise DescriptionError("live mode needs boto3: pip install 'vpcegen[aws]'") from None
    try:
        session = boto3.Session(profile_name=options.profile, region_name=options.region)
        ec2 = session.client(
            "ec2",
            endpoint_url=options.endpoint_url,
            config=Config(retries={"mode": "standard", "max_attempts": 3}),
        )
    except BotoCoreError as exc:
        raise DescriptionError(f"cannot start an EC2 client: {exc}") from None

    vpc_filter = [{"Name": "vpc-id", "Values": [options.vpc_id]}] if options.vpc_id else []

    def paged(operation: str, key: str, **kwargs: Any) -> list[Any]:
        method: Callable[..., dict[str, Any]] = getattr(ec2, operation)
        items: list[Any] = []
        token: str | None = None
        while True:
            args = dict(kwargs)
            if token:
                args["NextToken"] = token
            page = method(**args)
            items.extend(page.get(key) or [])
            token = page.get("NextToken")
            if not token:
                return items

    documents: list[tuple[str, str]] = []
    problems: list[str] = []
    try:
        endpoints = paged("describe_vpc_endpoints", "VpcEndpoints", Filters=vpc_filter)
        documents.append(("vpc-endpoints.json", _dump({"VpcEndpoints": endpoints})))
        services = paged("describe_vpc_endpoint_service_configurations", "ServiceConfigurations")
        documents.append(
            ("vpc-endpoint-service-configurations.json", _dump({"ServiceConfigurations": services}))
        )
        for svc in services:
            sid = svc["ServiceId"]
            principals = paged(
                "describe_vpc_endpoint_service_permissions", "AllowedPrincipals", ServiceId=sid
            )
            documents.append(
                (
                    f"vpc-endpoint-service-permissions-{sid}.json",
                    _dump({"AllowedPrincipals": principals}),
                )
            )
        try:
            notifications = paged(
                "describe_vpc_endpoint_connection_notifications", "ConnectionNotificationSet"
            )
        except (ClientError, BotoCoreError, ResponseParserError) as exc:
            # Some emulators lack this call; without it the spec has no notifications and
            # the module does not manage (nor delete) the ones that exist.
            problems.append(
                "DescribeVpcEndpointConnectionNotifications failed "
                f"({_reason(exc)}): connection notifications are not in the spec"
            )
        else:
            documents.append(
                (
                    "vpc-endpoint-connection-notifications.json",
                    _dump({"ConnectionNotificationSet": notifications}),
                )
            )
        group_ids = sorted(
            {g["GroupId"] for e in endpoints for g in e.get("Groups") or [] if "GroupId" in g}
        )
        groups = (
            paged("describe_security_groups", "SecurityGroups", GroupIds=group_ids)
            if group_ids
            else []
        )
        documents.append(("security-groups.json", _dump({"SecurityGroups": groups})))
        rules = (
            paged(
                "describe_security_group_rules",
                "SecurityGroupRules",
                Filters=[{"Name": "group-id", "Values": group_ids}],
            )
            if group_ids
            else []
        )
        documents.append(("security-group-rules.json", _dump({"SecurityGroupRules": rules})))
        interfaces = (
            paged(
                "describe_network_interfaces",
                "NetworkInterfaces",
                Filters=[{"Name": "group-id", "Values": group_ids}],
            )
            if group_ids
            else []
        )
        documents.append(("network-interfaces.json", _dump({"NetworkInterfaces": interfaces})))
        subnet_ids = sorted({s for e in endpoints for s in e.get("SubnetIds") or []})
        subnets = paged("describe_subnets", "Subnets", SubnetIds=subnet_ids) if subnet_ids else []
        documents.append(("subnets.json", _dump({"Subnets": subnets})))
        tables = paged("describe_route_tables", "RouteTables", Filters=vpc_filter)
        documents.append(("route-tables.json", _dump({"RouteTables": tables})))
        vpc_ids = sorted({str(e["VpcId"]) for e in endpoints if e.get("VpcId")})
        if options.vpc_id:
            vpc_ids = [options.vpc_id]
        vpcs = paged("describe_vpcs", "Vpcs", VpcIds=vpc_ids) if vpc_ids else []
        documents.append(("vpcs.json", _dump({"Vpcs": vpcs})))
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise DescriptionError(
            f"AWS API {exc.operation_name}: {error.get('Code')}: {error.get('Message')}"
        ) from None
    except (BotoCoreError, ResponseParserError) as exc:
        raise DescriptionError(f"AWS API: {_reason(exc)}") from None
    return documents, problems
