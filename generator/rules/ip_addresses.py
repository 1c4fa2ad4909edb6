"""IP0xx: IP address types, DNS record types and fixed endpoint addresses.

`ip_address_type`, `dns.record_ip_type` and `supported_ip_address_types` are plain strings in
the models so that these rules, not a generic shape error, report a wrong value.

Subnet facts come from the subnet group (`ipv4`, default true; `ipv6`, default false), which
the author asserts. What the spec cannot know (the real ranges of input subnets, the IP types a
custom endpoint service accepts) the generated module checks at plan time, with the rule ID at
the start of the precondition's message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit, takes
from generator.rules.plan_helpers import message, same_region_service, subnet_endpoints
from generator.spec.endpoint_types import INTERFACE, KINDS, types_taking
from generator.spec.models import DnsOptions, SubnetGroup

IP_ADDRESS_TYPES = ("ipv4", "dualstack", "ipv6")
DNS_RECORD_IP_TYPES = ("ipv4", "dualstack", "ipv6", "service-defined")
SERVICE_IP_TYPES = ("ipv4", "ipv6")

# dns_record_ip_type -> the ip_address_type values it works with (CDK-DNS).
RECORD_NEEDS: dict[str, tuple[str, ...]] = {
    "ipv4": ("ipv4", "dualstack"),
    "ipv6": ("ipv6", "dualstack"),
    "dualstack": ("dualstack",),
    "service-defined": ("dualstack",),
}


def _enum_case(value: str, allowed: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """The variant (of _enum_variants) and fields for a value outside `allowed`."""
    lowered = value.strip().lower()
    if lowered in allowed:
        return "case", {"lowered": lowered}
    if lowered in ("dual-stack", "dual_stack", "dual"):
        return "dual-stack", {}
    return "", {"allowed": ", ".join(allowed)}


def _enum_variants(message: str) -> tuple[Variant, ...]:
    """The hint cases of IP001/IP005/IP010 (the rule's own hint lists the allowed values)."""
    return (
        Variant("case", message, "write '{lowered}' (the provider's validation is case-sensitive)"),
        Variant("dual-stack", message, "write 'dualstack'"),
    )


_ENUM_HINT = "use one of: {allowed}"


# --- where the values are ---------------------------------------------------------------------


def _ip_type_sites(ctx: Context) -> Iterator[tuple[str, Path, str]]:
    """(value, path, who) for every ip_address_type the user wrote."""
    for etype in _defaulting("ip_address_type"):
        path: Path = ("defaults", etype, "ip_address_type")
        value = _raw(ctx, path)
        if isinstance(value, str):
            yield value, path, f"defaults.{etype}"
    for name, ep in ctx.endpoints():
        path = ("endpoints", name, "ip_address_type")
        if ctx.has(path) and ep.ip_address_type is not None:
            yield ep.ip_address_type, path, f"endpoint '{name}'"


def _record_type_sites(ctx: Context) -> Iterator[tuple[str, Path, str]]:
    for etype in _defaulting("dns"):
        path: Path = ("defaults", etype, "dns", "record_ip_type")
        value = _raw(ctx, path)
        if isinstance(value, str):
            yield value, path, f"defaults.{etype}"
    for name, ep in ctx.endpoints():
        path = ("endpoints", name, "dns", "record_ip_type")
        if ctx.has(path) and ep.dns is not None and ep.dns.record_ip_type is not None:
            yield ep.dns.record_ip_type, path, f"endpoint '{name}'"


def _defaulting(field_name: str) -> list[str]:
    """The endpoint types whose `defaults` entry may set `field_name`."""
    return [k.name for k in KINDS.values() if field_name in k.defaults]


def _raw(ctx: Context, path: Path) -> Any:
    node: Any = ctx.data
    for elem in path:
        if not isinstance(node, dict) or elem not in node:
            return None
        node = node[elem]
    return node


def valid_ip_type(ctx: Context, name: str) -> tuple[str | None, Path]:
    """The endpoint's effective ip_address_type if it is a valid one (else None)."""
    value, path = ctx.effective(name, "ip_address_type")
    return (value if value in IP_ADDRESS_TYPES else None), path


def _record_type(ctx: Context, name: str) -> tuple[str | None, Path]:
    """The endpoint's effective dns.record_ip_type if valid, with the path of the value."""
    dns, path = ctx.effective(name, "dns")
    if not isinstance(dns, DnsOptions) or dns.record_ip_type not in DNS_RECORD_IP_TYPES:
        return None, path
    return dns.record_ip_type, (*path, "record_ip_type")


def endpoint_group(ctx: Context, name: str) -> tuple[str, SubnetGroup] | None:
    group_name = ctx.value(name, "subnet_group")
    if not isinstance(group_name, str):
        return None
    group = ctx.spec.network.subnet_groups.get(group_name)
    return (group_name, group) if group is not None else None


# --- IP001 / IP005 / IP010: enum values ------------------------------------------------------


_NOT_IP_TYPE = "{who}: '{value}' is not an IP address type"


def _check_ip_type_values(ctx: Context) -> Iterator[Hit]:
    for value, path, who in _ip_type_sites(ctx):
        if value not in IP_ADDRESS_TYPES:
            variant, fields = _enum_case(value, IP_ADDRESS_TYPES)
            yield hit(path, variant, who=who, value=value, **fields)


IP001 = Rule(
    id="IP001",
    name="invalid-ip-address-type",
    severity=Severity.ERROR,
    summary="`ip_address_type` is one of ipv4, dualstack, ipv6 (lower-case).",
    message=_NOT_IP_TYPE,
    hint=_ENUM_HINT,
    variants=_enum_variants(_NOT_IP_TYPE),
    rationale="The EC2 API accepts only these values, and terraform-provider-aws validates the "
    "argument with enum.Validate, whose string match is case-sensitive (StringInSlice with "
    "ignoreCase=false): 'IPv4' fails at plan time, so vpcegen requires the lower-case AWS "
    "spelling too and suggests it.",
    source=f"API-CVE ({sources.API_CVE}: IpAddressType); TF-VPCE ({sources.TF_VPCE}: "
    "enum.Validate[awstypes.IpAddressType])",
    url=sources.API_CVE,
    check=_check_ip_type_values,
)


_NOT_RECORD_TYPE = "{who}: '{value}' is not a DNS record IP type"


def _check_record_type_values(ctx: Context) -> Iterator[Hit]:
    for value, path, who in _record_type_sites(ctx):
        if value not in DNS_RECORD_IP_TYPES:
            variant, fields = _enum_case(value, DNS_RECORD_IP_TYPES)
            yield hit(path, variant, who=who, value=value, **fields)


IP005 = Rule(
    id="IP005",
    name="invalid-dns-record-ip-type",
    severity=Severity.ERROR,
    summary="`dns.record_ip_type` is one of ipv4, dualstack, ipv6, service-defined (lower-case).",
    message=_NOT_RECORD_TYPE,
    hint=_ENUM_HINT,
    variants=_enum_variants(_NOT_RECORD_TYPE),
    rationale="DnsOptionsSpecification.DnsRecordIpType takes only these values; the provider "
    "validates them case-sensitively (enum.Validate[awstypes.DnsRecordIpType]).",
    source=f"API-DNSOPT ({sources.API_DNSOPT}); TF-VPCE ({sources.TF_VPCE})",
    url=sources.API_DNSOPT,
    check=_check_record_type_values,
)


_NOT_SERVICE_TYPE = "endpoint service '{service}': '{value}' is not a supported IP address type"


def _check_service_ip_types(ctx: Context) -> Iterator[Hit]:
    for sname, svc in sorted(ctx.spec.endpoint_services.items()):
        for i, value in enumerate(svc.supported_ip_address_types or []):
            if value not in SERVICE_IP_TYPES:
                variant, fields = _enum_case(value, SERVICE_IP_TYPES)
                if value.strip().lower() in ("dualstack", "dual-stack"):
                    variant, fields = "both", {}
                yield hit(
                    ("endpoint_services", sname, "supported_ip_address_types", i),
                    variant,
                    service=sname,
                    value=value,
                    **fields,
                )


IP010 = Rule(
    id="IP010",
    name="invalid-service-ip-address-type",
    severity=Severity.ERROR,
    summary="Endpoint service `supported_ip_address_types` entries are ipv4 or ipv6.",
    message=_NOT_SERVICE_TYPE,
    hint=_ENUM_HINT,
    variants=(
        *_enum_variants(_NOT_SERVICE_TYPE),
        Variant("both", _NOT_SERVICE_TYPE, "list both: [ipv4, ipv6]"),
    ),
    rationale="CreateVpcEndpointServiceConfiguration takes SupportedIpAddressTypes ipv4 | ipv6 "
    "(a dual-stack service lists both); the provider validates the values case-sensitively "
    "(enum.Validate[awstypes.ServiceConnectivityType]).",
    source=f"API-CESC ({sources.API_CESC}); TF-VPCES ({sources.TF_VPCES})",
    url=sources.API_CESC,
    check=_check_service_ip_types,
)


# --- IP002 / IP003 / IP004: IP type vs subnets and service ----------------------------------


def _service_lacks_ipv6(ctx: Context, name: str) -> str | None:
    """The service's title when the catalog says it has no IPv6 support (interface only)."""
    ep = ctx.spec.endpoints[name]
    if ep.type != INTERFACE:
        return None
    info = ctx.service_info(ep)
    if info is None or info.ipv6 != "no":
        return None
    return f"{info.title} ({ctx.service_short(ep)})"


def _check_ipv4(ctx: Context) -> Iterator[Hit]:
    for name, _ep in ctx.endpoints(*types_taking("subnet_group")):
        ip_type, path = valid_ip_type(ctx, name)
        found = endpoint_group(ctx, name)
        if ip_type != "ipv4" or found is None:
            continue
        gname, group = found
        if not group.ipv4:
            yield hit(path, endpoint=name, group=gname)


_GUARD_FAMILIES = {"ipv4": ["ipv4"], "dualstack": ["ipv4", "ipv6"], "ipv6": ["ipv6"]}


_GUARD_RULE = {"ipv4": "IP002", "dualstack": "IP003", "ipv6": "IP004"}


def _guard_ip_address_type(refs: ModuleRefs, rule_id: str) -> Iterator[Placed]:
    """The guards of one of IP002 (ipv4), IP003 (dualstack), IP004 (ipv6)."""
    for ep, group in subnet_endpoints(refs):
        kind = ep.ip_address_type or ""
        if kind not in _GUARD_RULE:
            continue
        subnets = refs.subnet_data(group)
        if kind in ("ipv4", "dualstack") and rule_id == _GUARD_RULE[kind]:
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f"alltrue([for s in {subnets} : !s.ipv6_native])",
                    message(
                        rule_id,
                        f"endpoint '{ep.key}' uses ip_address_type {kind}, but a subnet of "
                        f"group '{group}' is IPv6-only.",
                    ),
                ),
            )
        if kind == "dualstack" and rule_id == "IP003":
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f'alltrue([for s in {subnets} : s.ipv6_cidr_block != ""])',
                    message(
                        "IP003",
                        f"endpoint '{ep.key}' is dualstack, but a subnet of group '{group}' "
                        "has no IPv6 CIDR block.",
                    ),
                ),
            )
        if kind == "ipv6" and rule_id == "IP004":
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f"alltrue([for s in {subnets} : s.ipv6_native])",
                    message(
                        "IP004",
                        f"endpoint '{ep.key}' uses ip_address_type ipv6, which needs IPv6-only "
                        f"subnets; a subnet of group '{group}' has an IPv4 range.",
                    ),
                ),
            )
        if same_region_service(ep) and rule_id == _GUARD_RULE[kind]:
            svc = refs.service_data(ep)
            for family in _GUARD_FAMILIES[kind]:
                yield Placed(
                    "endpoint",
                    ep.key,
                    Assertion(
                        f'contains({svc}.supported_ip_address_types, "{family}")',
                        message(
                            rule_id,
                            f"endpoint '{ep.key}' uses ip_address_type {kind}, but "
                            f"{ep.service_name} does not accept {family}.",
                        ),
                    ),
                )
    if rule_id == "IP003":
        yield from _guard_ipv6_subnets(refs)


