"""SVC0xx: endpoint types, service names, regions in names, and what identifies the target."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit, takes
from generator.rules.shared import (
    CUSTOM_NAME,
    REGION_SHAPE,
    describe_service,
    gateway_capable,
    is_custom,
    name_region,
    service_path,
    whose,
)
from generator.spec.endpoint_types import (
    GATEWAY,
    KINDS,
    RESOURCE,
    SERVICE_NETWORK,
    TARGET_FIELDS,
    kind,
    types_taking,
)

if TYPE_CHECKING:
    from generator.services.catalog import ServiceCatalog

CUSTOM_HEX_17 = re.compile(r"[0-9a-f]{17}")
CUSTOM_HEX_8 = re.compile(r"[0-9a-f]{8}")


def _catalog() -> ServiceCatalog:
    from generator.services.catalog import load_catalog

    return load_catalog()


# --- SVC001 -----------------------------------------------------------------------------------

SVC001 = Rule(
    id="SVC001",
    name="unknown-endpoint-type",
    severity=Severity.ERROR,
    summary="Every endpoint has a `type`: "
    + ", ".join(KINDS)
    + " (the API's "
    + ", ".join(k.api_name for k in KINDS.values())
    + ").",
    message="type '{type}' is not an endpoint type",
    hint="did you mean '{close}'? The types are: {types}",
    variants=(
        Variant("no-close", "type '{type}' is not an endpoint type", "set type to one of: {types}"),
        Variant("missing", "endpoint has no 'type'", "set type to one of: {types}"),
    ),
    rationale="The provider's `vpc_endpoint_type` defaults to Gateway, so an endpoint written "
    "without a type silently becomes a gateway endpoint, which exists only for S3 and "
    "DynamoDB; for an S3 endpoint the missing type is ambiguous because S3 has both kinds. The "
    "spec language therefore requires `type` on every endpoint (reported by the loader, since "
    "the type selects the endpoint's shape), and the renderer always writes "
    "`vpc_endpoint_type` explicitly.",
    source=f"terraform-provider-aws vpc_endpoint.go (`vpc_endpoint_type`: "
    f"enum.Validate[VpcEndpointType], Default Gateway, ForceNew) ({sources.TF_VPCE}); "
    f"EC2 API CreateVpcEndpoint, VpcEndpointType ({sources.API_CVE})",
    url=sources.API_CVE,
)


# --- SVC002 -----------------------------------------------------------------------------------


def _check_gateway_service(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GATEWAY):
        if not (ep.service or ep.service_name):
            continue
        path = service_path(name, ep)
        if is_custom(ep):
            yield hit(path, "custom", endpoint=name, service=ep.service_name)
            continue
        capable = gateway_capable(ctx, ep)
        short = ctx.service_short(ep)
        if capable is False or (capable is None and short is not None):
            yield hit(path, endpoint=name, service=describe_service(ep))


SVC002 = Rule(
    id="SVC002",
    name="gateway-endpoint-for-unsupported-service",
    severity=Severity.ERROR,
    summary="Gateway endpoints exist only for Amazon S3 and DynamoDB (and S3 Express One Zone "
    "directory buckets, service `s3express`).",
    message="gateway endpoint '{endpoint}' targets '{service}', which has no gateway endpoints "
    "(only s3, dynamodb and s3express do)",
    hint="use type: interface for this service",
    variants=(
        Variant(
            "custom",
            "gateway endpoint '{endpoint}' targets endpoint service '{service}'; gateway "
            "endpoints exist only for Amazon S3 and DynamoDB",
            "use type: interface for endpoint services of other accounts (or "
            "gateway-load-balancer for GWLB-based ones)",
        ),
    ),
    rationale="AWS offers gateway endpoints only for S3 and DynamoDB (plus S3 Express One Zone "
    "through gateway endpoints); CreateVpcEndpoint rejects a Gateway endpoint to any other "
    "service. The built-in catalog's endpoint types decide where it knows the service; "
    "otherwise the fixed set applies.",
    source=f'Gateway endpoints: "Gateway VPC endpoints provide reliable connectivity to '
    f'Amazon S3 and DynamoDB" ({sources.DOC_GW}); S3 Express One Zone networking '
    f"({sources.DOC_S3X})",
    url=sources.DOC_GW,
    check=_check_gateway_service,
)


# --- SVC003 -----------------------------------------------------------------------------------

SVC003 = Rule(
    id="SVC003",
    name="dynamodb-interface-endpoint",
    severity=Severity.INFO,
    summary="S3 and DynamoDB both support gateway and interface endpoints; an interface "
    "endpoint to DynamoDB is valid.",
    message="(no finding: DynamoDB interface endpoints are accepted)",
    hint="use a gateway endpoint for traffic from inside the VPC (no hourly charge) and an "
    "interface endpoint for on-premises or peered clients",
    rationale="Older guidance (and terraform-provider-aws PR #32355 in 2023) said DynamoDB has "
    "no interface endpoints; AWS has since added them, so vpcegen must not reject them.",
    source=f'Gateway endpoints ("Amazon S3 and DynamoDB support both gateway endpoints and '
    f'interface endpoints") ({sources.DOC_GW}); AWS PrivateLink for DynamoDB '
    f"({sources.DOC_DDB})",
    url=sources.DOC_DDB,
    status=Status.RENDERED,
    status_reason="Nothing to reject: the catalog lists DynamoDB with both endpoint types and "
    "the renderer emits a DynamoDB interface endpoint like any other interface endpoint.",
)


# --- SVC004 -----------------------------------------------------------------------------------

_KNOWN_NAME_SHAPES = (
    re.compile(r"(?:cn\.)?com\.amazonaws\.[a-z0-9-]+\.[a-z0-9.-]+"),
    re.compile(r"aws\.sagemaker\.[a-z0-9-]+\.notebook"),
    re.compile(r"com\.amazonaws\.(?:iam|route53)"),
)


def _known_name_shape(ctx: Context, service_name: str) -> bool:
    if any(p.fullmatch(service_name) for p in _KNOWN_NAME_SHAPES):
        return True
    from generator.spec.regions import load_regions

    try:
        prefixes = load_regions().service_prefixes(ctx.spec.partition)
    except KeyError:
        return False
    return any(
        re.fullmatch(re.escape(p) + r"\.[a-z0-9-]+\.[a-z0-9.-]+", service_name) for p in prefixes
    )


_UNKNOWN_SERVICE = "'{service}' is not an AWS service vpcegen knows (endpoint '{endpoint}')"
_SERVICES_HINT = (
    "see 'vpcegen services'; for a service outside the catalog, give its full name as service_name"
)


def _check_service_names(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        if ep.service is not None:
            catalog = _catalog()
            if catalog.get(ep.service) is not None:
                continue
            path = ("endpoints", name, "service")
            fields = {"service": ep.service, "endpoint": name}
            if "." in ep.service and ep.service.startswith(("com.", "cn.", "aws.")):
                yield hit(path, "full-name", **fields)
                continue
            close = list(catalog.suggest(ep.service))[:3]
            if close:
                yield hit(path, close=" or ".join(f"'{c}'" for c in close), **fields)
            else:
                yield hit(path, "no-close", **fields)
        elif ep.service_name is not None:
            if is_custom(ep):
                continue  # SVC005 checks endpoint-service names
            if not _known_name_shape(ctx, ep.service_name):
                yield hit(
                    ("endpoints", name, "service_name"),
                    "name-shape",
                    service_name=ep.service_name,
                    endpoint=name,
                )


SVC004 = Rule(
    id="SVC004",
    name="unknown-service-name",
    severity=Severity.WARNING,
    summary="`service` names an AWS service in the built-in catalog; a `service_name` has one "
    "of the documented shapes (com.amazonaws.<region>.<service>, "
    "aws.sagemaker.<region>.notebook, com.amazonaws.iam / route53, cn.com.amazonaws.*, "
    "com.amazonaws.vpce.<region>.vpce-svc-*).",
    message=_UNKNOWN_SERVICE,
    hint="did you mean {close}? " + _SERVICES_HINT,
    variants=(
        Variant("no-close", _UNKNOWN_SERVICE, _SERVICES_HINT),
        Variant(
            "full-name",
            _UNKNOWN_SERVICE,
            "`service` takes a short name such as ssm; give a full name as service_name",
        ),
        Variant(
            "name-shape",
            "service_name '{service_name}' of endpoint '{endpoint}' does not look like an AWS "
            "service name (com.amazonaws.<region>.<service>) or an endpoint service name "
            "(com.amazonaws.vpce.<region>.vpce-svc-...)",
            "check the name with 'aws ec2 describe-vpc-endpoint-services'",
        ),
    ),
    rationale="A misspelt service renders a module that fails at apply with "
    "InvalidServiceName. It is a warning, not an error: AWS adds services and names faster "
    "than any offline catalog, and `service_name` exists for services outside it.",
    source=f"terraform-provider-aws aws_vpc_endpoint `service_name` argument "
    f"({sources.TF_VPCE_DOC}); cross-Region enabled AWS services (global names) "
    f"({sources.DOC_XR_AWS})",
    url=sources.DOC_SERVICES,
    check=_check_service_names,
)


# --- SVC005 -----------------------------------------------------------------------------------


def _check_custom_names(ctx: Context) -> Iterator[Hit]:
    from generator.spec.regions import load_regions

    try:
        expected_prefix = load_regions().endpoint_service_prefix(ctx.spec.partition)
    except KeyError:
        expected_prefix = None
    for name, ep in ctx.endpoints():
        if not (ep.service_name and is_custom(ep)):
            continue
        path = ("endpoints", name, "service_name")
        m = CUSTOM_NAME.fullmatch(ep.service_name)
        if m is None or not REGION_SHAPE.fullmatch(m["region"]):
            yield hit(path, service_name=ep.service_name)
            continue
        digits = m["hex"]
        if CUSTOM_HEX_8.fullmatch(digits):
            yield hit(path, "legacy-id", service_name=ep.service_name)
        elif not CUSTOM_HEX_17.fullmatch(digits):
            yield hit(path, "bad-id", id=m["id"], service_name=ep.service_name)
            continue
        if expected_prefix is not None and m["prefix"] != expected_prefix:
            yield hit(
                path,
                "prefix",
                partition=ctx.spec.partition,
                expected=expected_prefix,
                prefix=m["prefix"],
                region=m["region"],
                id=m["id"],
            )


SVC005 = Rule(
    id="SVC005",
    name="malformed-endpoint-service-name",
    severity=Severity.ERROR,
    summary="Endpoint-service (other account / Marketplace) names are "
    "com.amazonaws.vpce.<region>.vpce-svc-<17 hex digits>; legacy 8-digit IDs get a warning.",
    message="'{service_name}' is not an endpoint service name "
    "(com.amazonaws.vpce.<region>.vpce-svc-<17 hex digits>)",
    hint="copy the service name from the provider's endpoint service details",
    variants=(
        Variant(
            "legacy-id",
            "'{service_name}' has an 8-digit service ID; current endpoint service IDs have 17 "
            "hex digits",
            "confirm the name with 'aws ec2 describe-vpc-endpoint-services'",
            severity=Severity.WARNING,
        ),
        Variant(
            "bad-id",
            "'{id}' in '{service_name}' is not an endpoint service ID (vpce-svc- followed by 17 "
            "lower-case hex digits)",
        ),
        Variant(
            "prefix",
            "endpoint service names in partition {partition} start with '{expected}', not "
            "'{prefix}'",
            "use {expected}.{region}.{id}",
            severity=Severity.WARNING,
        ),
    ),
    rationale="AWS rejects an unknown service name at apply time (InvalidServiceName); a "
    "truncated or mistyped ID is a common copy-paste error. Current IDs carry 17 hex digits; "
    "8-digit IDs are older and still exist, hence only a warning for them. (ID lengths are "
    "inferred from AWS and provider examples, not from a published grammar.) In the China "
    "partition the prefix is cn.com.amazonaws.vpce.",
    source=f"terraform-provider-aws docs: data source example "
    f"com.amazonaws.vpce.us-west-2.vpce-svc-0e87519c997c63cd8, aws_vpc_endpoint_service import "
    f"vpce-svc-0f97a19d3fa8220bc ({sources.TF_VPCES_DOC})",
    url=sources.TF_VPCES_DOC,
    check=_check_custom_names,
)


# --- SVC006 -----------------------------------------------------------------------------------


def _check_name_region(ctx: Context) -> Iterator[Hit]:
    region = ctx.spec.region
    for name, ep in ctx.endpoints(*types_taking("service_name")):
        if not ep.service_name:
            continue
        home = name_region(ep.service_name)
        if home is None:
            continue
        if takes(ep, "service_region"):
            if ep.service_region is not None:
                if home != ep.service_region:
                    yield hit(
                        ("endpoints", name, "service_region"),
                        "service-region",
                        service_region=ep.service_region,
                        endpoint=name,
                        home=home,
                    )
            elif home != region:
                yield hit(
                    ("endpoints", name, "service_name"), endpoint=name, home=home, region=region
                )
        elif home != region and ep.service_region is None:  # else GW005 / GWLB008
            yield hit(
                ("endpoints", name, "service_name"),
                "same-region-type",
                type=kind(ep.type).label,
                endpoint=name,
                home=home,
                region=region,
            )


SVC006 = Rule(
    id="SVC006",
    name="service-region-mismatch",
    severity=Severity.ERROR,
    summary="The Region in `service_name` is the VPC's Region, unless the endpoint is a "
    "cross-Region interface endpoint, in which case it equals `service_region`.",
    message="service_name of endpoint '{endpoint}' is in {home}, but the VPC is in {region}",
    hint="for a cross-Region interface endpoint add service_region: {home}; otherwise use the "
    "service's name in {region}",
    variants=(
        Variant(
            "service-region",
            "service_region '{service_region}' of endpoint '{endpoint}' does not match the "
            "Region in its service_name ({home})",
            "set service_region: {home}",
        ),
        Variant(
            "same-region-type",
            "{type} endpoint '{endpoint}' targets a service in {home}, but the VPC is in "
            "{region}; {type} endpoints are same-Region only",
            "use the service in {region}, or an interface endpoint with service_region where "
            "the service supports cross-Region access",
        ),
    ),
    rationale="An endpoint is created in the VPC's Region. Without ServiceRegion, EC2 looks "
    "the name up among that Region's services and rejects a name from another Region; "
    "cross-Region PrivateLink exists only for interface endpoints and needs ServiceRegion "
    "equal to the service's home Region. Gateway and GWLB endpoints stay same-Region.",
    source=f'archived gateway endpoint guide ("Endpoints are supported within the same Region '
    f'only") ({sources.DOC_GW_OLD}); terraform-provider-aws `service_region` '
    f"({sources.TF_VPCE}); cross-Region example in {sources.I_XRAZ}; {sources.BLOG_XR}",
    url=sources.DOC_XR_AWS,
    check=_check_name_region,
)


# --- SVC007 -----------------------------------------------------------------------------------

_LATTICE_ARN = re.compile(
    r"arn:(?P<partition>aws(?:-cn|-us-gov)?):vpc-lattice:(?P<region>[a-z0-9-]+):"
    r"(?P<account>[0-9]{12}):(?P<kind>[a-z]+)/(?P<id>[a-z]+-[0-9a-z]+)"
)
_ARN_KIND = {
    "resource_configuration_arn": ("resourceconfiguration", "rcfg-", "resource configuration"),
    "service_network_arn": ("servicenetwork", "sn-", "service network"),
}


def _check_target(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        wanted = kind(ep.type).targets
        given = [f for f in TARGET_FIELDS if getattr(ep, f) is not None]
        given_wanted = [f for f in given if f in wanted]
        for f in given:
            if f not in wanted:
                yield hit(
                    ("endpoints", name, f),
                    "wrong-field",
                    at_key=True,
                    type=kind(ep.type).label,
                    endpoint=name,
                    field=f,
                    wanted=" or ".join(wanted),
                    kind=ep.type,
                )
        if len(given_wanted) > 1:
            yield hit(
                ("endpoints", name, given_wanted[1]),
                "both",
                at_key=True,
                endpoint=name,
                first=given_wanted[0],
                second=given_wanted[1],
            )
        if not given_wanted:
            yield hit(
                ("endpoints", name),
                at_key=True,
                type=kind(ep.type).label,
                endpoint=name,
                wanted=" or ".join(wanted),
            )
        for f in ("resource_configuration_arn", "service_network_arn"):
            arn = getattr(ep, f)
            if arn is None or f not in wanted:
                continue
            arn_kind, prefix, what = _ARN_KIND[f]
            m = _LATTICE_ARN.fullmatch(arn)
            if m is None or m["kind"] != arn_kind or not m["id"].startswith(prefix):
                yield hit(
                    ("endpoints", name, f),
                    "arn",
                    arn=arn,
                    what=what,
                    partition=ctx.spec.partition,
                    arn_kind=arn_kind,
                    prefix=prefix,
                )
            elif m["partition"] != ctx.spec.partition:
                yield hit(
                    ("endpoints", name, f),
                    "arn-partition",
                    what=what,
                    other=m["partition"],
                    partition=ctx.spec.partition,
                )


SVC007 = Rule(
    id="SVC007",
    name="endpoint-target-not-exactly-one",
    severity=Severity.ERROR,
    summary="Exactly one target per endpoint: `service` or `service_name` for interface, "
    "gateway and GWLB endpoints, `resource_configuration_arn` for resource endpoints, "
    "`service_network_arn` for service-network endpoints; the ARNs are valid VPC Lattice ARNs.",
    message="{type} endpoint '{endpoint}' names no target",
    hint="add {wanted}",
    variants=(
        Variant(
            "both",
            "endpoint '{endpoint}' gives both {first} and {second}",
            "keep one: `service` for a short AWS name, `service_name` for a full name",
        ),
        Variant(
            "wrong-field",
            "{type} endpoint '{endpoint}' cannot take {field}",
            "give only {wanted} for type {kind}",
        ),
        Variant(
            "arn",
            "'{arn}' is not a VPC Lattice {what} ARN",
            "expected arn:{partition}:vpc-lattice:<region>:<account>:{arn_kind}/{prefix}...",
        ),
        Variant(
            "arn-partition",
            "{what} ARN is in partition {other}, but the spec is in {partition}",
            "endpoints cannot reach resources in another partition",
        ),
    ),
    rationale="`service_name`, `resource_configuration_arn` and `service_network_arn` conflict "
    "in the provider and the API rejects an endpoint with none of them; the type decides "
    "which one the endpoint needs. The provider checks only that the ARNs are ARNs.",
    source=f"terraform-provider-aws vpc_endpoint.go (ConflictsWith, verify.ValidARN) "
    f"({sources.TF_VPCE}); EC2 API CreateVpcEndpoint ({sources.API_CVE})",
    url=sources.API_CVE,
    check=_check_target,
)


# --- SVC008 -----------------------------------------------------------------------------------

PREFERENCES = (
    "ALL_DOMAINS",
    "VERIFIED_DOMAINS_ONLY",
    "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS",
    "SPECIFIED_DOMAINS_ONLY",
)
_WITH_DOMAINS = ("VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS", "SPECIFIED_DOMAINS_ONLY")
# DnsOptionsSpecification: the preferences are for ServiceNetwork and Resource endpoints. The
# endpoint-type table has no column for the options inside `dns`, so the types are named here.
_PREFERENCE_TYPES = (RESOURCE, SERVICE_NETWORK)


def _check_lattice_dns(ctx: Context) -> Iterator[Hit]:
    seen: set[Path] = set()

    def once(found: Hit) -> Iterator[Hit]:
        if found.path not in seen:
            seen.add(found.path)
            yield found

    misplaced: dict[Path, list[str]] = {}
    for name, ep in ctx.endpoints():
        dns, dpath = ctx.effective(name, "dns")
        if dns is None or dpath[-1] != "dns":
            continue
        pref, domains = dns.private_dns_preference, dns.private_dns_specified_domains
        if pref is None and domains is None:
            continue
        ppath, lpath = (*dpath, "private_dns_preference"), (*dpath, "private_dns_specified_domains")
        first = ppath if pref is not None else lpath
        if ep.type not in _PREFERENCE_TYPES:
            misplaced.setdefault(first, []).append(name)
            continue
        on, _ = ctx.private_dns(name)
        if not on:
            yield from once(hit(first, "private-dns-off", at_key=True, endpoint=name))
            continue
        if pref is not None and pref not in PREFERENCES:
            yield from once(hit(ppath, "preference", preference=pref))
            continue
        if domains is not None:
            if pref not in _WITH_DOMAINS:
                yield from once(
                    hit(
                        lpath,
                        "domains-unused",
                        at_key=True,
                        endpoint=name,
                        preference=pref or "not set",
                    )
                )
            elif not 1 <= len(domains) <= 10:
                yield from once(hit(lpath, "domain-count", endpoint=name, count=len(domains)))
        elif pref in _WITH_DOMAINS:
            yield from once(hit(ppath, "no-domains", preference=pref, endpoint=name))

    for path, endpoints in misplaced.items():
        yield hit(path, at_key=True, who=whose(path, endpoints))


SVC008 = Rule(
    id="SVC008",
    name="invalid-private-dns-preference",
    severity=Severity.ERROR,
    summary="`dns.private_dns_preference` and `dns.private_dns_specified_domains` apply only to "
    "resource and service-network endpoints with private DNS on; the preference is one of "
    "ALL_DOMAINS, VERIFIED_DOMAINS_ONLY, VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS, "
    "SPECIFIED_DOMAINS_ONLY; 1 to 10 domains, only with the two *SPECIFIED* preferences.",
    message="private DNS preferences apply to resource and service-network endpoints only, not "
    "to {who}",
    hint="remove private_dns_preference / private_dns_specified_domains",
    variants=(
        Variant(
            "private-dns-off",
            "endpoint '{endpoint}' sets private DNS preferences but has private DNS off",
            "set private_dns: true, or remove the preferences",
        ),
        Variant(
            "preference",
            "'{preference}' is not a private DNS preference",
            "use one of: " + ", ".join(PREFERENCES),
        ),
        Variant(
            "domains-unused",
            "endpoint '{endpoint}' lists private DNS domains, but its preference is {preference}",
            "set private_dns_preference: SPECIFIED_DOMAINS_ONLY or "
            "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS",
        ),
        Variant(
            "domain-count",
            "endpoint '{endpoint}' lists {count} private DNS domains; AWS takes 1 to 10",
            "list between 1 and 10 domains",
        ),
        Variant(
            "no-domains",
            "private DNS preference {preference} of endpoint '{endpoint}' needs "
            "private_dns_specified_domains",
            "list the domains (1 to 10) in private_dns_specified_domains",
        ),
    ),
    rationale='EC2 documents both options as "only supported when private DNS is enabled and '
    'when the VPC endpoint type is ServiceNetwork or Resource", and the domain list "only '
    "when the private DNS preference is VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS or "
    'SPECIFIED_DOMAINS_ONLY"; the provider validates the enum and 1..10 items. Both options '
    "force replacement when changed.",
    source=f"EC2 API DnsOptionsSpecification ({sources.API_DNSOPT}); terraform-provider-aws "
    f"vpc_endpoint.go (StringInSlice, MinItems 1, MaxItems 10, ForceNew) ({sources.TF_VPCE})",
    url=sources.API_DNSOPT,
    check=_check_lattice_dns,
)


# --- SVC009 -----------------------------------------------------------------------------------

SVC009 = Rule(
    id="SVC009",
    name="endpoint-identity-forces-replacement",
    severity=Severity.INFO,
    summary="An endpoint's VPC, service, type and service_region cannot change in place; "
    "changing them replaces the endpoint.",
    message="(no finding: replacement is a property of the rendered module)",
    hint="plan the change in a maintenance window: the endpoint is destroyed and recreated",
    rationale="EC2 cannot move an endpoint between VPCs or services; the provider marks "
    "vpc_id, service_name, vpc_endpoint_type, service_region (and the Lattice ARNs) ForceNew.",
    source=f"terraform-provider-aws vpc_endpoint.go (ForceNew) ({sources.TF_VPCE}); archived "
    f'interface endpoint guide ("You cannot transfer an endpoint from one VPC to another, or '
    f'from one service to another") ({sources.DOC_IF_OLD})',
    url=sources.TF_VPCE,
    status=Status.RENDERED,
    status_reason="vpcegen sees one version of a spec, not a diff. The renderer keeps one "
    "resource address per endpoint key (so a changed service is a visible replace in the "
    "plan) and must not add create_before_destroy to endpoints: the new endpoint would be "
    "created while the old one still holds the private DNS zone (see IF011). The module "
    "README notes which spec fields force replacement.",
)

RULES: tuple[Rule, ...] = (
    SVC001,
    SVC002,
    SVC003,
    SVC004,
    SVC005,
    SVC006,
    SVC007,
    SVC008,
    SVC009,
)
