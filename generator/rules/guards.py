"""Plan-time guards, by rule (staging: each moves beside its rule's check in its family)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.resolve.model import ResolvedEndpoint
from generator.spec.endpoint_types import GATEWAY, GWLB, INTERFACE

ID_PATTERNS = {
    "vpc_id": ("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", "VPC ID (vpc-...)"),
    "subnet_ids": ("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", "subnet ID (subnet-...)"),
    "route_table_ids": ("^rtb-([0-9a-f]{8}|[0-9a-f]{17})$", "route table ID (rtb-...)"),
}


def message(rule_id: str, text: str) -> str:
    return hcl.string(f"{rule_id}: {text}")


def _subnet_endpoints(refs: ModuleRefs) -> Iterator[tuple[ResolvedEndpoint, str]]:
    """Endpoints that place network interfaces in a subnet group, with the group."""
    for ep in refs.resolved.endpoints:
        if ep.subnet_group:
            yield ep, ep.subnet_group


def _same_region_service(ep: ResolvedEndpoint) -> bool:
    """The endpoint's service can be read in the module's Region (interface and GWLB)."""
    return (
        ep.type in (INTERFACE, GWLB)
        and not ep.cross_region
        and bool(ep.model.service or ep.model.service_name)
    )


# --- SPEC003: input ID formats ------------------------------------------------------------


def spec003(refs: ModuleRefs) -> Iterator[Placed]:
    for var in refs.inputs:
        pattern, label = ID_PATTERNS[var.role]
        if var.role == "vpc_id":
            condition = f"can(regex({hcl.string(pattern)}, var.{var.name}))"
            text = f"{var.name} must be a {label}."
        else:
            ids = f"values(var.{var.name})" if var.keyed else f"var.{var.name}"
            condition = f"alltrue([for id in {ids} : can(regex({hcl.string(pattern)}, id))])"
            text = f"every entry of {var.name} must be a {label}."
        yield Placed("variable", var.name, Assertion(condition, message("SPEC003", text)))


# --- SPEC009: input subnets in the declared AZ order ---------------------------------------


def spec009(refs: ModuleRefs) -> Iterator[Placed]:
    for var in refs.inputs:
        if var.role != "subnet_ids" or var.group is None:
            continue
        azs = refs.resolved.subnet_group(var.group).availability_zone_ids
        if azs:
            yield Placed(
                "variable",
                var.name,
                Assertion(
                    f"length(var.{var.name}) == {len(azs)}",
                    message(
                        "SPEC009",
                        f"{var.name} must list {len(azs)} subnet(s), one per AZ ID "
                        f"({', '.join(azs)}), in that order.",
                    ),
                ),
            )
    for group in sorted({g for _, g in _subnet_endpoints(refs)}):
        if not refs.resolved.subnet_group(group).availability_zone_ids:
            continue
        refs.subnet_data(group)
        azs_local = refs.availability_zone_ids(group)
        yield Placed(
            "subnets",
            group,
            Assertion(
                f"self.availability_zone_id == {azs_local}[count.index]",
                hcl.template(
                    "SPEC009: subnet ",
                    hcl.Interp("self.id"),
                    f" of group '{group}' is in AZ ",
                    hcl.Interp("self.availability_zone_id"),
                    ", but the spec declares ",
                    hcl.Interp(f"{azs_local}[count.index]"),
                    " at this position.",
                ),
            ),
        )


# --- IF001: one subnet per AZ ---------------------------------------------------------------


def if001(refs: ModuleRefs) -> Iterator[Placed]:
    for var in refs.inputs:
        if var.role == "subnet_ids":
            yield Placed(
                "variable",
                var.name,
                Assertion(
                    f"length(distinct(var.{var.name})) == length(var.{var.name})",
                    message("IF001", f"{var.name} lists a subnet twice."),
                ),
            )
    for ep, group in _subnet_endpoints(refs):
        if refs.resolved.subnet_group(group).availability_zone_ids:
            continue  # decided at generate time
        subnets = refs.subnet_data(group)
        yield Placed(
            "endpoint",
            ep.key,
            Assertion(
                f"length(distinct({subnets}[*].availability_zone_id)) == length({subnets})",
                message(
                    "IF001",
                    f"endpoint '{ep.key}' has two subnets in one Availability Zone; keep one "
                    f"subnet per AZ in group '{group}'.",
                ),
            ),
        )


# --- IF002: subnets in the service's AZs ----------------------------------------------------


def if002(refs: ModuleRefs) -> Iterator[Placed]:
    for ep, group in _subnet_endpoints(refs):
        subnets = refs.subnet_data(group)
        declared = ep.model.service_availability_zone_ids
        if declared:
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f"alltrue([for s in {subnets} : contains({hcl.string_list(declared)}, "
                    "s.availability_zone_id)])",
                    message(
                        "IF002",
                        f"a subnet of endpoint '{ep.key}' is outside the service's Availability "
                        f"Zones ({', '.join(declared)}); choose subnets in those zones.",
                    ),
                ),
            )
        if _same_region_service(ep):
            svc = refs.service_data(ep)
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f"alltrue([for s in {subnets} : contains({svc}.availability_zones, "
                    "s.availability_zone)])",
                    message(
                        "IF002",
                        f"a subnet of endpoint '{ep.key}' is in an Availability Zone that "
                        f"{ep.service_name} is not offered in; choose subnets in the "
                        "service's zones.",
                    ),
                ),
            )


# --- IF004 (warning): input subnets in one AZ -----------------------------------------------


def if004(refs: ModuleRefs) -> Iterator[Placed]:
    """Decided at generate time when the group declares its AZ IDs."""
    groups = {
        g
        for ep, g in _subnet_endpoints(refs)
        if ep.type != GWLB and refs.resolved.subnet_group(g).ids is None
    }
    for group in sorted(groups):
        if refs.resolved.subnet_group(group).availability_zone_ids:
            continue
        subnets = refs.subnet_data(group)
        zones = f"length(distinct({subnets}[*].availability_zone_id))"
        yield Placed(
            "check",
            f"if004_{hcl.identifier(group)}",
            Assertion(
                f"{zones} >= 2",
                hcl.template(
                    f"IF004: the subnets of group '{group}' are in ",
                    hcl.Interp(zones),
                    " Availability Zone(s); use subnets in at least two for availability.",
                ),
            ),
            comment=f"IF004: endpoints in group '{group}' should span two or more AZs.",
        )


# --- IF009: private DNS needs the VPC's DNS attributes --------------------------------------


def if009(refs: ModuleRefs) -> Iterator[Placed]:
    for ep in refs.resolved.endpoints:
        if not (ep.kind.takes("private_dns") and ep.private_dns):
            continue
        vpc = refs.vpc_data()
        yield Placed(
            "endpoint",
            ep.key,
            Assertion(
                f"{vpc}.enable_dns_support && {vpc}.enable_dns_hostnames",
                message(
                    "IF009",
                    f"private DNS on endpoint '{ep.key}' needs the VPC attributes "
                    "enableDnsSupport and enableDnsHostnames; turn both on or set "
                    "private_dns: false.",
                ),
            ),
        )


# --- IF010 (warning): private DNS on another account's service ------------------------------


def if010(refs: ModuleRefs) -> Iterator[Placed]:
    for ep, _ in _subnet_endpoints(refs):
        if ep.type != INTERFACE or not _same_region_service(ep):
            continue
        if not (ep.private_dns and ep.model.service_name):
            continue
        svc = refs.service_data(ep)
        ident = hcl.identifier(ep.key)
        yield Placed(
            "check",
            f"if010_{ident}",
            Assertion(
                f'{svc}.private_dns_name != ""',
                message(
                    "IF010",
                    f"{ep.model.service_name} has no (verified) private DNS name, so private "
                    f"DNS on endpoint '{ep.key}' resolves nothing; ask the provider to "
                    "verify one, or set private_dns: false.",
                ),
            ),
            comment=f"IF010: private DNS on endpoint '{ep.key}' needs the service's private "
            "DNS name.",
        )


# --- IP002 / IP003 / IP004: the IP address type against subnets and service -----------------

_FAMILIES = {"ipv4": ["ipv4"], "dualstack": ["ipv4", "ipv6"], "ipv6": ["ipv6"]}
_IP_RULE = {"ipv4": "IP002", "dualstack": "IP003", "ipv6": "IP004"}


def ip_address_type(refs: ModuleRefs, rule_id: str) -> Iterator[Placed]:
    """The guards of one of IP002 (ipv4), IP003 (dualstack), IP004 (ipv6)."""
    for ep, group in _subnet_endpoints(refs):
        kind = ep.ip_address_type or ""
        if kind not in _IP_RULE:
            continue
        subnets = refs.subnet_data(group)
        if kind in ("ipv4", "dualstack") and rule_id == _IP_RULE[kind]:
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
        if _same_region_service(ep) and rule_id == _IP_RULE[kind]:
            svc = refs.service_data(ep)
            for family in _FAMILIES[kind]:
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
        yield from _ipv6_subnets(refs)


def _ipv6_subnets(refs: ModuleRefs) -> Iterator[Placed]:
    """IP003: a group the spec says has IPv6 has an IPv6 range (postcondition on the read)."""
    for group in sorted({g for _, g in _subnet_endpoints(refs)}):
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


def ip002(refs: ModuleRefs) -> Iterator[Placed]:
    return ip_address_type(refs, "IP002")


def ip003(refs: ModuleRefs) -> Iterator[Placed]:
    return ip_address_type(refs, "IP003")


def ip004(refs: ModuleRefs) -> Iterator[Placed]:
    return ip_address_type(refs, "IP004")


# --- IP007 / IP008: fixed addresses ---------------------------------------------------------


def _addresses(refs: ModuleRefs) -> Iterator[tuple[ResolvedEndpoint, str, str, bool]]:
    for ep, group in _subnet_endpoints(refs):
        declared = refs.resolved.subnet_group(group).availability_zone_ids or []
        for az in sorted(ep.model.addresses or {}):
            yield ep, group, az, az in declared


def ip007(refs: ModuleRefs) -> Iterator[Placed]:
    """A subnet of the group in each AZ that has a fixed address (for undeclared AZs)."""
    for ep, group, az, declared in _addresses(refs):
        if declared:
            continue
        data = refs.subnet_data(group)
        yield Placed(
            "endpoint",
            ep.key,
            Assertion(
                f"length([for s in {data} : s.id if s.availability_zone_id == "
                f"{hcl.string(az)}]) == 1",
                message(
                    "IP007",
                    f"endpoint '{ep.key}' fixes an address in {az}, but group '{group}' "
                    f"has no subnet (or more than one) in {az}.",
                ),
            ),
        )


def ip008(refs: ModuleRefs) -> Iterator[Placed]:
    """The fixed address is a usable address of its subnet's range."""
    for ep, group, az, declared in _addresses(refs):
        addr = (ep.model.addresses or {})[az]
        _, subnet = refs.subnet_for_az(group, az)
        for family, ip, cidr in (
            ("IPv4", addr.ipv4, f"{subnet}.cidr_block"),
            ("IPv6", addr.ipv6, f"{subnet}.ipv6_cidr_block"),
        ):
            if not ip:
                continue
            literal = hcl.string(ip)
            inside = (
                f'cidrhost(format("%s/%s", {literal}, split("/", {cidr})[1]), 0) == '
                f"cidrhost({cidr}, 0)"
            )
            condition = f'{cidr} != "" && {inside}'
            if family == "IPv4":
                condition += (
                    f" && !contains([for n in [0, 1, 2, 3, -1] : cidrhost({cidr}, n)], {literal})"
                )
            if not declared:
                condition = f"try({condition}, true)"  # no subnet in that AZ: IP007 reports it
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    condition,
                    message(
                        "IP008",
                        f"endpoint '{ep.key}': {family} address {ip} is not a usable address "
                        f"of its subnet in {az} (outside the subnet's range, or reserved by "
                        "AWS).",
                    ),
                ),
            )