def _guard_ipv6_subnets(refs: ModuleRefs) -> Iterator[Placed]:
    """IP003: a group the spec says has IPv6 has an IPv6 range (postcondition on the read)."""
    for group in sorted({g for _, g in subnet_endpoints(refs)}):
        if not refs.resolved.subnet_group(group).ipv6:
            continue
        refs.subnet_data(group)
        yield Placed(
            "subnets",
            group,
            Assertion(
                'self.ipv6_cidr_block != ""',
                hcl.template(
                    "IP003: subnet ",
                    hcl.Interp("self.id"),
                    f" of group '{group}' has no IPv6 CIDR block, but the spec says the group "
                    "has IPv6.",
                ),
            ),
        )


def _guard_ipv4(refs: ModuleRefs) -> Iterator[Placed]:
    return _guard_ip_address_type(refs, "IP002")


def _guard_dualstack(refs: ModuleRefs) -> Iterator[Placed]:
    return _guard_ip_address_type(refs, "IP003")


def _guard_ipv6(refs: ModuleRefs) -> Iterator[Placed]:
    return _guard_ip_address_type(refs, "IP004")


IP002 = Rule(
    id="IP002",
    name="ipv4-endpoint-without-ipv4-subnets",
    severity=Severity.ERROR,
    summary="ip_address_type ipv4 needs subnets with IPv4 ranges (and a service that accepts "
    "IPv4).",
    message="endpoint '{endpoint}' uses ip_address_type ipv4, but subnet group '{group}' is "
    "IPv6-only (ipv4: false)",
    hint="use ip_address_type: ipv6 for IPv6-only subnets, or a subnet group with IPv4 ranges",
    rationale='"IPv4: This option is supported only if all selected subnets have IPv4 address '
    'ranges and the endpoint service accepts IPv4 requests." Every AWS service accepts IPv4, '
    "so the service side is not checked.",
    source=f"CDK-IPT ({sources.CDK_IPT}); API-CVE ({sources.API_CVE})",
    url=sources.CDK_IPT,
    status_reason="Checked against the subnet group's asserted `ipv4` fact. The generated "
    'module also reads every subnet (data "aws_subnet") and fails the plan with a '
    "precondition message starting 'IP002' when a subnet has no IPv4 range (cidr_block empty, "
    "ipv6_native true).",
    check=_check_ipv4,
    guard=_guard_ipv4,
    guard_sites=("endpoint",),
)


