"""Plausible inputs for ``terraform plan`` of a generated module, and a consistent data fixture.

:func:`from_spec` builds them from a validated spec (the normal way);
:func:`from_module` builds them from a generated module alone (``variables.tf`` and the
``locals`` of ``main.tf``), for modules whose spec is not at hand.

Both return a :class:`PlanInputs`: mutable facts about the VPC, the subnets of every subnet
group and the endpoint services, plus the module's input ``variables``. Tests change one fact
(``inputs.subnets["app"][1].availability_zone_id = ...``) and call :meth:`PlanInputs.fixture`
to get the ``data_fixture`` for :func:`tests.tfharness.runner.run_terraform`.

What "consistent" means here:

* every subnet group that is a module input gets one subnet ID per declared AZ ID (else two,
  or one for a group used by a Gateway Load Balancer endpoint), and the fixture places the
  subnets in the declared AZ IDs, in the declared order;
* AZ names are ``<region>a``, ``<region>b``, ... for ``<prefix>-az1``, ``-az2``, ... and every
  endpoint service is offered in all AZ names the subnets use;
* subnets have an IPv4 range unless the group says ``ipv4: false`` (then they are IPv6-only,
  ``ipv6_native``), and an IPv6 range when the group says ``ipv6: true``; subnets holding fixed
  endpoint addresses get ranges that contain those addresses;
* the VPC has the DNS attributes the spec asserts (true by default) and the spec's CIDR blocks;
* endpoint services accept IPv4 and IPv6 and report the service type of the endpoints that
  use them (``GatewayLoadBalancer`` for GWLB endpoints); load balancers have the spec's IP
  address type (dualstack when IPv6 is offered); Route 53 zones are public zones of the private
  DNS name's parent domain.

Generated IDs are deterministic (a hash of what they stand for), in the 17-hex-digit format.
"""

from __future__ import annotations

import copy
import hashlib
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.loader.load import LoadedSpec
from generator.render import hcl as render_hcl
from generator.spec.endpoint_types import kind as endpoint_kind
from generator.spec.models import EndpointBase, Spec
from generator.spec.regions import load_regions
from tests.support import hcl

__all__ = [
    "DEFAULT_REGION",
    "PlanInputs",
    "ServiceFacts",
    "SubnetFacts",
    "az_name",
    "fake_id",
    "from_module",
    "from_spec",
    "required_variables",
]

DEFAULT_REGION = "eu-west-1"
_DEFAULT_IPV4 = "10.0.0.0/16"
_DEFAULT_IPV6 = "2001:db8:ffff::/56"
_AZ_INDEX = re.compile(r"-az(\d+)$")
_LENGTH_CHECK = re.compile(r"length\(var\.(?P<var>\w+)\)\s*==\s*(?P<n>\d+)")
_MODULE_REGION = re.compile(r'condition\s*=\s*self\.region == "([a-z]{2}(?:-[a-z]+)+-\d+)"')
_SERVICE_REGION = re.compile(r'"com\.amazonaws\.(?:vpce\.)?([a-z]{2}(?:-[a-z]+)+-\d+)\.')


def fake_id(prefix: str, *parts: object) -> str:
    """A deterministic, well-formed AWS ID such as ``subnet-0a1b...`` (17 hex digits)."""
    digest = hashlib.sha256("/".join(map(str, (prefix, *parts))).encode()).hexdigest()
    return f"{prefix}-0{digest[:16]}"


def az_name(region: str, az_id: str) -> str:
    """The AZ name this fixture gives an AZ ID: ``euw1-az2`` -> ``eu-west-1b``."""
    match = _AZ_INDEX.search(az_id)
    index = int(match.group(1)) if match else 1
    return f"{region}{chr(ord('a') + (index - 1) % 26)}"


@dataclass
class SubnetFacts:
    """What ``data "aws_subnet"`` returns for one subnet."""

    id: str
    availability_zone_id: str
    availability_zone: str
    cidr_block: str
    ipv6_cidr_block: str
    ipv6_native: bool
    vpc_id: str

    def values(self) -> dict[str, object]:
        return {
            "id": self.id,
            "availability_zone_id": self.availability_zone_id,
            "availability_zone": self.availability_zone,
            "cidr_block": self.cidr_block,
            "ipv6_cidr_block": self.ipv6_cidr_block,
            "ipv6_native": self.ipv6_native,
            "vpc_id": self.vpc_id,
        }


