"""IP007-IP009: fixed endpoint addresses (`addresses`, rendered as subnet_configuration):
keyed by the subnet group's AZ IDs, usable addresses of the subnet, one per interface."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.resolve.model import ResolvedEndpoint
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit
from generator.rules.ip_addresses import endpoint_group, valid_ip_type
from generator.rules.plan_helpers import message, subnet_endpoints
from generator.spec.endpoint_types import types_taking
from generator.spec.types import AZ_ID

# --- IP007 / IP008: fixed addresses -----------------------------------------------------------


def _check_address_zones(ctx: Context) -> Iterator[Hit]:
    from generator.spec.regions import load_regions

    regions = load_regions()
    for name, ep in ctx.endpoints(*types_taking("subnet_group")):
        if not ep.addresses:
            continue
        found = endpoint_group(ctx, name)
        if found is None:
            continue
        gname, group = found
        zones = group.availability_zone_ids
        if not zones:
            continue  # AZs left to the module: checked at plan time
        for az in ep.addresses:
            if az in zones or not AZ_ID.fullmatch(az):
                continue
            if regions.az_id_region(az) not in (None, ctx.spec.region):
                continue  # another Region's AZ ID: SPEC009 reports it
            yield hit(
                ("endpoints", name, "addresses", az),
                at_key=True,
                endpoint=name,
                az=az,
                group=gname,
                zones=", ".join(zones),
            )


def _fixed_addresses(refs: ModuleRefs) -> Iterator[tuple[ResolvedEndpoint, str, str, bool]]:
    for ep, group in subnet_endpoints(refs):
        declared = refs.resolved.subnet_group(group).availability_zone_ids or []
        for az in sorted(ep.model.addresses or {}):
            yield ep, group, az, az in declared


def _guard_address_zones(refs: ModuleRefs) -> Iterator[Placed]:
    """A subnet of the group in each AZ that has a fixed address (for undeclared AZs)."""
    for ep, group, az, declared in _fixed_addresses(refs):
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


IP007 = Rule(
    id="IP007",
    name="address-for-unused-zone",
    severity=Severity.ERROR,
    summary="Fixed `addresses` are keyed by AZ IDs of the endpoint's subnet group (each becomes "
    "a subnet_configuration of a subnet the endpoint uses).",
    message="endpoint '{endpoint}' gives an address for {az}, which is not an AZ of subnet "
    "group '{group}' ({zones})",
    hint="key addresses by the AZ IDs of the endpoint's subnet group",
    rationale="The module turns each entry into subnet_configuration { subnet_id, ipv4, ipv6 } "
    "for the group's subnet in that AZ; a subnet configuration must name one of the endpoint's "
    "subnet_ids, and an AZ without such a subnet has none to name.",
    source=f"TF-VPCE ({sources.TF_VPCE}: subnet_configuration); TF-VPCE-DOC "
    f"({sources.TF_VPCE_DOC}); API-SUBCFG ({sources.API_SUBCFG})",
    url=sources.API_SUBCFG,
    status_reason="Checked when the subnet group declares availability_zone_ids. Otherwise the "
    'module maps each key to a subnet with data "aws_subnet" (availability_zone_id) and fails '
    "the plan ('IP007 ...') when no subnet of the group is in that AZ.",
    check=_check_address_zones,
    guard=_guard_address_zones,
    guard_sites=("endpoint",),
)


def _reserved(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> set[Any]:
    """Addresses reserved in whichever subnet holds them: the first four and the last address
    of the VPC CIDR (the subnet holding a CIDR's first/last address starts/ends there)."""
    first = int(net.network_address)
    last = int(net.broadcast_address)
    return {ipaddress.ip_address(first + i) for i in range(4)} | {ipaddress.ip_address(last)}


def _check_addresses(ctx: Context) -> Iterator[Hit]:
    vpc_nets = [ipaddress.ip_network(c) for c in ctx.spec.network.vpc.cidr_blocks]
    v4_nets = [n for n in vpc_nets if n.version == 4]
    v6_nets = [n for n in vpc_nets if n.version == 6]
    used: dict[Any, tuple[str, str]] = {}
    for name, ep in ctx.endpoints(*types_taking("subnet_group")):
        if not ep.addresses:
            continue
        ip_type, _ = valid_ip_type(ctx, name)
        for az, entry in ep.addresses.items():
            base: Path = ("endpoints", name, "addresses", az)
            if ip_type in ("ipv4", "dualstack") and entry.ipv4 is None:
                yield hit(base, "no-ipv4", at_key=True, endpoint=name, ip_type=ip_type, az=az)
            if ip_type in ("ipv6", "dualstack") and entry.ipv6 is None:
                yield hit(base, "no-ipv6", at_key=True, endpoint=name, ip_type=ip_type, az=az)
            for family, value, nets in (
                ("ipv4", entry.ipv4, v4_nets),
                ("ipv6", entry.ipv6, v6_nets),
            ):
                if value is None:
                    continue
                path: Path = (*base, family)
                addr = ipaddress.ip_address(value)
                if (family, ip_type) in (("ipv4", "ipv6"), ("ipv6", "ipv4")):
                    yield hit(
                        path,
                        "unused",
                        endpoint=name,
                        ip_type=ip_type,
                        family_name="IPv4" if family == "ipv4" else "IPv6",
                        value=value,
                        family=family,
                    )
                if nets and not any(addr in n for n in nets):
                    yield hit(
                        path,
                        endpoint=name,
                        value=value,
                        az=az,
                        cidrs=", ".join(str(n) for n in nets),
                    )
                    continue
                for net in nets:
                    if addr in _reserved(net):
                        yield hit(path, "reserved", endpoint=name, value=value, net=str(net))
                if addr in used:
                    other, other_az = used[addr]
                    yield hit(
                        path, "reused", endpoint=name, value=value, other=other, other_az=other_az
                    )
                else:
                    used[addr] = (name, az)


def _guard_addresses(refs: ModuleRefs) -> Iterator[Placed]:
    """The fixed address is a usable address of its subnet's range."""
    for ep, group, az, declared in _fixed_addresses(refs):
        ipv4, ipv6 = ep.addresses[az]  # canonical, as cidrhost() answers (RFC 5952 for IPv6)
        _, subnet = refs.subnet_for_az(group, az)
        for family, ip, cidr in (
            ("IPv4", ipv4, f"{subnet}.cidr_block"),
            ("IPv6", ipv6, f"{subnet}.ipv6_cidr_block"),
        ):
            if not ip:
                continue
            literal = hcl.string(ip)
            inside = (
                f'cidrhost(format("%s/%s", {literal}, split("/", {cidr})[1]), 0) == '
                f"cidrhost({cidr}, 0)"
            )
            # AWS reserves the first four and the last address of every subnet, IPv4 and IPv6.
            condition = (
                f'{cidr} != "" && {inside} && '
                f"!contains([for n in [0, 1, 2, 3, -1] : cidrhost({cidr}, n)], {literal})"
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


IP008 = Rule(
    id="IP008",
    name="invalid-fixed-address",
    severity=Severity.ERROR,
    summary="Each fixed address entry gives an IPv4 address when the endpoint has IPv4 "
    "(ipv4/dualstack) and an IPv6 address when it has IPv6 (ipv6/dualstack); addresses lie in "
    "the endpoint's subnet, are not AWS-reserved, and are not used twice.",
    message="endpoint '{endpoint}': {value} ({az}) is outside the VPC's CIDR blocks ({cidrs})",
    hint="use an address of the endpoint's subnet in that AZ",
    variants=(
        Variant(
            "no-ipv4",
            "endpoint '{endpoint}' ({ip_type}) gives no IPv4 address for {az}",
            "add ipv4: <address in that AZ's subnet>",
        ),
        Variant(
            "no-ipv6",
            "endpoint '{endpoint}' ({ip_type}) gives no IPv6 address for {az}",
            "add ipv6: <address in that AZ's subnet>",
        ),
        Variant(
            "unused",
            "endpoint '{endpoint}' uses ip_address_type {ip_type}, so it gets no {family_name} "
            "address; {value} cannot be assigned",
            "remove {family}, or change ip_address_type",
            severity=Severity.WARNING,
        ),
        Variant(
            "reserved",
            "endpoint '{endpoint}': {value} is reserved by AWS in every subnet that contains it "
            "(first four and last address of {net})",
            "pick another address of the subnet",
        ),
        Variant(
            "reused",
            "endpoint '{endpoint}': {value} is also the fixed address of endpoint '{other}' "
            "({other_az})",
            "give each endpoint network interface its own address",
        ),
    ),
    rationale='SubnetConfiguration: "You must provide an IPv4 address if the VPC endpoint '
    'supports IPv4" and "an IPv6 address if the VPC endpoint supports IPv6"; the address '
    "must be free in that subnet. AWS reserves the first four and the last address of every "
    "subnet; for the VPC CIDR's own first four and last addresses that holds in whichever "
    "subnet contains them. One address cannot be given to two network interfaces.",
    source=f"API-SUBCFG ({sources.API_SUBCFG}); TF-VPCE-DOC ({sources.TF_VPCE_DOC}); Amazon "
    "VPC User Guide, Subnet CIDR blocks (https://docs.aws.amazon.com/vpc/latest/userguide/"
    'subnet-sizing.html): "The first four IP addresses and the last IP address in each subnet '
    'CIDR block are not available" and "The first four IPv6 addresses and the last IPv6 '
    'address in each subnet CIDR block are not available for your use"',
    url=sources.API_SUBCFG,
    status_reason="Checked against network.vpc.cidr_blocks when declared (silent otherwise) and "
    "the effective ip_address_type (silent when unset). The generated module also reads each "
    "subnet (data \"aws_subnet\") and fails the plan ('IP008 ...') unless the address is inside "
    "its cidr_block/ipv6_cidr_block and is none of cidrhost(cidr, 0..3) or the last address "
    "(IPv4 and IPv6). At generate time the subnet's own range is unknown, so the reserved "
    "addresses checked are those of the VPC's CIDR blocks (the first four and the last, which "
    "are reserved in whichever subnet holds them), for both families.",
    check=_check_addresses,
    guard=_guard_addresses,
    guard_sites=("endpoint",),
)


IP009 = Rule(
    id="IP009",
    name="fixed-address-change",
    severity=Severity.WARNING,
    summary="Changing a fixed address of an existing endpoint replaces that network interface "
    "and briefly disconnects the subnet.",
    message="(not reported: vpcegen sees one version of the spec)",
    hint="change fixed addresses in a maintenance window",
    rationale="A subnet configuration change recreates the endpoint network interface in that "
    "subnet; clients resolving or pinned to the old address lose connectivity until DNS and "
    "connections move.",
    source=f"API-SUBCFG ({sources.API_SUBCFG})",
    url=sources.API_SUBCFG,
    status=Status.NOT_CHECKABLE,
    status_reason="Needs the previous version of the spec or the deployed state; vpcegen sees "
    "one spec. The Terraform plan shows the in-place change of subnet_configuration.",
)


RULES: tuple[Rule, ...] = (IP007, IP008, IP009)