def _vpc_without_ipv6(ctx: Context) -> bool:
    """The author explicitly states the VPC has no IPv6 CIDR."""
    return ctx.has(("network", "vpc", "ipv6")) and not ctx.spec.network.vpc.ipv6


def _endpoints_using(
    ctx: Context, kind: str
) -> Iterator[tuple[str, Path, str | None, tuple[str, SubnetGroup] | None]]:
    """Endpoints whose ip_address_type is `kind`: (name, path of the setting, the service when
    it lacks IPv6, the subnet group when the endpoint type takes one)."""
    for name, ep in ctx.endpoints():
        ip_type, path = valid_ip_type(ctx, name)
        if ip_type != kind:
            continue
        found = endpoint_group(ctx, name) if takes(ep, "subnet_group") else None
        yield name, path, _service_lacks_ipv6(ctx, name), found


def _check_dualstack(ctx: Context) -> Iterator[Hit]:
    for name, path, lacking, found in _endpoints_using(ctx, "dualstack"):
        if lacking is not None:
            yield hit(path, "service", endpoint=name, service=lacking)
            continue
        if found is None:
            continue
        gname, group = found
        missing = [f for f, has in (("IPv4", group.ipv4), ("IPv6", group.ipv6)) if not has]
        if missing:
            key = "ipv6" if "IPv6" in missing else "ipv4"
            yield hit(path, endpoint=name, group=gname, missing=" or ".join(missing), key=key)
        elif _vpc_without_ipv6(ctx):
            yield hit(path, "vpc", endpoint=name)