@dataclass
class ServiceFacts:
    """What ``data "aws_vpc_endpoint_service"`` returns for one service name."""

    service_name: str
    availability_zones: list[str]
    supported_ip_address_types: list[str] = field(default_factory=lambda: ["ipv4", "ipv6"])
    service_type: str = "Interface"  # Interface | Gateway | GatewayLoadBalancer
    private_dns_name: str = "service.example.com"
    vpc_endpoint_policy_supported: bool = True

    def values(self) -> dict[str, object]:
        return {
            "availability_zones": list(self.availability_zones),
            "supported_ip_address_types": list(self.supported_ip_address_types),
            "service_type": self.service_type,
            "private_dns_name": self.private_dns_name,
            "vpc_endpoint_policy_supported": self.vpc_endpoint_policy_supported,
        }


@dataclass
class PlanInputs:
    """Module input values plus the facts the data sources report; see the module docstring."""

    region: str
    variables: dict[str, object]
    vpc: dict[str, object]
    subnets: dict[str, list[SubnetFacts]]  # subnet group identifier -> subnets, in order
    services: dict[str, ServiceFacts]  # service name -> facts
    default_service: ServiceFacts  # for service names not listed (e.g. computed ones)
    load_balancers: dict[str, str] = field(default_factory=dict)  # ARN -> ip_address_type
    zones: dict[str, tuple[str, bool]] = field(default_factory=dict)  # zone ID -> (name, private)
    provider_region: str | None = None  # the provider's Region when not the spec's (SPEC010)

    def copy(self) -> PlanInputs:
        return copy.deepcopy(self)

    @property
    def az_names(self) -> list[str]:
        """Every AZ name a subnet of the fixture is in, sorted."""
        return sorted({s.availability_zone for group in self.subnets.values() for s in group})

    def fixture(self) -> dict[str, list[dict[str, object]]]:
        """The ``data_fixture`` for :func:`tests.tfharness.runner.run_terraform`."""
        subnets = [
            {"match": {"id": s.id}, "values": s.values()}
            for group in self.subnets.values()
            for s in group
        ]
        services: list[dict[str, object]] = [
            {"match": {"service_name": name}, "values": facts.values()}
            for name, facts in sorted(self.services.items())
        ]
        services.append({"values": self.default_service.values()})
        provider_region = self.provider_region or self.region
        fixture: dict[str, list[dict[str, object]]] = {
            # The provider a user calls the module with is for the spec's Region (SPEC010).
            "aws_region": [{"values": {"region": provider_region, "name": provider_region}}],
            "aws_vpc": [{"match": {"id": self.vpc["id"]}, "values": dict(self.vpc)}],
            "aws_subnet": subnets,
            "aws_vpc_endpoint_service": services,
        }
        if self.load_balancers:
            fixture["aws_lb"] = [
                {"match": {"arn": arn}, "values": {"ip_address_type": kind}}
                for arn, kind in sorted(self.load_balancers.items())
            ]
        if self.zones:
            fixture["aws_route53_zone"] = [
                {"match": {"zone_id": zone}, "values": {"name": name, "private_zone": private}}
                for zone, (name, private) in sorted(self.zones.items())
            ]
        return fixture


# --------------------------------------------------------------------------- address plan


class _Addresses:
    """Hands out subnet ranges: /24s of the VPC's IPv4 block, /64s of its IPv6 block."""

    def __init__(self, ipv4: str, ipv6: str) -> None:
        self._v4 = ipaddress.ip_network(ipv4)
        self._v6 = ipaddress.ip_network(ipv6)
        self._used: set[str] = set()
        self._next4 = self._subnets(self._v4, 24)
        self._next6 = self._subnets(self._v6, 64)

    @staticmethod
    def _subnets(net: Any, prefix: int) -> Iterator[Any]:
        if net.prefixlen >= prefix:
            return iter([net])
        return iter(net.subnets(new_prefix=prefix))

    def ipv4(self, containing: str | None = None) -> str:
        if containing is not None:
            cidr = str(ipaddress.ip_network(f"{containing}/24", strict=False))
        else:
            cidr = next((str(n) for n in self._next4 if str(n) not in self._used), "")
        self._used.add(cidr)
        return cidr

    def ipv6(self, containing: str | None = None) -> str:
        if containing is not None:
            cidr = str(ipaddress.ip_network(f"{containing}/64", strict=False))
        else:
            cidr = next((str(n) for n in self._next6 if str(n) not in self._used), "")
        self._used.add(cidr)
        return cidr


