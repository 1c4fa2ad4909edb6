"""The read permissions each data source of a generated module needs: one table.

The module README lists the IAM actions a plan needs; they are the union of this table's rows
for the data sources the module declares (generator.render.refs registers each data block
through it), so the list cannot drift from the blocks. Each row names where its actions come
from: the provider source of the data source's read function (hashicorp/terraform-provider-aws,
internal/service/...), as read for issue 13 (research: provider-behaviours.md, section g, and
aws-fidelity.md, section 8).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataSourcePermissions:
    actions: tuple[str, ...]
    source: str  # where the list comes from
    note: str = ""


DATA_SOURCE_PERMISSIONS: dict[str, DataSourcePermissions] = {
    "aws_vpc": DataSourcePermissions(
        ("ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeRouteTables"),
        "internal/service/ec2/vpc_data_source.go, dataSourceVPCRead: DescribeVpcs, "
        "DescribeVpcAttribute (enableDnsHostnames, enableDnsSupport, "
        "enableNetworkAddressUsageMetrics), findVPCMainRouteTable (DescribeRouteTables)",
        "a denied DescribeRouteTables is only logged as a warning (main_route_table_id stays "
        "empty); it is listed so the plan log stays clean",
    ),
    "aws_subnet": DataSourcePermissions(
        ("ec2:DescribeSubnets",),
        "internal/service/ec2/vpc_subnet_data_source.go: DescribeSubnets (tags come with the "
        "Subnet object)",
    ),
    "aws_vpc_endpoint_service": DataSourcePermissions(
        ("ec2:DescribeVpcEndpointServices",),
        "internal/service/ec2/vpc_endpoint_service_data_source.go: DescribeVpcEndpointServices "
        "(tags from ServiceDetail.Tags)",
    ),
    "aws_route53_zone": DataSourcePermissions(
        (
            "route53:GetHostedZone",
            "route53:ListTagsForResource",
            "route53:ListResourceRecordSets",
        ),
        "internal/service/route53/zone_data_source.go, dataSourceZoneRead: GetHostedZone "
        "(lookup by zone_id, name servers), ListTagsForResource (always, for `tags`), "
        "findNameServersByZone (ListResourceRecordSets, private zones)",
        "the module looks zones up by zone_id, so route53:ListHostedZones (lookup by name) is "
        "not needed",
    ),
    "aws_lb": DataSourcePermissions(
        (
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeTags",
        ),
        "internal/service/elbv2/load_balancer_data_source.go: DescribeLoadBalancers, "
        "findLoadBalancerAttributesByARN (DescribeLoadBalancerAttributes), tags through the "
        "@Tags(identifierAttribute=arn) interceptor (DescribeTags)",
    ),
    "aws_region": DataSourcePermissions(
        (),
        "website/docs/d/region.html.markdown: resolved from the provider's configuration and "
        "endpoint data, no AWS API call",
    ),
}


def actions_for(data_source_type: str) -> tuple[str, ...]:
    """The IAM actions a plan needs to read one data source of this type.

    KeyError for a type the table lacks: a new data source needs its row first.
    """
    return DATA_SOURCE_PERMISSIONS[data_source_type].actions