IP003 = Rule(
    id="IP003",
    name="dualstack-endpoint-without-ipv6",
    severity=Severity.ERROR,
    summary="ip_address_type dualstack needs subnets with both IPv4 and IPv6 ranges and a "
    "service that accepts IPv6.",
    message="endpoint '{endpoint}' uses ip_address_type dualstack, but subnet group '{group}' "
    "has no {missing} ranges ({key}: false)",
    hint="dualstack needs subnets with both IPv4 and IPv6 ranges; set the subnet group's ipv6: "
    "true if its subnets have IPv6 CIDRs, or use ip_address_type: ipv4",
    variants=(
        Variant(
            "service",
            "endpoint '{endpoint}' uses ip_address_type dualstack, but {service} does not "
            "support IPv6 endpoints",
            "use ip_address_type: ipv4",
        ),
        Variant(
            "vpc",
            "endpoint '{endpoint}' uses ip_address_type dualstack, but the VPC has no IPv6 CIDR "
            "(network.vpc.ipv6: false)",
            "associate an IPv6 CIDR with the VPC and its subnets, or use ipv4",
        ),
    ),
    rationale='"Dualstack: This option is supported only if all selected subnets have both '
    "IPv4 and IPv6 address ranges and the endpoint service accepts both IPv4 and IPv6 "
    "requests.\" Service support comes from the catalog's ipv6 fact (interface endpoints; an "
    "unknown fact is silent; gateway endpoints are rule GW009's).",
    source=f"CDK-IPT ({sources.CDK_IPT}); vpcegen service catalog (ipv6 fact)",
    url=sources.CDK_IPT,
    status_reason="Checked against the subnet group's asserted `ipv4`/`ipv6` facts and the "
    'catalog. The generated module also reads every subnet (data "aws_subnet") and fails the '
    "plan ('IP003 ...') when one lacks cidr_block or ipv6_cidr_block; for endpoint services "
    '(service_name) it reads data "aws_vpc_endpoint_service" and requires '
    "supported_ip_address_types to contain ipv6.",
    check=_check_dualstack,
    guard=_guard_dualstack,
    guard_sites=("endpoint", "subnets"),
)