# --------------------------------------------------------------------------- from a spec


def _az_prefix(region: str) -> str:
    info = load_regions().region_info(region)
    if info is not None and info.az_id_prefix:
        return info.az_id_prefix
    return "".join(part[0] for part in region.split("-")[:-1]) + region.rsplit("-", 1)[-1]


def from_spec(spec: Spec | LoadedSpec) -> PlanInputs:
    """Inputs and facts for the module rendered from ``spec`` (a validated spec, or a loaded
    one whose spec validated)."""
    if isinstance(spec, LoadedSpec):
        if spec.spec is None:
            raise ValueError(f"{spec.file}: the spec did not validate")
        spec = spec.spec
    region = spec.region
    vpc_spec = spec.network.vpc
    variables: dict[str, object] = {}
    vpc_id = vpc_spec.id or fake_id("vpc", spec.name)
    if vpc_spec.id is None and (spec.endpoints or spec.security_groups):
        variables["vpc_id"] = vpc_id
    v4 = [c for c in vpc_spec.cidr_blocks if ipaddress.ip_network(c).version == 4]
    v6 = [c for c in vpc_spec.cidr_blocks if ipaddress.ip_network(c).version == 6]
    if vpc_spec.ipv6 and not v6:
        v6 = [_DEFAULT_IPV6]
    addresses = _Addresses(v4[0] if v4 else _DEFAULT_IPV4, v6[0] if v6 else _DEFAULT_IPV6)
    vpc: dict[str, object] = {
        "id": vpc_id,
        "cidr_block": v4[0] if v4 else _DEFAULT_IPV4,
        "cidr_block_associations": [
            {"association_id": fake_id("vpc-cidr-assoc", c), "cidr_block": c, "state": "associated"}
            for c in (v4 or [_DEFAULT_IPV4])
        ],
        "ipv6_cidr_block": v6[0] if vpc_spec.ipv6 else "",
        "enable_dns_support": vpc_spec.dns_support,
        "enable_dns_hostnames": vpc_spec.dns_hostnames,
    }

    used_subnet_groups = {
        name: _effective(spec, ep, "subnet_group")
        for name, ep in spec.endpoints.items()
        if ep.type != "gateway"
    }
    if spec.sharing is not None and spec.sharing.inbound_resolver is not None:
        # The Resolver inbound endpoint's subnets (issue 15); "" cannot clash with a spec key.
        used_subnet_groups[""] = spec.sharing.inbound_resolver.subnet_group
    gwlb_groups = {
        used_subnet_groups[name]
        for name, ep in spec.endpoints.items()
        if ep.type == "gateway-load-balancer"
    }
    for key, svc in spec.endpoint_services.items():  # an endpoint service's own NLB
        if svc.network_load_balancer is not None:
            used_subnet_groups[f"endpoint_services.{key}"] = svc.network_load_balancer.subnet_group
    used_route_table_groups = {
        group
        for ep in spec.endpoints.values()
        if ep.type == "gateway"
        for group in _effective(spec, ep, "route_table_groups") or []
    } | {route.route_table_group for ep in spec.endpoints.values() for route in ep.routes or []}
    fixed = _fixed_addresses(spec)
    prefix = _az_prefix(region)
    subnets: dict[str, list[SubnetFacts]] = {}
    for name, group in spec.network.subnet_groups.items():
        ident = render_hcl.identifier(name)
        if group.availability_zone_ids:
            azs = list(group.availability_zone_ids)
        else:
            count = len(group.ids) if group.ids is not None else (1 if name in gwlb_groups else 2)
            azs = [f"{prefix}-az{i}" for i in range(1, count + 1)]
        ids = (
            list(group.ids)
            if group.ids is not None
            else [fake_id("subnet", spec.name, name, i) for i in range(len(azs))]
        )
        if group.ids is None and name in used_subnet_groups.values():
            variables[f"{ident}_subnet_ids"] = ids
        facts: list[SubnetFacts] = []
        for subnet_id, az in zip(ids, azs, strict=True):
            wanted = fixed.get((name, az), {})
            facts.append(
                SubnetFacts(
                    id=subnet_id,
                    availability_zone_id=az,
                    availability_zone=az_name(region, az),
                    cidr_block=addresses.ipv4(wanted.get("ipv4")) if group.ipv4 else "",
                    ipv6_cidr_block=addresses.ipv6(wanted.get("ipv6")) if group.ipv6 else "",
                    ipv6_native=not group.ipv4,
                    vpc_id=vpc_id,
                )
            )
        subnets[ident] = facts

    routed = {
        route.route_table_group for ep in spec.endpoints.values() for route in ep.routes or []
    }
    for name, rt_group in spec.network.route_table_groups.items():
        if rt_group.ids is None and name in used_route_table_groups:
            ident = render_hcl.identifier(name)
            table = fake_id("rtb", spec.name, name)
            # Groups that receive routes are maps keyed by a name the caller chooses.
            variables[f"{ident}_route_table_ids"] = {"a": table} if name in routed else [table]

    if spec.sharing is not None:
        # Spokes without an ID are one map input keyed by spoke name (issue 15).
        spokes = {n: fake_id("vpc", spec.name, n) for n, s in spec.sharing.spokes.items()}
        spoke_inputs = {n: v for n, v in spokes.items() if spec.sharing.spokes[n].vpc_id is None}
        shared = any(
            (spec.defaults.interface.shared if ep.shared is None else ep.shared)
            for ep in spec.endpoints.values()
            if endpoint_kind(ep.type).takes("shared")
        )
        if spoke_inputs and shared:
            variables["spoke_vpc_ids"] = spoke_inputs

    all_azs = sorted({s.availability_zone for group in subnets.values() for s in group})
    services = {
        name: ServiceFacts(name, list(all_azs), service_type=kind)
        for name, kind in _service_names(spec, region).items()
    }
    load_balancers: dict[str, str] = {}
    zones: dict[str, tuple[str, bool]] = {}
    for svc in spec.endpoint_services.values():
        kind = svc.load_balancer_ip_address_type or (
            "dualstack" if "ipv6" in (svc.supported_ip_address_types or []) else "ipv4"
        )
        for arn in (svc.network_load_balancer_arns or []) + (svc.gateway_load_balancer_arns or []):
            load_balancers[arn] = kind
        if svc.private_dns_name and svc.private_dns_verification:
            domain = svc.private_dns_name.removeprefix("*.")
            zones[svc.private_dns_verification.route53_zone_id] = (
                f"{_parent_domain(domain)}.",
                False,
            )
    return PlanInputs(
        region=region,
        variables=variables,
        vpc=vpc,
        subnets=subnets,
        services=services,
        default_service=ServiceFacts("*", list(all_azs)),
        load_balancers=load_balancers,
        zones=zones,
    )