# --- IP011: an IPv6-offering service needs dualstack load balancers -------------------------


def ip011(refs: ModuleRefs) -> Iterator[Placed]:
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


# --- GW003: one gateway endpoint per service and route table --------------------------------


def gw003(refs: ModuleRefs) -> Iterator[Placed]:
    """Decided at generate time for literal IDs; guarded when either side is an input."""
    gateways = refs.resolved.endpoints_of(GATEWAY)
    for ep in gateways:
        if not ep.route_table_groups:
            continue
        mine = refs.route_table_ids(ep.route_table_groups)
        for other in gateways:
            if other.key >= ep.key or other.service_short != ep.service_short:
                continue
            groups = [*ep.route_table_groups, *other.route_table_groups]
            if all(refs.resolved.route_table_group(g).ids is not None for g in groups):
                continue
            theirs = refs.route_table_ids(other.route_table_groups)
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f"length(setintersection(toset({mine}), toset({theirs}))) == 0",
                    message(
                        "GW003",
                        f"gateway endpoints '{other.key}' and '{ep.key}' are both for "
                        f"{ep.service_name} and share a route table; a route table takes "
                        "one gateway endpoint per service.",
                    ),
                ),
            )


# --- GW007 (warning): gateway endpoints need the VPC's DNS resolution ------------------------