def _check_ipv6(ctx: Context) -> Iterator[Hit]:
    for name, path, lacking, found in _endpoints_using(ctx, "ipv6"):
        if lacking is not None:
            yield hit(path, "service", endpoint=name, service=lacking)
            continue
        if found is None:
            continue
        gname, group = found
        if group.ipv4 or not group.ipv6:
            yield hit(path, "" if group.ipv4 else "no-ipv6", endpoint=name, group=gname)


IP004 = Rule(
    id="IP004",
    name="ipv6-endpoint-outside-ipv6-only-subnets",
    severity=Severity.ERROR,
    summary="ip_address_type ipv6 needs IPv6-only subnets and a service that accepts IPv6.",
    message="endpoint '{endpoint}' uses ip_address_type ipv6, but subnet group '{group}' has "
    "IPv4 ranges (ipv4: true); ipv6 needs IPv6-only subnets",
    hint="use ip_address_type: dualstack for dual-stack subnets, or an IPv6-only subnet group "
    "(ipv4: false, ipv6: true)",
    variants=(
        Variant(
            "no-ipv6",
            "endpoint '{endpoint}' uses ip_address_type ipv6, but subnet group '{group}' has no "
            "IPv6 ranges; ipv6 needs IPv6-only subnets",
        ),
        Variant(
            "service",
            "endpoint '{endpoint}' uses ip_address_type ipv6, but {service} does not support "
            "IPv6 endpoints",
            "use ip_address_type: ipv4 in IPv4 (or dual-stack) subnets",
        ),
    ),
    rationale='"IPv6: This option is supported only if all selected subnets are IPv6 only '
    'subnets and the endpoint service accepts IPv6 requests."',
    source=f"CDK-IPT ({sources.CDK_IPT}); vpcegen service catalog (ipv6 fact)",
    url=sources.CDK_IPT,
    status_reason="Checked against the subnet group's asserted facts and the catalog. The "
    'generated module also requires data "aws_subnet" ipv6_native == true for every subnet '
    "('IP004 ...'), and for endpoint services (service_name) data "
    '"aws_vpc_endpoint_service" supported_ip_address_types to contain ipv6.',
    check=_check_ipv6,
    guard=_guard_ipv6,
    guard_sites=("endpoint",),
)