def _effective(spec: Spec, ep: EndpointBase, field_name: str) -> Any:
    """An endpoint field after `defaults` apply (the endpoint's own value wins)."""
    own = getattr(ep, field_name)
    if own is not None:
        return own
    return getattr(spec.defaults.for_type(ep.type), field_name, None)


def _fixed_addresses(spec: Spec) -> dict[tuple[str, str], dict[str, str]]:
    """(subnet group, AZ ID) -> the fixed ENI addresses endpoints place in that subnet."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for ep in spec.endpoints.values():
        group = _effective(spec, ep, "subnet_group")
        if not ep.addresses or group is None:
            continue
        for az, address in ep.addresses.items():
            slot = out.setdefault((group, az), {})
            if address.ipv4:
                slot.setdefault("ipv4", str(address.ipv4))
            if address.ipv6:
                slot.setdefault("ipv6", str(address.ipv6))
    return out


_SERVICE_TYPES = {
    "gateway": "Gateway",
    "interface": "Interface",
    "gateway-load-balancer": "GatewayLoadBalancer",
}


def _service_names(spec: Spec, region: str) -> dict[str, str]:
    """Service name -> service type (as AWS reports it) of every endpoint's service."""
    names: dict[str, str] = {}
    for ep in spec.endpoints.values():
        kind = _SERVICE_TYPES.get(ep.type)
        if kind is None:
            continue
        if ep.service_name:
            name = ep.service_name
        elif ep.service:
            home = ep.service_region or region
            name = load_regions().aws_service_name(home, ep.service) or (
                f"com.amazonaws.{home}.{ep.service}"
            )
        else:
            continue
        if names.get(name, "Gateway") == "Gateway":  # S3/DynamoDB: interface reads win
            names[name] = kind
    return dict(sorted(names.items()))