def gw007(refs: ModuleRefs) -> Iterator[Placed]:
    resolved = refs.resolved
    if resolved.spec.network.vpc.id is not None or not resolved.endpoints_of(GATEWAY):
        return
    vpc = refs.vpc_data()
    yield Placed(
        "check",
        "gw007_vpc_dns_support",
        Assertion(
            f"{vpc}.enable_dns_support",
            message(
                "GW007",
                "the VPC has DNS resolution off; clients reach the gateway endpoints "
                "only through a resolver that returns the services' public IPs.",
            ),
        ),
        comment="GW007: gateway endpoints need the VPC's DNS resolution (enableDnsSupport).",
    )


# --- GWLB001 / GWLB004 ----------------------------------------------------------------------


def gwlb001(refs: ModuleRefs) -> Iterator[Placed]:
    """A Gateway Load Balancer endpoint's input subnet list holds exactly one subnet."""
    single = {ep.subnet_group for ep in refs.resolved.endpoints_of(GWLB)}
    for var in refs.inputs:
        if var.role == "subnet_ids" and var.group in single:
            yield Placed(
                "variable",
                var.name,
                Assertion(
                    f"length(var.{var.name}) == 1",
                    message(
                        "GWLB001",
                        f"{var.name} must list exactly one subnet: a Gateway Load Balancer "
                        "endpoint takes one subnet.",
                    ),
                ),
            )