# --- IP006: DNS record type vs IP address type ------------------------------------------------


_RECORD_NEEDS = (
    "endpoint '{endpoint}': DNS record IP type {record} needs ip_address_type {needs}, not "
    "{ip_type}"
)


def _check_record_pairing(ctx: Context) -> Iterator[Hit]:
    for name, _ep in ctx.endpoints():
        record, rpath = _record_type(ctx, name)
        ip_type, ipath = valid_ip_type(ctx, name)
        if record is None or ip_type is None:
            continue
        needs = RECORD_NEEDS[record]
        if ip_type not in needs:
            fields = {
                "endpoint": name,
                "record": record,
                "needs": " or ".join(needs),
                "ip_type": ip_type,
                "fix": needs[-1],
            }
            if ipath[0] == "endpoints":
                yield hit(rpath, **fields)
            else:
                yield hit(rpath, "defaults", defaults=ipath[1], **fields)


IP006 = Rule(
    id="IP006",
    name="dns-record-type-mismatch",
    severity=Severity.ERROR,
    summary="The DNS record IP type must fit the IP address type: ipv4 -> ipv4/dualstack, "
    "ipv6 -> ipv6/dualstack, dualstack and service-defined -> dualstack.",
    message=_RECORD_NEEDS,
    hint="set ip_address_type: {fix}, or a record type that matches {ip_type}",
    variants=(Variant("defaults", _RECORD_NEEDS + " (from defaults.{defaults})"),),
    rationale="AWS creates A records only for IPv4 addresses and AAAA records only for IPv6 "
    'ones, so a record type needs the matching addresses: "IPV4 ... The IP address type must '
    'be IPv4 or Dualstack", "IPV6 ... IPv6 or Dualstack", "DUALSTACK ... must be '
    'Dualstack", "SERVICE_DEFINED ... must be Dualstack". When ip_address_type is not set '
    "AWS chooses it from the subnets, so the rule stays silent.",
    source=f"CDK-DNS ({sources.CDK_DNS}); API-DNSOPT ({sources.API_DNSOPT})",
    url=sources.CDK_DNS,
    check=_check_record_pairing,
)


# --- IP011 / IP012: endpoint services ---------------------------------------------------------


def _check_service_ipv6_lb(ctx: Context) -> Iterator[Hit]:
    for sname, svc in sorted(ctx.spec.endpoint_services.items()):
        types = svc.supported_ip_address_types or []
        if "ipv6" not in types:
            continue
        path = ("endpoint_services", sname, "supported_ip_address_types", types.index("ipv6"))
        own = svc.network_load_balancer
        if own is not None:
            if own.ip_address_type != "dualstack":
                yield hit(path, "own", service=sname)
        elif svc.load_balancer_ip_address_type == "ipv4":
            yield hit(path, service=sname)


def _guard_service_ipv6_lb(refs: ModuleRefs) -> Iterator[Placed]:
    for key, svc in refs.resolved.endpoint_services:
        offers_ipv6 = any(t.lower() == "ipv6" for t in svc.supported_ip_address_types or [])
        if not (offers_ipv6 and svc.network_load_balancer_arns):
            continue
        lbs = refs.lb_data(key, svc.network_load_balancer_arns)
        yield Placed(
            "endpoint_service",
            key,
            Assertion(
                f'alltrue([for lb in {lbs} : startswith(lb.ip_address_type, "dualstack")])',
                message(
                    "IP011",
                    f"endpoint service '{key}' offers IPv6, which needs dualstack load "
                    "balancers; make the NLBs dualstack or drop ipv6.",
                ),
            ),
        )