# --------------------------------------------------------------------------- from a module


def from_module(module_dir: Path, region: str | None = None) -> PlanInputs:
    """Inputs and facts from a generated module alone.

    Required inputs are recognised by name: ``vpc_id``, ``<group>_subnet_ids`` (as many IDs as a
    ``length(var.x) == N`` validation demands, else two), ``<group>_route_table_ids`` and
    ``<name>_load_balancer_arns`` (a network, or gateway when the name says so, load balancer).
    Declared AZ IDs come from the ``<group>_availability_zone_ids`` locals, literal subnet IDs
    from the ``<group>_subnet_ids`` locals. Raises ValueError for an input it cannot fill.
    """
    module_dir = Path(module_dir)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(module_dir.glob("*.tf")))
    if region is None:
        # The module's own Region (its SPEC010 guard), else the Region of a service name.
        found = _MODULE_REGION.search(text) or _SERVICE_REGION.search(text)
        region = found.group(1) if found else DEFAULT_REGION
    local_lists = _local_string_lists(module_dir)
    lengths = {m["var"]: int(m["n"]) for m in _LENGTH_CHECK.finditer(text)}
    prefix = _az_prefix(region)

    required: list[str] = []
    for path in sorted(module_dir.glob("*.tf")):
        for block in hcl.parse_tf_blocks(path).blocks_of("variable"):
            if "default" not in block.attributes:
                required.append(block.labels[0])

    variables: dict[str, object] = {}
    group_ids: dict[str, list[str]] = {
        name.removesuffix("_subnet_ids"): values
        for name, values in local_lists.items()
        if name.endswith("_subnet_ids")
    }
    for name in required:
        if name == "vpc_id":
            variables[name] = fake_id("vpc", module_dir.name)
        elif name.endswith("_subnet_ids"):
            group = name.removesuffix("_subnet_ids")
            count = lengths.get(name, 2)
            ids = [fake_id("subnet", module_dir.name, group, i) for i in range(count)]
            variables[name] = ids
            group_ids[group] = ids
        elif name.endswith("_route_table_ids"):
            table = fake_id("rtb", module_dir.name, name)
            keyed = re.search(rf'variable "{name}" {{[^}}]*type\s*=\s*map', text) is not None
            variables[name] = {"a": table} if keyed else [table]
        elif name == "spoke_vpc_ids":
            variables[name] = {
                spoke: fake_id("vpc", module_dir.name, spoke) for spoke in spoke_names(text)
            }
        elif name.endswith("_load_balancer_arns"):
            kind = "gwy" if "gateway" in name else "net"
            lb = fake_id("lb", module_dir.name, name).removeprefix("lb-0")
            variables[name] = [
                f"arn:aws:elasticloadbalancing:{region}:123456789012:loadbalancer/{kind}/"
                f"{name.removesuffix('_load_balancer_arns')[:20]}/{lb}"
            ]
        else:
            raise ValueError(f"{module_dir}: no plausible value known for input {name!r}")

    vpc_id = str(variables.get("vpc_id") or _first_literal(text, "vpc") or "vpc-0stub00000000001")
    addresses = _Addresses(_DEFAULT_IPV4, _DEFAULT_IPV6)
    subnets: dict[str, list[SubnetFacts]] = {}
    for group, ids in sorted(group_ids.items()):
        declared = local_lists.get(f"{group}_availability_zone_ids")
        azs = declared or [f"{prefix}-az{i}" for i in range(1, len(ids) + 1)]
        subnets[group] = [
            SubnetFacts(
                id=subnet_id,
                availability_zone_id=az,
                availability_zone=az_name(region, az),
                cidr_block=addresses.ipv4(),
                ipv6_cidr_block=addresses.ipv6(),
                ipv6_native=False,
                vpc_id=vpc_id,
            )
            for subnet_id, az in zip(ids, azs, strict=True)
        ]
    all_azs = sorted({s.availability_zone for group in subnets.values() for s in group})
    load_balancers, zones, service_types = _module_lookups(module_dir)
    return PlanInputs(
        region=region,
        variables=variables,
        load_balancers=load_balancers,
        zones=zones,
        vpc={
            "id": vpc_id,
            "cidr_block": _DEFAULT_IPV4,
            "ipv6_cidr_block": "",
            "enable_dns_support": True,
            "enable_dns_hostnames": True,
        },
        subnets=subnets,
        services={
            name: ServiceFacts(name, list(all_azs), service_type=kind)
            for name, kind in sorted(service_types.items())
        },
        default_service=ServiceFacts("*", list(all_azs)),
    )