def gwlb004(refs: ModuleRefs) -> Iterator[Placed]:
    for ep in refs.resolved.endpoints_of(GWLB):
        if not ep.model.service_name:
            continue
        svc = refs.service_data(ep)
        yield Placed(
            "endpoint",
            ep.key,
            Assertion(
                f'{svc}.service_type == "GatewayLoadBalancer"',
                message(
                    "GWLB004",
                    f"{ep.model.service_name} is not a Gateway Load Balancer endpoint service; "
                    f"make '{ep.key}' an interface endpoint, or point it at a GWLB service.",
                ),
            ),
        )


# --- POL005 (warning): a policy on a service that may not support policies ------------------


def pol005(refs: ModuleRefs) -> Iterator[Placed]:
    from generator.services.catalog import load_catalog

    for ep, _ in _subnet_endpoints(refs):
        if ep.type != INTERFACE or not _same_region_service(ep) or ep.policy is None:
            continue
        info = load_catalog().get(ep.service_short) if ep.service_short else None
        if info is not None and info.policy != "unknown":
            continue
        svc = refs.service_data(ep)
        ident = hcl.identifier(ep.key)
        yield Placed(
            "check",
            f"pol005_{ident}",
            Assertion(
                f"{svc}.vpc_endpoint_policy_supported",
                message(
                    "POL005",
                    f"{ep.service_name} does not support endpoint policies; the "
                    f"policy of endpoint '{ep.key}' is not applied (full access).",
                ),
            ),
            comment=f"POL005: the policy of endpoint '{ep.key}' works only if the service "
            "supports endpoint policies.",
        )


# --- PDN002: the verification zone is the public zone of the name ---------------------------


def pdn002(refs: ModuleRefs) -> Iterator[Placed]:
    for key, svc in refs.resolved.endpoint_services:
        if not (svc.private_dns_name and svc.private_dns_verification):
            continue
        zone_id = svc.private_dns_verification.route53_zone_id
        zone = refs.zone_data(key, zone_id)
        dns_name = hcl.string(svc.private_dns_name.removeprefix("*."))
        zone_name = f'trimsuffix({zone}.name, ".")'
        yield Placed(
            "verification_record",
            key,
            Assertion(
                f"!{zone}.private_zone",
                message(
                    "PDN002",
                    f"hosted zone {zone_id} is private; domain verification for "
                    f"{svc.private_dns_name} needs the public zone of the domain.",
                ),
            ),
        )
        yield Placed(
            "verification_record",
            key,
            Assertion(
                f'{dns_name} == {zone_name} || endswith({dns_name}, ".${{{zone_name}}}")',
                message(
                    "PDN002",
                    f"hosted zone {zone_id} is not the zone of {svc.private_dns_name} "
                    "or of a parent domain.",
                ),
            ),
        )


GUARDS = {
    "GW003": gw003,
    "GW007": gw007,
    "GWLB001": gwlb001,
    "GWLB004": gwlb004,
    "IF001": if001,
    "IF002": if002,
    "IF004": if004,
    "IF009": if009,
    "IF010": if010,
    "IP002": ip002,
    "IP003": ip003,
    "IP004": ip004,
    "IP007": ip007,
    "IP008": ip008,
    "IP011": ip011,
    "PDN002": pdn002,
    "POL005": pol005,
    "SPEC003": spec003,
    "SPEC009": spec009,
}