IP011 = Rule(
    id="IP011",
    name="ipv6-service-without-dualstack-load-balancer",
    severity=Severity.ERROR,
    summary="An endpoint service offers ipv6 only when its load balancers are dualstack.",
    message="endpoint service '{service}' offers ipv6, but its load balancers are ipv4 "
    "(load_balancer_ip_address_type: ipv4)",
    hint='make the load balancers dualstack first (ip_address_type = "dualstack" on the aws_lb), '
    "then offer ipv6",
    variants=(
        Variant(
            "own",
            "endpoint service '{service}' offers ipv6, but the load balancer it declares is "
            "ipv4 (network_load_balancer.ip_address_type)",
            "set network_load_balancer.ip_address_type: dualstack (its subnets need IPv6 "
            "ranges), or drop ipv6",
        ),
    ),
    rationale='"AWS PrivateLink fully supports IPv6, but ... the Network Load Balancer ... '
    'have to be enabled or modified to use dual-stack"; AWS rejects ipv6 in '
    "SupportedIpAddressTypes for a service whose load balancers have no IPv6.",
    source=f"WP-PL ({sources.WP_PL}); aws/aws-cdk#31797",
    url=sources.WP_PL,
    status_reason="Checked when the spec declares the service's network_load_balancer (its "
    "ip_address_type) or states load_balancer_ip_address_type. Otherwise the "
    'generated module reads each load balancer (data "aws_lb" by ARN) and fails the plan '
    "('IP011 ...') unless its ip_address_type starts with 'dualstack'.",
    check=_check_service_ipv6_lb,
    guard=_guard_service_ipv6_lb,
    guard_sites=("endpoint_service",),
)


def _check_dualstack_udp(ctx: Context) -> Iterator[Hit]:
    for sname, svc in sorted(ctx.spec.endpoint_services.items()):
        nlb = svc.network_load_balancer
        if nlb is None or nlb.ip_address_type != "dualstack":
            continue
        for i, lst in enumerate(nlb.listeners):
            tg = nlb.target_groups.get(lst.target_group)
            if lst.protocol not in ("UDP", "TCP_UDP") or tg is None or tg.ip_address_type == "ipv6":
                continue
            yield hit(
                ("endpoint_services", sname, "network_load_balancer", "listeners", i, "protocol"),
                service=sname,
                protocol=lst.protocol,
                port=lst.port,
                group=lst.target_group,
            )


IP012 = Rule(
    id="IP012",
    name="dualstack-nlb-udp-listener",
    severity=Severity.ERROR,
    summary="A UDP or TCP_UDP listener of a dualstack NLB forwards to an IPv6 target group "
    "(AWS once refused UDP on dualstack NLBs altogether; now only IPv4 target groups are "
    "refused).",
    message="endpoint service '{service}': the {protocol} listener on port {port} of the "
    "dualstack load balancer forwards to IPv4 target group '{group}'",
    hint="give target group '{group}' ip_address_type: ipv6 (ip targets), or make the load "
    "balancer ipv4",
    rationale="AWS CDK refused UDP/TCP_UDP listeners on dual-stack NLBs (PR #27546) when AWS "
    "did; the NLB guide now allows them with IPv6 target groups only. UDP over IPv6 also uses "
    "a source NAT prefix per subnet (EnablePrefixForIpv6SourceNat), which hashicorp/aws 6.47.0 "
    "cannot set (terraform-provider-aws issue #40379): verify the listener on AWS.",
    source=f"NLB guide, Create a listener ({sources.NLB_LISTENER}): 'You can't use an IPv4 "
    "target group with a UDP listener for a dualstack load balancer'; aws/aws-cdk PR #27546 "
    "and #30069 (the earlier refusal); ELBv2 API LoadBalancer EnablePrefixForIpv6SourceNat "
    "'[Network Load Balancers with UDP listeners]'",
    url=sources.NLB_LISTENER,
    check=_check_dualstack_udp,
    deviation="Severity warning -> error. Contract v1 made IP012 a not-checkable warning "
    "that dualstack NLBs 'historically' refused UDP listeners. AWS's current guide allows "
    "them and refuses only IPv4 target groups behind them, which AWS rejects at apply time: "
    "the rule is now an error, checked for the network_load_balancer a spec declares "
    "(issue 16).",
)

RULES: tuple[Rule, ...] = (
    IP001,
    IP002,
    IP003,
    IP004,
    IP005,
    IP006,
    IP010,
    IP011,
    IP012,
)