def _module_lookups(
    module_dir: Path,
) -> tuple[dict[str, str], dict[str, tuple[str, bool]], dict[str, str]]:
    """Facts for ``data "aws_lb"`` (dualstack), ``data "aws_route53_zone"`` (a public zone
    of the parent domain of the private DNS name of the endpoint service with the same label),
    and the service type of each literal endpoint ``service_name``."""
    blocks = [b for p in sorted(module_dir.glob("*.tf")) for b in hcl.parse_tf_blocks(p).blocks]

    def literal(block: hcl.Block, name: str) -> str | None:
        attr = block.attributes.get(name)
        return hcl.literal_string(attr.value) if attr is not None else None

    dns_names = {
        b.labels[1]: literal(b, "private_dns_name")
        for b in blocks
        if b.type == "resource" and b.labels[0] == "aws_vpc_endpoint_service"
    }
    load_balancers: dict[str, str] = {}
    zones: dict[str, tuple[str, bool]] = {}
    service_types: dict[str, str] = {}
    for block in blocks:
        if block.type == "resource" and block.labels[0] == "aws_vpc_endpoint":
            name, kind = literal(block, "service_name"), literal(block, "vpc_endpoint_type")
            if name and kind and service_types.get(name, "Gateway") == "Gateway":
                service_types[name] = kind
        if block.type != "data":
            continue
        if block.labels[0] == "aws_lb" and (arn := literal(block, "arn")):
            load_balancers[arn] = "dualstack"
        if block.labels[0] == "aws_route53_zone" and (zone := literal(block, "zone_id")):
            domain = (dns_names.get(block.labels[1]) or "example.com").removeprefix("*.")
            zones[zone] = (f"{_parent_domain(domain)}.", False)
    return load_balancers, zones, service_types


def _parent_domain(domain: str) -> str:
    """``api.example.com`` -> ``example.com``; a two-label name is its own parent."""
    return domain.split(".", 1)[1] if domain.count(".") >= 2 else domain


def _local_string_lists(module_dir: Path) -> dict[str, list[str]]:
    """Every ``locals`` entry of the module that is a literal list of strings."""
    out: dict[str, list[str]] = {}
    for path in sorted(module_dir.glob("*.tf")):
        for block in hcl.parse_tf(path).get("locals", []):
            for name, value in block.items():
                if not isinstance(value, list):
                    continue
                items = [hcl.literal_string(v) for v in value]
                if items and all(isinstance(i, str) for i in items):
                    out[name] = [i for i in items if i is not None]
    return out


def _first_literal(text: str, prefix: str) -> str | None:
    found = re.search(rf'"({prefix}-[0-9a-f]{{8,17}})"', text)
    return found.group(1) if found else None


def spoke_names(text: str) -> list[str]:
    """The spoke names a module reads from its spoke_vpc_ids input (issue 15)."""
    return sorted(set(re.findall(r'var\.spoke_vpc_ids\["([^"]+)"\]', text)))


def provider_aliases(module_dir: Path) -> list[str]:
    """The `aws.<alias>` providers a module declares in configuration_aliases (spokes in
    other accounts, issue 15): a caller, or a test, must pass one for each."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(Path(module_dir).glob("*.tf")))
    found = re.search(r"configuration_aliases\s*=\s*\[([^\]]*)\]", text)
    return re.findall(r"aws\.([A-Za-z0-9_-]+)", found.group(1)) if found else []


def required_variables(module_dir: Path) -> set[str]:
    """Names of the module's inputs without a default."""
    names: set[str] = set()
    for path in sorted(Path(module_dir).glob("*.tf")):
        for block in hcl.parse_tf_blocks(path).blocks_of("variable"):
            if "default" not in block.attributes:
                names.add(block.labels[0])
    return names
