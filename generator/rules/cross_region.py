"""XR0xx: cross-Region PrivateLink (consumer `service_region`, provider `supported_regions`).

Split with other families, so that one mistake gets one finding:
- `service_region` on a gateway endpoint is GW005, on a GWLB endpoint GWLB008; XR001 reports
  it on VPC Lattice (resource, service-network) endpoints, and checks that the Region of an
  interface endpoint's `service_region` exists in the spec's partition.
- subnets outside the declared `service_availability_zone_ids` are IF002 (for cross-Region
  endpoints too); XR004 asks for the declaration a cross-Region endpoint needs.
- `service_region` that disagrees with the Region inside `service_name` is SVC006.
- the Region codes of an endpoint service's `supported_regions` are ES012.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit, takes
from generator.spec.endpoint_types import GATEWAY, GWLB, types_taking
from generator.spec.models import EndpointBase


def _region_problem(ctx: Context, region: str) -> tuple[str, dict[str, str]] | None:
    """(XR001 variant, fields) when `region` is not a Region of the spec's partition.

    Unknown codes are errors, as for the spec's own `region` (SPEC009): the Region list
    ships with vpcegen, and a typo would otherwise surface only at apply time.
    """
    from generator.spec.regions import load_regions

    regions = load_regions()
    partition = ctx.spec.partition
    if regions.is_region(region, partition):
        return None
    home = regions.partition_of(region)
    fields = {"region": region, "partition": partition}
    if home is not None:
        return "other-partition", {**fields, "home": home}
    close = regions.suggest_region(region, partition)
    if close:
        return "unknown", {**fields, "close": close[0]}
    return "unknown-no-close", fields


def _is_cross_region(ctx: Context, ep: EndpointBase) -> bool:
    return (
        takes(ep, "service_region")
        and bool(ep.service_region)
        and ep.service_region != ctx.spec.region
    )


# --- XR001 ------------------------------------------------------------------------------------


_NOT_A_REGION = (
    "service_region of endpoint '{endpoint}': '{region}' is not a Region of partition '{partition}'"
)


def _check_service_region(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        if ep.service_region is None or ep.type in (GATEWAY, GWLB):
            continue  # GW005, GWLB008
        path: Path = ("endpoints", name, "service_region")
        if not takes(ep, "service_region"):
            yield hit(path, type=ep.type, endpoint=name, region=ep.service_region)
            continue
        problem = _region_problem(ctx, ep.service_region)
        if problem is not None:
            variant, fields = problem
            yield hit(path, variant, endpoint=name, **fields)


XR001 = Rule(
    id="XR001",
    name="invalid-service-region",
    severity=Severity.ERROR,
    summary="`service_region` applies only to interface endpoints (and is ForceNew), and names "
    "a Region of the spec's partition.",
    message="{type} endpoint '{endpoint}' has service_region {region}; service_region applies "
    "only to interface endpoints",
    hint="remove service_region; VPC Lattice endpoints reach resources and service networks "
    "shared into this Region",
    variants=(
        Variant(
            "other-partition",
            "service_region of endpoint '{endpoint}': '{region}' is a Region of partition "
            "'{home}', not of '{partition}'; PrivateLink connects Regions of one partition only",
            "use a Region of {partition}",
        ),
        Variant("unknown", _NOT_A_REGION, "did you mean '{close}'?"),
        Variant("unknown-no-close", _NOT_A_REGION, "use a Region code like us-east-1"),
    ),
    rationale='The provider documents service_region as "Applicable for endpoints of type '
    'Interface" and forces replacement when it changes. Cross-Region PrivateLink connects '
    'Regions "in the same AWS partition". Gateway and GWLB endpoints are reported by GW005 '
    "and GWLB008; this rule covers the VPC Lattice types and the Region code itself (unknown "
    "codes are errors, as for the spec's `region`, SPEC009).",
    source=f"PULUMI-VPCE ({sources.PULUMI_VPCE}: serviceRegion); TF-VPCE ({sources.TF_VPCE}: "
    f"service_region ForceNew); BLOG-XR ({sources.BLOG_XR})",
    url=sources.API_CVE,
    check=_check_service_region,
)


# --- XR002 ------------------------------------------------------------------------------------

XR002 = Rule(
    id="XR002",
    name="consumer-region-not-supported",
    severity=Severity.ERROR,
    summary="A cross-Region endpoint reaches a customer service only from a Region the "
    "service lists in its `supported_regions`.",
    message="(not reported: consumers cannot see a remote service's supported Regions)",
    hint="ask the service provider to add your Region to the service's supported Regions",
    rationale='SupportedRegions are "the Regions from which service consumers can access the '
    'service"; an endpoint from any other Region cannot connect.',
    source=f"API-CESC ({sources.API_CESC}: SupportedRegions); BLOG-XR ({sources.BLOG_XR})",
    url=sources.API_CESC,
    status=Status.NOT_CHECKABLE,
    status_reason="The consumer spec names the remote service only by its service_name, and a "
    "service's supported Regions are visible only to its owner "
    "(DescribeVpcEndpointServiceConfigurations; the aws_vpc_endpoint_service data source does "
    "not return them), so neither vpcegen nor a plan-time guard can see them. A provider and "
    "its consumers are in different Regions, hence in different specs. The provider side (the "
    "Region codes in supported_regions) is checked by ES012.",
)


# --- XR003 ------------------------------------------------------------------------------------


def _check_aws_service_cross_region(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(*types_taking("service_region")):
        if not _is_cross_region(ctx, ep) or ctx.is_custom_service(ep):
            continue
        info = ctx.service_info(ep)
        if info is None or info.cross_region != "no":
            continue
        yield hit(
            ("endpoints", name, "service_region"),
            endpoint=name,
            title=info.title,
            service=ctx.service_short(ep),
            service_region=ep.service_region,
            region=ctx.spec.region,
        )


XR003 = Rule(
    id="XR003",
    name="aws-service-not-cross-region",
    severity=Severity.ERROR,
    summary="Cross-Region interface endpoints to AWS services exist only for the services AWS "
    "lists (S3, IAM, ECR, KMS, ECS, Lambda, Data Firehose, Managed Flink, Route 53, ...).",
    message="endpoint '{endpoint}': {title} ({service}) cannot be reached across Regions; AWS "
    "offers cross-Region interface endpoints only for some services",
    hint="create the endpoint in {service_region} and connect the VPCs (peering or Transit "
    "Gateway), or use the service in {region}",
    rationale="AWS documents a short, growing list of cross-Region enabled AWS services; for "
    "any other service the endpoint cannot be created. vpcegen's catalog records the list "
    "(cross_region fact); a service it does not know is not reported.",
    source=f"DOC-XR-AWS ({sources.DOC_XR_AWS}); vpcegen service catalog (cross_region fact)",
    url=sources.DOC_XR_AWS,
    check=_check_aws_service_cross_region,
)


# --- XR004 ------------------------------------------------------------------------------------


def _check_remote_access_zones(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(*types_taking("service_region")):
        if not _is_cross_region(ctx, ep) or ep.service_availability_zone_ids is not None:
            continue
        info = ctx.service_info(ep)
        if info is not None and info.cross_region == "no":
            continue  # XR003: no cross-Region endpoint at all
        yield hit(
            ("endpoints", name, "service_region"),
            endpoint=name,
            service_region=ep.service_region,
            region=ctx.spec.region,
        )


XR004 = Rule(
    id="XR004",
    name="cross-region-zones-undeclared",
    severity=Severity.WARNING,
    summary="A cross-Region endpoint may be placed only in the AZ IDs AWS allows for remote "
    "access; declare them in `service_availability_zone_ids` (subnets outside them: IF002).",
    message="cross-Region endpoint '{endpoint}' ({service_region}) declares no "
    "service_availability_zone_ids; AWS allows remote access only from some AZs of {region}, "
    "and neither vpcegen nor Terraform can look them up",
    hint="add service_availability_zone_ids: the AZ IDs of {region} listed for the service (the "
    "API error 'Only the following availability zones are supported for remote access: ...' "
    "names them)",
    rationale="AWS rejects a cross-Region endpoint with a subnet outside the allowed zones "
    '("Only the following availability zones are supported for remote access: use1-az1, '
    '..."), and the aws_vpc_endpoint_service data source returns no Availability Zones for '
    "cross-Region services, so no plan-time lookup can catch it. A warning, not an error: "
    "the endpoint works when its subnets happen to be in allowed zones, and the author may "
    "not know the list before a first attempt.",
    source=f"I-XRAZ ({sources.I_XRAZ}; chanzuckerberg/cztack PR #865)",
    url=sources.I_XRAZ,
    status_reason="Checked: the declaration. With declared AZ IDs and subnets whose AZ IDs "
    "the spec states, IF002 reports subnets outside them. With input subnets, the module reads "
    'data "aws_subnet" and its precondition requires availability_zone_id to be in the '
    "declared list; for a cross-Region endpoint the message starts with 'XR004'.",
    check=_check_remote_access_zones,
    deviation="Severity warning, not v1's error: the endpoint works when its subnets happen to be "
    "in the allowed zones, and neither vpcegen nor Terraform can look those zones up, "
    "so a missing list is a risk, not a certain failure.",
)


XR005 = Rule(
    id="XR005",
    name="supported-region-pending",
    severity=Severity.WARNING,
    summary="The provider reads back only Regions in the Available state for "
    "`supported_regions`; a Region still pending (or failed) shows as a diff.",
    message="(not reported: a Region's state is known only after apply)",
    hint="re-run the plan once AWS has activated the Region; a lasting diff means the Region "
    "failed",
    rationale="terraform-provider-aws flattens SupportedRegions keeping only ServiceState "
    "Available, so a Region AWS has not activated yet (Pending) or could not (Failed) makes "
    "every plan want to add it again.",
    source=f"TF-VPCES ({sources.TF_VPCES}: flattenSupportedRegionDetails filters on Available)",
    url=sources.TF_VPCES,
    status=Status.NOT_CHECKABLE,
    status_reason="The state of a Region for a service is known only to AWS after apply. The "
    "renderer writes supported_regions as a sorted, duplicate-free set so that a diff can only "
    "come from that state; the module README mentions it.",
)

XR006 = Rule(
    id="XR006",
    name="inter-region-peering-alternative",
    severity=Severity.INFO,
    summary="Inter-Region VPC or Transit Gateway peering to a same-Region endpoint remains an "
    "alternative, and the only one for gateway and GWLB endpoints and for AWS services without "
    "cross-Region support.",
    message="(not reported: advice)",
    hint="create the endpoint in the service's Region and route to it over peering",
    rationale="Native cross-Region PrivateLink covers interface endpoints to services that "
    "opt in (supported_regions) and a list of AWS services; everything else still needs the "
    "endpoint in the service's Region.",
    source=f"BLOG-XR ({sources.BLOG_XR}); DOC-CES ({sources.DOC_CES})",
    url=sources.BLOG_XR,
    status=Status.NOT_CHECKABLE,
    status_reason="Advice, not a constraint: the spec language does not describe peering or "
    "Transit Gateway; XR003, GW005 and GWLB008 point to this alternative in their hints.",
)

RULES: tuple[Rule, ...] = (XR001, XR002, XR003, XR004, XR005, XR006)
