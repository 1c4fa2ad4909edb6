"""ES0xx: endpoint services this VPC provides (aws_vpc_endpoint_service), and `auto_accept`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit
from generator.rules.load_balancers import own_load_balancers
from generator.spec.models import EndpointBase

ELB_ARN = re.compile(
    r"arn:(?P<partition>[a-z0-9-]+):elasticloadbalancing:(?P<region>[a-z0-9-]*):"
    r"(?P<account>[0-9]{12}):loadbalancer/(?P<kind>[a-z]+)/(?P<name>[^/]+)/(?P<id>[^/]+)"
)
LB_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?")
LB_ID = re.compile(r"[0-9a-f]{16}")
LB_KINDS = {
    "network_load_balancer_arns": ("net", "Network Load Balancer"),
    "gateway_load_balancer_arns": ("gwy", "Gateway Load Balancer"),
}
KIND_NAMES = {"net": "Network", "gwy": "Gateway", "app": "Application"}

NLB_ARN = (
    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/orders/0123456789abcdef"
)


def _services(ctx: Context) -> Iterator[tuple[str, tuple[str, str]]]:
    for name in sorted(ctx.spec.endpoint_services):
        yield name, ("endpoint_services", name)


# --- ES001 ---------------------------------------------------------------------------------


def _check_load_balancers(ctx: Context) -> Iterator[Hit]:
    for name, base in _services(ctx):
        svc = ctx.spec.endpoint_services[name]
        nlb, gwlb = svc.network_load_balancer_arns, svc.gateway_load_balancer_arns
        own = svc.network_load_balancer
        if own is not None and (nlb is not None or gwlb is not None):
            other = (
                "network_load_balancer_arns" if nlb is not None else "gateway_load_balancer_arns"
            )
            yield hit((*base, other), "own-and-arns", at_key=True, service=name, field=other)
        elif nlb is not None and gwlb is not None:
            yield hit((*base, "gateway_load_balancer_arns"), at_key=True, service=name)
        elif nlb is None and gwlb is None and own is None:
            yield hit(base, "none", at_key=True, service=name)
        for field_name, arns in (
            ("network_load_balancer_arns", nlb),
            ("gateway_load_balancer_arns", gwlb),
        ):
            if arns is not None and not arns:
                yield hit((*base, field_name), "empty", service=name, field=field_name)


ES001 = Rule(
    id="ES001",
    name="load-balancer-kind-ambiguous",
    severity=Severity.ERROR,
    summary="An endpoint service gives exactly one of `network_load_balancer_arns` / "
    "`network_load_balancer` (the module creates it) / `gateway_load_balancer_arns`, with at "
    "least one ARN.",
    message="endpoint service '{service}' lists both Network and Gateway Load Balancer ARNs",
    hint="an endpoint service is fronted by NLBs (interface endpoints) or by GWLBs (Gateway Load "
    "Balancer endpoints); make two services if you need both",
    variants=(
        Variant(
            "none",
            "endpoint service '{service}' has no load balancer",
            "add network_load_balancer (the module creates it), or network_load_balancer_arns "
            "or gateway_load_balancer_arns with at least one ARN",
        ),
        Variant(
            "own-and-arns",
            "endpoint service '{service}' declares its network_load_balancer and also lists "
            "{field}",
            "keep one: the load balancer the module creates, or the ARNs of existing ones",
        ),
        Variant(
            "empty",
            "endpoint service '{service}' has an empty {field}",
            "list at least one load balancer ARN",
        ),
    ),
    rationale="CreateVpcEndpointServiceConfiguration needs one kind of load balancer: NLBs "
    "make an interface-endpoint service, GWLBs a Gateway Load Balancer endpoint service. The "
    "provider checks MinItems and ARN syntax, but has no ExactlyOneOf between the two lists.",
    source=f"API-CESC ({sources.API_CESC}); TF-VPCES ({sources.TF_VPCES}: MinItems 1, "
    "verify.ValidARN)",
    url=sources.API_CESC,
    check=_check_load_balancers,
)

# --- ES002 ---------------------------------------------------------------------------------


def _arn_problems(
    arn: str, want_kind: str, region: str, partition: str
) -> Iterator[tuple[str, dict[str, str]]]:
    """(ES002 variant, its fields) for each way `arn` is not a load balancer of this Region."""
    m = ELB_ARN.fullmatch(arn)
    if m is None:
        yield "not-elb", {}
        return
    if m["kind"] != want_kind:
        kind = KIND_NAMES.get(m["kind"], f"'{m['kind']}'")
        article = "an" if kind[0] in "AEIOU" else "a"
        yield "", {"kind_name": f"{article} {kind}", "kind": m["kind"]}
    if m["partition"] != partition:
        yield "partition", {"other": m["partition"]}
    if m["region"] != region:
        yield "region", {"other": m["region"] or "(none)"}
    if not LB_NAME.fullmatch(m["name"]):
        yield "lb-name", {"lb_name": m["name"]}
    if not LB_ID.fullmatch(m["id"]):
        yield "lb-id", {"lb_id": m["id"]}


_ARN = "endpoint service '{service}': '{arn}' "
_ARN_FORM = (
    "{field} takes {label} ARNs of this Region: "
    "arn:{partition}:elasticloadbalancing:{region}:<account>:loadbalancer/{want}/<name>/<id>"
)


def _check_lb_arns(ctx: Context) -> Iterator[Hit]:
    spec = ctx.spec
    for name, base in _services(ctx):
        svc = spec.endpoint_services[name]
        for field_name, (kind, label) in LB_KINDS.items():
            for i, arn in enumerate(getattr(svc, field_name) or []):
                for variant, fields in _arn_problems(arn, kind, spec.region, spec.partition):
                    yield hit(
                        (*base, field_name, i),
                        variant,
                        service=name,
                        arn=arn,
                        field=field_name,
                        label=label,
                        partition=spec.partition,
                        region=spec.region,
                        want=kind,
                        **fields,
                    )


ES002 = Rule(
    id="ES002",
    name="load-balancer-arn-mismatch",
    severity=Severity.ERROR,
    summary="Load balancer ARNs are ELBv2 ARNs of the list's kind (`loadbalancer/net/...` for "
    "NLBs, `loadbalancer/gwy/...` for GWLBs) in the spec's partition and Region.",
    message=_ARN + "is {kind_name} Load Balancer ARN (loadbalancer/{kind}/...)",
    hint=_ARN_FORM,
    variants=(
        Variant("not-elb", _ARN + "is not an Elastic Load Balancing (v2) load balancer ARN"),
        Variant("partition", _ARN + "is in partition '{other}', not '{partition}'"),
        Variant("region", _ARN + "is in Region '{other}', not the spec's {region}"),
        Variant("lb-name", _ARN + "has an invalid load balancer name '{lb_name}'"),
        Variant("lb-id", _ARN + "has an invalid load balancer ID '{lb_id}' (16 hex digits)"),
    ),
    rationale="An endpoint service and its load balancers live in one Region and account "
    "partition, and the service type follows the load balancer type. The provider only checks "
    "that the value is some ARN, so a wrong kind or Region fails at apply time.",
    source=f"TF-VPCES ({sources.TF_VPCES}: ValidARN only); ELBv2 resource ARN formats "
    f"loadbalancer/net/<name>/<id> and loadbalancer/gwy/<name>/<id> ({sources.ELB_ARNS})",
    url=sources.ELB_ARNS,
    check=_check_lb_arns,
)

# --- ES003 ---------------------------------------------------------------------------------

ES003 = Rule(
    id="ES003",
    name="acceptance-required-explicit",
    severity=Severity.ERROR,
    summary="`acceptance_required` is a required provider argument; the spec defaults it to true.",
    message="-",
    hint="-",
    rationale="The provider marks acceptance_required as Required; leaving it to a default "
    "would make the generated module invalid.",
    source=f"TF-VPCES ({sources.TF_VPCES}: `Required: true`)",
    url=sources.TF_VPCES_DOC,
    status=Status.RENDERED,
    status_reason="the renderer always writes acceptance_required on aws_vpc_endpoint_service, "
    "true unless the spec says false",
)

# --- ES004 ---------------------------------------------------------------------------------


def _check_auto_accept_public(ctx: Context) -> Iterator[Hit]:
    for name, base in _services(ctx):
        svc = ctx.spec.endpoint_services[name]
        if not svc.acceptance_required and "*" in svc.allowed_principals:
            yield hit((*base, "acceptance_required"), service=name)


ES004 = Rule(
    id="ES004",
    name="public-service-auto-accepts",
    severity=Severity.WARNING,
    summary="`acceptance_required: false` with the `*` principal connects any AWS account "
    "without approval.",
    message="endpoint service '{service}' accepts every connection automatically and allows any "
    "principal ('*'): anyone who learns its name is connected at once",
    hint="set acceptance_required: true (and accept consumers with accept_endpoints), or list "
    "the principals that may connect",
    rationale="With '*' the service is public, and without acceptance each request to attach "
    "an endpoint is approved immediately, so anyone who learns the service name reaches the "
    "load balancer. This finding replaces PRN003 for this combination.",
    source=f"API-PERM ({sources.API_PERM}): 'If you grant permissions to all principals, the "
    "service is public. Any users who know the name of a public service can send a request to "
    "attach an endpoint. If the service does not require manual approval, attachments are "
    "automatically approved.'",
    url=sources.API_PERM,
    check=_check_auto_accept_public,
)

# --- ES005 / ES006 -------------------------------------------------------------------------


def _check_zones(ctx: Context) -> Iterator[Hit]:
    for key, svc, nlb, base in own_load_balancers(ctx):
        group = ctx.spec.network.subnet_groups.get(nlb.subnet_group)
        if group is None:  # SPEC005 reports it
            continue
        azs = group.availability_zone_ids
        count = len(azs) if azs else (len(group.ids) if group.ids is not None else None)
        if count is not None and count < 2:
            yield hit((*base, "subnet_group"), "one-az", service=key, group=nlb.subnet_group)
        for i, az in enumerate(svc.consumer_availability_zone_ids or []):
            if azs and az not in azs:
                yield hit(
                    ("endpoint_services", key, "consumer_availability_zone_ids", i),
                    service=key,
                    az=az,
                    group=nlb.subnet_group,
                    azs=", ".join(azs),
                )


def _guard_zones(refs: ModuleRefs) -> Iterator[Placed]:
    """Subnets given as inputs without AZ IDs: compare their AZs with the consumers' once
    Terraform knows them."""
    for key, svc in refs.resolved.endpoint_services:
        nlb = svc.network_load_balancer
        consumers = svc.consumer_availability_zone_ids
        if nlb is None or not consumers:
            continue
        group = refs.resolved.spec.network.subnet_groups.get(nlb.subnet_group)
        if group is None or group.availability_zone_ids:
            continue
        missing = (
            f"setsubtract({hcl.string_list(consumers)}, "
            f"{refs.subnet_data(nlb.subnet_group)}[*].availability_zone_id)"
        )
        yield Placed(
            "check",
            f"es005_{hcl.identifier(key)}",
            Assertion(
                f"length({missing}) == 0",
                hcl.template(
                    f"ES005: the load balancer of endpoint service '{key}' has no subnet in "
                    "the consumers' AZ(s) ",
                    hcl.Interp(f'join(", ", sort({missing}))'),
                    f"; consumers there cannot create endpoints. Add subnets in those AZs to "
                    f"group '{nlb.subnet_group}'.",
                ),
            ),
            comment=f"ES005: the load balancer of '{key}' should be in every AZ its consumers use.",
        )


ES005 = Rule(
    id="ES005",
    name="load-balancer-zones",
    severity=Severity.WARNING,
    summary="Consumers reach the service only in Availability Zones its load balancer is "
    "enabled in; enable the NLB in every AZ consumers use (at least two).",
    message="endpoint service '{service}': consumers use {az}, but the load balancer's subnet "
    "group '{group}' is in {azs} only",
    hint="add a subnet in {az} to the group (AZ IDs are the same in every account; AZ names "
    "are not)",
    variants=(
        Variant(
            "one-az",
            "endpoint service '{service}': the load balancer's subnet group '{group}' has one "
            "Availability Zone",
            "use subnets in at least two AZs, so consumers keep the service when one fails",
        ),
    ),
    rationale="An interface endpoint can be created only in AZs the service supports, which "
    "are the load balancer's AZs; AZ names differ between accounts, so agree on AZ IDs.",
    source=f"DOC-CES ({sources.DOC_CES}); DOC-SHARE ({sources.DOC_SHARE}): 'we recommend that "
    "you make your service available in at least two Availability Zones'",
    url=sources.DOC_SHARE,
    status_reason="Checked for a network_load_balancer the spec declares: its subnet group's "
    "AZ IDs against consumer_availability_zone_ids, and at least two AZs. When the subnets are "
    "inputs without AZ IDs, the module carries a check block (warning, 'ES005: ...') comparing "
    "the subnets' AZ IDs with the consumers'. Load balancers given by ARN are not checked.",
    check=_check_zones,
    guard=_guard_zones,
    guard_sites=("check",),
)


def _check_ppv2(ctx: Context) -> Iterator[Hit]:
    for key, _, nlb, base in own_load_balancers(ctx):
        for name in sorted(nlb.target_groups):
            if nlb.target_groups[name].proxy_protocol_v2:
                yield hit(
                    (*base, "target_groups", name, "proxy_protocol_v2"), service=key, group=name
                )


ES006 = Rule(
    id="ES006",
    name="proxy-protocol-v2",
    severity=Severity.WARNING,
    summary="With Proxy Protocol v2 on, every connection (health checks too) starts with a "
    "binary PROXY v2 header that the targets must parse; without it, targets see only the "
    "NLB's private addresses.",
    message="endpoint service '{service}': target group '{group}' sends a PROXY protocol v2 "
    "header before the first byte of every connection, health checks included; the "
    "application must read it (consumer address, and the VPC endpoint ID in TLV 0xEA) or it "
    "fails on the first bytes",
    hint="turn on PROXY v2 parsing in the server before enabling it (nginx `listen ... "
    "proxy_protocol`, HAProxy `accept-proxy`, Envoy's proxy_protocol listener filter), then "
    "suppress ES006",
    rationale="PrivateLink source-NATs traffic to the load balancer; the PPv2 header carries "
    "the consumer's address and VPC endpoint ID. A server that does not expect it reads the "
    "header as application data ('HTTP 400: Bad request'), and health checks fail too.",
    source=f"NLB guide, Proxy protocol ({sources.NLB_PPV2}): 'Before you enable proxy "
    "protocol on a target group, make sure that your applications expect and can parse the "
    "proxy protocol v2 header, otherwise, they might fail'; 'the proxy protocol header is also "
    "included in health check connections'; 'The proxy protocol header also includes the ID "
    f"of the endpoint' (PP2_TYPE_AWS 0xEA); DOC-CES ({sources.DOC_CES}); TF-LBTG-DOC "
    f"({sources.TF_LBTG_DOC})",
    url=sources.NLB_PPV2,
    status_reason="Checked for target groups of a network_load_balancer the spec declares. For "
    "load balancers given by ARN the module cannot see their target groups.",
    check=_check_ppv2,
)

# --- ES007 ---------------------------------------------------------------------------------


def _check_gwlb_private_dns(ctx: Context) -> Iterator[Hit]:
    for name, base in _services(ctx):
        svc = ctx.spec.endpoint_services[name]
        if svc.private_dns_name is not None and svc.gateway_load_balancer_arns is not None:
            yield hit((*base, "private_dns_name"), service=name)


ES007 = Rule(
    id="ES007",
    name="private-dns-name-on-gwlb-service",
    severity=Severity.ERROR,
    summary="`private_dns_name` applies only to Network Load Balancer (interface endpoint) "
    "services, one name per service.",
    message="endpoint service '{service}' is fronted by Gateway Load Balancers, which take no "
    "private DNS name",
    hint="remove private_dns_name (and private_dns_verification); private DNS names are for "
    "Network Load Balancer services",
    rationale="PrivateDnsName is an '(Interface endpoint configuration)' parameter, and private "
    "DNS names are not supported for Gateway Load Balancer endpoints. The spec language takes "
    "one name (a string), so 'at most one' holds by construction.",
    source=f"API-CESC ({sources.API_CESC}): '(Interface endpoint configuration) The private "
    f"DNS name'; DOC-DNSNAMES ({sources.DOC_DNSNAMES}): 'An endpoint service can have only one "
    "private DNS name'",
    url=sources.DOC_DNSNAMES,
    check=_check_gwlb_private_dns,
)

# --- ES008 / ES009 / ES010 -----------------------------------------------------------------

ES008 = Rule(
    id="ES008",
    name="endpoint-service-tags",
    severity=Severity.INFO,
    summary="Endpoint services can be tagged (TagSpecifications at create; `tags` in the "
    "provider); older guidance saying they cannot is outdated.",
    message="-",
    hint="-",
    rationale="The module tags every endpoint service like the other resources (TAG006).",
    source=f"API-CESC ({sources.API_CESC}); TF-VPCES ({sources.TF_VPCES})",
    url=sources.API_CESC,
    status=Status.RENDERED,
    status_reason="the renderer sets `tags` on aws_vpc_endpoint_service (the spec's tags, "
    "Name, and the service's own tags)",
)

ES009 = Rule(
    id="ES009",
    name="principals-managed-twice",
    severity=Severity.WARNING,
    summary="Do not manage one principal both in `aws_vpc_endpoint_service.allowed_principals` "
    "and in an `aws_vpc_endpoint_service_allowed_principal` resource.",
    message="-",
    hint="-",
    rationale="The two overwrite each other's associations, so plans never settle.",
    source=f"TF-VPCES-DOC ({sources.TF_VPCES_DOC}); TF-AP-DOC ({sources.TF_AP_DOC})",
    url=sources.TF_AP_DOC,
    status=Status.RENDERED,
    status_reason="the renderer never sets the inline allowed_principals argument; each entry "
    "of `allowed_principals` becomes its own aws_vpc_endpoint_service_allowed_principal "
    "resource, so no principal is managed twice",
)

ES010 = Rule(
    id="ES010",
    name="computed-service-name",
    severity=Severity.INFO,
    summary="The service name (`com.amazonaws.vpce.<region>.<vpce-svc-id>`) and its DNS "
    "hostnames are computed by AWS; consumers must use the computed name.",
    message="-",
    hint="-",
    rationale="The service ID is assigned at creation, so consumers cannot know the name "
    "before apply.",
    source=f"DOC-SHARE, DNS hostnames ({sources.DOC_SHARE})",
    url=sources.DOC_SHARE,
    status=Status.RENDERED,
    status_reason="the renderer outputs each service's id, service_name, "
    "base_endpoint_dns_names and private_dns_name_configuration for consumers to use",
)

# --- ES011 ---------------------------------------------------------------------------------


def is_endpoint_service_name(ctx: Context, ep: EndpointBase) -> bool:
    """An endpoint service of another account or AWS Marketplace, in any partition."""
    if not ep.service_name:
        return False
    from generator.spec.regions import load_regions

    prefixes = {"com.amazonaws.vpce"}
    own = load_regions().endpoint_service_prefix(ctx.spec.partition)
    if own:
        prefixes.add(own)
    return any(ep.service_name.startswith(p + ".") for p in prefixes)


def _check_auto_accept(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints():
        if ep.auto_accept and is_endpoint_service_name(ctx, ep):
            yield hit(("endpoints", name, "auto_accept"), endpoint=name, service=ep.service_name)


ES011 = Rule(
    id="ES011",
    name="auto-accept-other-account",
    severity=Severity.WARNING,
    summary="`auto_accept` on an endpoint to an endpoint service (com.amazonaws.vpce.*) works "
    "only when the service is in the same account.",
    message="endpoint '{endpoint}': auto_accept works only when the endpoint service ({service}) "
    "belongs to this same account",
    hint="for another account's service, drop auto_accept and have the provider accept the "
    "connection (aws_vpc_endpoint_connection_accepter or the service's accept_endpoints); "
    "suppress ES011 if the service is yours",
    rationale="With auto_accept the provider accepts the connection itself, with the "
    "module's own credentials, which can accept only for services of the same account. For "
    "another account's service the endpoint stays pendingAcceptance until its owner accepts "
    "it. The spec cannot tell the service's account, so this is a warning to suppress when "
    "the service is yours.",
    source=f"TF-VPCE-DOC ({sources.TF_VPCE_DOC}): auto_accept 'Accept the VPC endpoint (the "
    "VPC endpoint and service need to be in the same AWS account)'",
    url=sources.TF_VPCE_DOC,
    check=_check_auto_accept,
)

# --- ES012 ---------------------------------------------------------------------------------


_UNKNOWN_REGION = (
    "endpoint service '{service}': '{region}' is not a known Region of partition '{partition}'"
)


def _check_supported_regions(ctx: Context) -> Iterator[Hit]:
    from generator.spec.regions import load_regions

    regions = load_regions()
    partition = ctx.spec.partition
    for name, base in _services(ctx):
        svc = ctx.spec.endpoint_services[name]
        for i, region in enumerate(svc.supported_regions or []):
            if regions.is_region(region, partition):
                continue
            home = regions.partition_of(region)
            if home is not None:
                yield hit(
                    (*base, "supported_regions", i),
                    "partition",
                    service=name,
                    region=region,
                    home=home,
                    partition=partition,
                )
                continue
            close = regions.suggest_region(region, partition)
            fields = {"service": name, "region": region, "partition": partition}
            if close:
                yield hit((*base, "supported_regions", i), close=close[0], **fields)
            else:
                yield hit((*base, "supported_regions", i), "no-close", **fields)


ES012 = Rule(
    id="ES012",
    name="unknown-supported-region",
    severity=Severity.ERROR,
    summary="Each `supported_regions` entry is a known Region of the spec's partition.",
    message=_UNKNOWN_REGION,
    hint="did you mean '{close}'?",
    variants=(
        Variant("no-close", _UNKNOWN_REGION, "use Region codes like eu-central-1"),
        Variant(
            "partition",
            "endpoint service '{service}': Region '{region}' is in partition '{home}', not "
            "'{partition}'",
            "cross-Region PrivateLink stays within one partition; remove the Region",
        ),
    ),
    rationale="SupportedRegions lists the Regions consumers may connect from; a misspelt or "
    "foreign-partition Region is rejected at apply time (the provider does not validate the "
    "values). ES012 is a new ID: no catalog rule covered these values (SPEC009 checks only "
    "the spec's own `region`, XR002 the consumer side). The module always renders the "
    "service's own Region in the list (whether the spec names it or not): AWS reports it in "
    "SupportedRegions even when no Region was requested (terraform-provider-aws "
    "vpc_endpoint_service_test.go, TestAccVPCEndpointService_basic: no supported_regions in "
    "the configuration, supported_regions.# = 1, the provider's Region; the cross-Region test "
    "always lists the home Region), and the provider sends the set as written, so a list "
    "without it would show a change on every plan.",
    source=f"API-CESC ({sources.API_CESC}): 'SupportedRegions: The Regions from which service "
    f"consumers can access the service'; AWS Regions ({sources.REGIONS}); "
    "terraform-provider-aws internal/service/ec2/vpc_endpoint_service_test.go "
    "(TestAccVPCEndpointService_basic, _crossRegion)",
    url=sources.API_CESC,
    check=_check_supported_regions,
    deviation="New ID (not in contract v1): no v1 rule checked an endpoint service's "
    "supported_regions values (SPEC009 covers only the spec's own region, XR002 the "
    "consumer side), and the provider does not validate them.",
)

# --- ES013 ---------------------------------------------------------------------------------


def _check_accept_without_acceptance(ctx: Context) -> Iterator[Hit]:
    for name, base in _services(ctx):
        svc = ctx.spec.endpoint_services[name]
        if svc.accept_endpoints and not svc.acceptance_required:
            yield hit((*base, "accept_endpoints"), at_key=True, service=name)


ES013 = Rule(
    id="ES013",
    name="accept-endpoints-without-acceptance",
    severity=Severity.WARNING,
    summary="`accept_endpoints` only makes sense with `acceptance_required: true`.",
    message="endpoint service '{service}' accepts connections automatically "
    "(acceptance_required: false), so accept_endpoints has nothing to accept",
    hint="remove accept_endpoints, or set acceptance_required: true to approve consumers one by "
    "one",
    rationale="Each entry becomes an aws_vpc_endpoint_connection_accepter. With automatic "
    "acceptance it accepts nothing, but destroying it (removing the entry later) rejects "
    "that endpoint's connection, which is surprising for a list that seemed inert. ES013 is a "
    "new ID: ES004 is about public services, and this applies to any principals.",
    source=f"TF accepter ({sources.TF_ACCEPTER}: create calls AcceptVpcEndpointConnections, "
    "delete calls RejectVpcEndpointConnections); API-CESC "
    f"({sources.API_CESC}, AcceptanceRequired)",
    url=sources.TF_ACCEPTER,
    check=_check_accept_without_acceptance,
    deviation="New ID (not in contract v1): accept_endpoints is a spec-language key v1 did not "
    "have; with acceptance_required: false it accepts nothing but rejects a connection "
    "when later removed.",
)

RULES: tuple[Rule, ...] = (
    ES001,
    ES002,
    ES003,
    ES004,
    ES005,
    ES006,
    ES007,
    ES008,
    ES009,
    ES010,
    ES011,
    ES012,
    ES013,
)
