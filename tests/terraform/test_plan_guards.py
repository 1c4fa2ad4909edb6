"""The plan-time guards of generated modules, through real Terraform.

Each guard (a variable ``validation``, a data-source ``postcondition`` or an endpoint
``precondition`` whose error message starts with a rule ID) gets two tests:

* ``test_guard_passes[...]``: the module generated from a small inline spec carries the guard,
  and ``terraform plan`` passes with consistent inputs (tests/support/plan_inputs.py);
* ``test_guard_stops_plan[...]``: the same plan with inputs or data-source answers that break
  exactly that guard fails, every error message starts with the guard's rule ID, and the message
  names what to fix.

Guards that RULES.md / ``vpcegen rules`` promise but the renderer does not emit yet are
``xfail(strict=True)`` with the change the renderer needs in the reason; they turn into
failures (XPASS) as soon as the guard exists, so the marker must then be removed.

The plans skip, with the reason shown, when no terraform binary is found; the structural
tests at the end (every rendered guard has a test, every input has a format validation) run
without Terraform.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.api import generate_paths
from generator.diagnostics import Severity
from generator.loader.load import load_spec
from tests.support import hcl, plan_inputs
from tests.support.plan_inputs import PlanInputs
from tests.support.tfharness.runner import TERRAFORM, TfResult, run_terraform, terraform_available

requires_terraform = pytest.mark.skipif(
    not terraform_available(),
    reason=(
        "terraform not found: set TFHARNESS_TERRAFORM or put terraform >= 1.5 on PATH "
        f"(got {TERRAFORM!r}); the plan-time guards are tested only through real Terraform"
    ),
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.parent for p in (REPO / "output-examples").glob("*/spec.yaml"))
ORG_POLICY = "{preset: organization, organization_id: o-a1b2c3d4e5}"
SG = "sg-0123456789abcdef0"

# --------------------------------------------------------------------------- specs

SPECS: dict[str, str] = {
    # Everything an input: the VPC, subnets with declared AZ IDs, route tables.
    "guard-inputs": f"""
version: 1
name: guard-inputs
region: eu-west-1
network:
  subnet_groups:
    app:
      availability_zone_ids: [euw1-az1, euw1-az2]
  route_table_groups:
    private: {{}}
security_groups:
  endpoints:
    description: HTTPS from the VPC
    ingress:
      - {{port: 443, from: vpc, description: HTTPS from the VPC}}
endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
    policy: {ORG_POLICY}
  sts:
    type: interface
    service: sts
    subnet_group: app
    security_groups: [endpoints]
    ip_address_type: ipv4
    policy: {ORG_POLICY}
""",
    # Input subnets without declared AZ IDs: one subnet per AZ is checked on the real subnets.
    "guard-no-az": f"""
version: 1
name: guard-no-az
region: us-east-1
network:
  vpc: {{id: vpc-0123456789abcdef0, cidr_blocks: [10.30.0.0/16]}}
  subnet_groups:
    app: {{}}
endpoints:
  kms:
    type: interface
    service: kms
    subnet_group: app
    security_groups: [{SG}]
    policy: {ORG_POLICY}
""",
    # Dualstack endpoint in subnets the spec says have IPv6.
    "guard-dualstack": f"""
version: 1
name: guard-dualstack
region: eu-west-2
network:
  vpc:
    id: vpc-0c0ffee0c0ffee000
    cidr_blocks: [10.60.0.0/16, "2001:db8:1234:1a00::/56"]
    ipv6: true
  subnet_groups:
    dual:
      availability_zone_ids: [euw2-az1, euw2-az2]
      ipv6: true
endpoints:
  sts:
    type: interface
    service: sts
    subnet_group: dual
    security_groups: [{SG}]
    ip_address_type: dualstack
    dns: {{record_ip_type: dualstack}}
    policy: {ORG_POLICY}
""",
    # IPv6-only endpoint in IPv6-only subnets.
    "guard-ipv6": f"""
version: 1
name: guard-ipv6
region: eu-west-1
network:
  vpc:
    id: vpc-0a1b2c3d4e5f60718
    cidr_blocks: [10.20.0.0/16, "2001:db8:2000::/56"]
    ipv6: true
  subnet_groups:
    v6:
      availability_zone_ids: [euw1-az1, euw1-az2]
      ipv4: false
      ipv6: true
endpoints:
  sts:
    type: interface
    service: sts
    subnet_group: v6
    security_groups: [{SG}]
    ip_address_type: ipv6
    dns: {{record_ip_type: ipv6}}
    policy: {ORG_POLICY}
""",
    # Two S3 gateway endpoints whose route tables are inputs: they must not share one.
    "guard-gateways": f"""
version: 1
name: guard-gateways
region: eu-west-1
network:
  vpc: {{id: vpc-0a1b2c3d4e5f60718}}
  route_table_groups:
    blue: {{}}
    green: {{}}
endpoints:
  s3-blue:
    type: gateway
    service: s3
    route_table_groups: [blue]
    policy: {ORG_POLICY}
  s3-green:
    type: gateway
    service: s3
    route_table_groups: [green]
    policy: {ORG_POLICY}
""",
    # A Gateway Load Balancer endpoint in an input subnet group without AZ IDs.
    "guard-gwlb": """
version: 1
name: guard-gwlb
region: eu-west-1
network:
  vpc: {id: vpc-0a9b8c7d6e5f4a3b2}
  subnet_groups:
    inspection: {}
  route_table_groups:
    workload: {}
endpoints:
  inspect:
    type: gateway-load-balancer
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210
    subnet_group: inspection
    routes:
      - {route_table_group: workload, destination: 0.0.0.0/0}
""",
    # Ingress inspection: the edge table's destinations are checked against the VPC's blocks,
    # which are read at plan time (GWLB011).
    "guard-edge": """
version: 1
name: guard-edge
region: eu-west-1
network:
  vpc: {id: vpc-0a9b8c7d6e5f4a3b2, ipv6: true}
  subnet_groups:
    inspection: {ids: [subnet-0a1b2c3d4e5f6a7b8], availability_zone_ids: [euw1-az1], ipv6: true}
  route_table_groups:
    edge: {ids: [rtb-0f1f2f3f4f5f6f7f8], edge: true}
    workload: {ids: [rtb-0a2a4a6a8a0a2a4a6]}
endpoints:
  inspect:
    type: gateway-load-balancer
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210
    subnet_group: inspection
    ip_address_type: dualstack
    routes:
      - {route_table_group: edge, destination: 10.0.16.0/20}
      - {route_table_group: edge, destination: "2001:db8:ffff:10::/64"}
      - {route_table_group: workload, destination: 0.0.0.0/0}
      - {route_table_group: workload, destination: "::/0"}
""",
    # An endpoint service that verifies its private DNS name in a Route 53 zone.
    "guard-service": """
version: 1
name: guard-service
region: eu-west-1
endpoint_services:
  orders:
    network_load_balancer_arns:
      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/orders/0123456789abcdef
    allowed_principals: [arn:aws:iam::444455556666:root]
    private_dns_name: orders.api.example.com
    private_dns_verification:
      route53_zone_id: Z0123456789ABCDEFGHIJ
""",
    # An endpoint service offering IPv6, load balancer IP type not stated (IP011 at plan time).
    "guard-service-ipv6": """
version: 1
name: guard-service-ipv6
region: eu-west-1
endpoint_services:
  api:
    network_load_balancer_arns:
      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/0123456789abcdef
    allowed_principals: [arn:aws:iam::444455556666:root]
    supported_ip_address_types: [ipv4, ipv6]
""",
    # Cross-Region endpoint: the service's AZ IDs are declared, the subnets are inputs.
    "guard-cross-region": f"""
version: 1
name: guard-cross-region
region: eu-west-1
network:
  vpc: {{id: vpc-0e1f2a3b4c5d6e7f8}}
  subnet_groups:
    app: {{}}
endpoints:
  partner:
    type: interface
    service_name: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    service_region: us-east-1
    service_availability_zone_ids: [euw1-az1, euw1-az2]
    subnet_group: app
    security_groups: [{SG}]
    private_dns: false
""",
    # Same-Region endpoint to another account's service, dualstack, with a fixed address.
    "guard-custom-service": f"""
version: 1
name: guard-custom-service
region: eu-west-1
network:
  vpc:
    id: vpc-0e1f2a3b4c5d6e7f8
    cidr_blocks: [10.0.0.0/16, "2001:db8:ffff::/56"]
    ipv6: true
  subnet_groups:
    app:
      availability_zone_ids: [euw1-az1, euw1-az2]
      ipv6: true
endpoints:
  partner:
    type: interface
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0
    subnet_group: app
    security_groups: [{SG}]
    private_dns: false
    ip_address_type: dualstack
    addresses:
      euw1-az1: {{ipv4: 10.0.7.10, ipv6: "2001:db8:ffff:7::10"}}
""",
    # Fixed address keyed by an AZ ID, in input subnets without declared AZ IDs.
    "guard-addresses": f"""
version: 1
name: guard-addresses
region: eu-west-1
network:
  vpc: {{id: vpc-0e1f2a3b4c5d6e7f8, cidr_blocks: [10.0.0.0/16]}}
  subnet_groups:
    app: {{}}
endpoints:
  sts:
    type: interface
    service: sts
    subnet_group: app
    security_groups: [{SG}]
    policy: {ORG_POLICY}
    addresses:
      euw1-az1: {{ipv4: 10.0.1.10}}
""",
}


@dataclass(frozen=True)
class Generated:
    module: Path
    inputs: PlanInputs
    text: str  # every .tf file of the module, concatenated


def plan(gen: Generated, inputs: PlanInputs) -> TfResult:
    return run_terraform(
        gen.module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )


class Modules:
    """Generates each spec of SPECS once, and plans it with good inputs once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._generated: dict[str, Generated] = {}
        self._good: dict[str, TfResult] = {}

    def generated(self, name: str) -> Generated:
        if name not in self._generated:
            folder = self.root / name
            folder.mkdir()
            spec_file = folder / f"{name}.yaml"
            spec_file.write_text(SPECS[name].lstrip(), encoding="utf-8")
            result = generate_paths([str(spec_file)], out=str(folder / "out"))
            errors = [
                f"{f.rule_id}: {f.message}"
                for f in result.validation.findings
                if f.severity is Severity.ERROR
            ]
            assert result.validation.ok and not result.blocked and not errors, errors
            module = folder / "out" / name
            loaded = load_spec(str(spec_file), spec_file)
            assert loaded.spec is not None
            text = "".join(
                p.read_text(encoding="utf-8")
                for p in sorted(module.glob("*.tf"))
                if p.name != "checks.tf"
            )
            self._generated[name] = Generated(module, plan_inputs.from_spec(loaded.spec), text)
        return self._generated[name]

    def good_plan(self, name: str) -> TfResult:
        if name not in self._good:
            gen = self.generated(name)
            self._good[name] = plan(gen, gen.inputs)
        return self._good[name]


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> Modules:
    return Modules(tmp_path_factory.mktemp("plan-guards"))


_MESSAGE = re.compile(r"^([A-Z]{1,5}[0-9]{3}): ", re.MULTILINE)
_ERROR = re.compile(r"^Error: ", re.MULTILINE)


def error_rule_ids(result: TfResult) -> list[str]:
    """The rule ID each error message of a failed plan starts with (in order)."""
    return _MESSAGE.findall(result.stderr)


# --------------------------------------------------------------------------- how to break them


def _set_subnet(group: str, index: int, **facts: object) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        subnet = inputs.subnets[group][index]
        for key, value in facts.items():
            setattr(subnet, key, value)

    return breaks


def _set_variable(name: str, value: object) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        inputs.variables[name] = value

    return breaks


def _set_vpc(**facts: object) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        inputs.vpc.update(facts)

    return breaks


def _provider_region(region: str) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        inputs.provider_region = region

    return breaks


def _swap_azs(group: str) -> Callable[[PlanInputs], None]:
    """Put the group's first two subnets in each other's AZ."""

    def breaks(inputs: PlanInputs) -> None:
        first, second = inputs.subnets[group][:2]
        first.availability_zone_id, second.availability_zone_id = (
            second.availability_zone_id,
            first.availability_zone_id,
        )
        first.availability_zone, second.availability_zone = (
            second.availability_zone,
            first.availability_zone,
        )

    return breaks


def _same_az(group: str) -> Callable[[PlanInputs], None]:
    """Put the group's second subnet in the first one's AZ."""

    def breaks(inputs: PlanInputs) -> None:
        first, second = inputs.subnets[group][:2]
        second.availability_zone_id = first.availability_zone_id
        second.availability_zone = first.availability_zone

    return breaks


def _duplicate_subnet(group: str) -> Callable[[PlanInputs], None]:
    """List the group's first subnet twice (the input, not the fixture)."""

    def breaks(inputs: PlanInputs) -> None:
        first = inputs.subnets[group][0].id
        inputs.variables[f"{group}_subnet_ids"] = [first, first]

    return breaks


def _extra_subnet(group: str) -> Callable[[PlanInputs], None]:
    """Give the group one subnet more than it has AZs (in a third AZ, so only the count is off)."""

    def breaks(inputs: PlanInputs) -> None:
        subnets = inputs.subnets[group]
        extra = plan_inputs.SubnetFacts(
            id=plan_inputs.fake_id("subnet", "extra", group),
            availability_zone_id=subnets[0].availability_zone_id[:-1] + "9",
            availability_zone=f"{inputs.region}i",
            cidr_block="10.0.250.0/24",
            ipv6_cidr_block="",
            ipv6_native=False,
            vpc_id=subnets[0].vpc_id,
        )
        subnets.append(extra)
        inputs.variables[f"{group}_subnet_ids"] = [s.id for s in subnets]
        for service in [*inputs.services.values(), inputs.default_service]:
            service.availability_zones.append(extra.availability_zone)

    return breaks


def _service_without_az(service_name: str, group: str, index: int) -> Callable[[PlanInputs], None]:
    """The service is not offered in the AZ of the group's subnet at `index`."""

    def breaks(inputs: PlanInputs) -> None:
        gone = inputs.subnets[group][index].availability_zone
        service = inputs.services[service_name]
        service.availability_zones = [z for z in service.availability_zones if z != gone]

    return breaks


def _service_ip_types(service_name: str, types: list[str]) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        inputs.services[service_name].supported_ip_address_types = types

    return breaks


def _service_type(service_name: str, kind: str) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        inputs.services[service_name].service_type = kind
        inputs.default_service.service_type = kind

    return breaks


def _two_subnets(group: str) -> Callable[[PlanInputs], None]:
    """Give a single-subnet group a second subnet in another AZ."""

    def breaks(inputs: PlanInputs) -> None:
        subnets = inputs.subnets[group]
        first = subnets[0]
        second = plan_inputs.SubnetFacts(
            id=plan_inputs.fake_id("subnet", "second", group),
            availability_zone_id=first.availability_zone_id[:-1] + "2",
            availability_zone=f"{inputs.region}b",
            cidr_block="10.0.251.0/24",
            ipv6_cidr_block="",
            ipv6_native=False,
            vpc_id=first.vpc_id,
        )
        subnets.append(second)
        inputs.variables[f"{group}_subnet_ids"] = [s.id for s in subnets]
        for service in [*inputs.services.values(), inputs.default_service]:
            service.availability_zones.append(second.availability_zone)

    return breaks


def _shared_route_table(first: str, second: str) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        inputs.variables[f"{second}_route_table_ids"] = list(
            inputs.variables[f"{first}_route_table_ids"]  # type: ignore[call-overload]
        )

    return breaks


def _zone(zone_id: str, name: str, private: bool) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        inputs.zones[zone_id] = (name, private)

    return breaks


def _load_balancer_type(kind: str) -> Callable[[PlanInputs], None]:
    def breaks(inputs: PlanInputs) -> None:
        for arn in inputs.load_balancers:
            inputs.load_balancers[arn] = kind

    return breaks


# --------------------------------------------------------------------------- the guards


@dataclass(frozen=True)
class Guard:
    rule: str  # the rule ID the error message starts with
    name: str  # what is broken, for the test ID
    spec: str  # key of SPECS
    marker: str  # text only this guard puts in the module (its message start or condition)
    breaks: Callable[[PlanInputs], None]
    names: tuple[str, ...]  # what the failure message must mention (the thing to fix)
    missing: str = ""  # set: the renderer lacks the guard; the change the lead must make

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.name}"


GUARDS: list[Guard] = [
    # ID formats of every input (variable validations).
    Guard(
        "SPEC003",
        "vpc-id-format",
        "guard-inputs",
        '"SPEC003: vpc_id',
        _set_variable("vpc_id", "vpc-XYZ"),
        ("vpc_id",),
    ),
    Guard(
        "SPEC003",
        "subnet-id-format",
        "guard-inputs",
        '"SPEC003: every entry of app_subnet_ids',
        _set_variable("app_subnet_ids", ["subnet-0aaa", "sn-0123456789abcdef0"]),
        ("app_subnet_ids",),
    ),
    Guard(
        "SPEC003",
        "route-table-id-format",
        "guard-inputs",
        '"SPEC003: every entry of private_route_table_ids',
        _set_variable("private_route_table_ids", ["rt-0123456789abcdef0"]),
        ("private_route_table_ids",),
    ),
    # SPEC009: the subnets match the declared AZ IDs, in order.
    # SPEC010: the module runs with a provider for the spec's Region.
    Guard(
        "SPEC010",
        "provider-in-another-region",
        "guard-inputs",
        '"SPEC010: this module was generated for eu-west-1',
        _provider_region("us-east-1"),
        ("configured for us-east-1",),
    ),
    Guard(
        "SPEC009",
        "subnet-count",
        "guard-inputs",
        '"SPEC009: app_subnet_ids must list 2',
        _extra_subnet("app"),
        ("app_subnet_ids", "euw1-az1, euw1-az2"),
    ),
    Guard(
        "SPEC009",
        "subnet-az-order",
        "guard-inputs",
        '"SPEC009: subnet ${self.id}',
        _swap_azs("app"),
        ("of group 'app' is in AZ euw1-az2", "declares euw1-az1"),
    ),
    # IF001: one subnet per AZ.
    Guard(
        "IF001",
        "subnet-listed-twice",
        "guard-no-az",
        '"IF001: app_subnet_ids lists a subnet twice',
        _duplicate_subnet("app"),
        ("app_subnet_ids",),
    ),
    Guard(
        "IF001",
        "two-subnets-one-az",
        "guard-no-az",
        "\"IF001: endpoint 'kms'",
        _same_az("app"),
        ("'kms'", "group 'app'"),
    ),
    # IF002: the service is offered in the subnets' AZs.
    Guard(
        "IF002",
        "service-not-in-az",
        "guard-inputs",
        "\"IF002: a subnet of endpoint 'sts'",
        _service_without_az("com.amazonaws.eu-west-1.sts", "app", 1),
        ("'sts'", "com.amazonaws.eu-west-1.sts"),
    ),
    Guard(
        "IF002",
        "service-not-in-az-no-declared-azs",
        "guard-no-az",
        "\"IF002: a subnet of endpoint 'kms'",
        _service_without_az("com.amazonaws.us-east-1.kms", "app", 0),
        ("'kms'", "com.amazonaws.us-east-1.kms"),
    ),
    Guard(
        "IF002",
        "cross-region-subnet-outside-declared-azs",
        "guard-cross-region",
        "\"IF002: a subnet of endpoint 'partner'",
        _set_subnet("app", 1, availability_zone_id="euw1-az3", availability_zone="eu-west-1c"),
        ("'partner'",),
    ),
    Guard(
        "IF002",
        "custom-service-not-in-az",
        "guard-custom-service",
        "\"IF002: a subnet of endpoint 'partner'",
        _service_without_az("com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0", "app", 1),
        ("'partner'",),
    ),
    Guard(
        "IF002",
        "gwlb-service-not-in-az",
        "guard-gwlb",
        "\"IF002: a subnet of endpoint 'inspect'",
        _service_without_az(
            "com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210", "inspection", 0
        ),
        ("'inspect'",),
    ),
    # IF009: private DNS needs both VPC DNS attributes (VPC as an input).
    Guard(
        "IF009",
        "dns-hostnames-off",
        "guard-inputs",
        "\"IF009: private DNS on endpoint 'sts'",
        _set_vpc(enable_dns_hostnames=False),
        ("'sts'", "enableDnsHostnames"),
    ),
    Guard(
        "IF009",
        "dns-support-off",
        "guard-inputs",
        "\"IF009: private DNS on endpoint 'sts'",
        _set_vpc(enable_dns_support=False),
        ("'sts'", "enableDnsSupport"),
    ),
    # IP002-IP004: the subnets' IP ranges fit ip_address_type.
    Guard(
        "IP002",
        "ipv4-endpoint-in-ipv6-only-subnet",
        "guard-inputs",
        "\"IP002: endpoint 'sts'",
        _set_subnet(
            "app", 1, cidr_block="", ipv6_cidr_block="2001:db8:ffff:1::/64", ipv6_native=True
        ),
        ("'sts'", "group 'app'"),
    ),
    Guard(
        "IP003",
        "subnet-without-ipv6",
        "guard-dualstack",
        '"IP003: subnet ${self.id}',
        _set_subnet("dual", 0, ipv6_cidr_block=""),
        ("of group 'dual' has no IPv6 CIDR block",),
    ),
    Guard(
        "IP003",
        "dualstack-endpoint-in-ipv6-only-subnet",
        "guard-dualstack",
        "\"IP003: endpoint 'sts' uses ip_address_type dualstack",
        _set_subnet("dual", 1, cidr_block="", ipv6_native=True),
        ("'sts'", "group 'dual'"),
    ),
    Guard(
        "IP003",
        "service-without-ipv6",
        "guard-custom-service",
        "data.aws_vpc_endpoint_service.partner.supported_ip_address_types",
        _service_ip_types("com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0", ["ipv4"]),
        ("'partner'",),
    ),
    Guard(
        "IP004",
        "ipv6-endpoint-in-subnet-with-ipv4",
        "guard-ipv6",
        "\"IP004: endpoint 'sts'",
        _set_subnet("v6", 0, cidr_block="10.20.1.0/24", ipv6_native=False),
        ("'sts'", "group 'v6'"),
    ),
    Guard(
        "IP004",
        "service-without-ipv6",
        "guard-ipv6",
        "data.aws_vpc_endpoint_service.sts.supported_ip_address_types",
        _service_ip_types("com.amazonaws.eu-west-1.sts", ["ipv4"]),
        ("'sts'",),
    ),
    Guard(
        "IP007",
        "address-az-without-subnet",
        "guard-addresses",
        '"IP007: ',
        # The AZ ID moves; the AZ name stays one the service offers, so only IP007 fires.
        _set_subnet("app", 0, availability_zone_id="euw1-az3"),
        ("euw1-az1",),
    ),
    Guard(
        "IP008",
        "fixed-address-outside-subnet",
        "guard-custom-service",
        '"IP008: ',
        _set_subnet("app", 0, cidr_block="10.0.8.0/24"),
        ("10.0.7.10",),
    ),
    Guard(
        "IP008",
        "fixed-ipv6-address-reserved",
        "guard-custom-service",
        '"IP008: ',
        # The address is now the first of its subnet's IPv6 range: reserved by AWS.
        _set_subnet("app", 0, ipv6_cidr_block="2001:db8:ffff:7::10/124"),
        ("2001:db8:ffff:7::10", "IPv6"),
    ),
    Guard(
        "IP011",
        "ipv6-service-on-ipv4-load-balancer",
        "guard-service-ipv6",
        '"IP011: ',
        _load_balancer_type("ipv4"),
        ("api",),
    ),
    # GW003: two gateway endpoints for one service never share a route table.
    Guard(
        "GW003",
        "shared-route-table",
        "guard-gateways",
        "\"GW003: gateway endpoints 's3-blue' and 's3-green'",
        _shared_route_table("blue", "green"),
        ("'s3-blue'", "'s3-green'"),
    ),
    # GWLB001 / GWLB004: exactly one subnet; the service is a GWLB service.
    Guard(
        "GWLB001",
        "two-subnets",
        "guard-gwlb",
        '"GWLB001: inspection_subnet_ids',
        _two_subnets("inspection"),
        ("inspection_subnet_ids",),
    ),
    Guard(
        "GWLB004",
        "not-a-gwlb-service",
        "guard-gwlb",
        '"GWLB004: ',
        _service_type("com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210", "Interface"),
        ("'inspect'",),
    ),
    # GWLB011: the edge table's destinations lie inside the VPC's CIDR blocks.
    Guard(
        "GWLB011",
        "edge-route-outside-ipv4-blocks",
        "guard-edge",
        '"GWLB011: edge route table group',
        _set_vpc(
            cidr_block="172.31.0.0/16",
            cidr_block_associations=[
                {
                    "association_id": "vpc-cidr-assoc-1",
                    "cidr_block": "172.31.0.0/16",
                    "state": "associated",
                },
                # A block being removed does not count.
                {
                    "association_id": "vpc-cidr-assoc-2",
                    "cidr_block": "10.0.0.0/16",
                    "state": "disassociating",
                },
            ],
        ),
        ("10.0.16.0/20", "'edge'"),
    ),
    Guard(
        "GWLB011",
        "edge-route-outside-ipv6-block",
        "guard-edge",
        '"GWLB011: edge route table group',
        _set_vpc(ipv6_cidr_block="2001:db8:aaaa::/56"),
        ("2001:db8:ffff:10::/64",),
    ),
    # PDN002: the verification zone is public and serves the name's domain.
    Guard(
        "PDN002",
        "private-zone",
        "guard-service",
        '"PDN002: hosted zone Z0123456789ABCDEFGHIJ is private',
        _zone("Z0123456789ABCDEFGHIJ", "api.example.com.", True),
        ("Z0123456789ABCDEFGHIJ", "orders.api.example.com"),
    ),
    Guard(
        "PDN002",
        "zone-of-another-domain",
        "guard-service",
        '"PDN002: hosted zone Z0123456789ABCDEFGHIJ is not the zone',
        _zone("Z0123456789ABCDEFGHIJ", "example.org.", False),
        ("Z0123456789ABCDEFGHIJ", "orders.api.example.com"),
    ),
]


def _params() -> list[object]:
    params: list[object] = []
    for guard in GUARDS:
        marks = [pytest.mark.xfail(strict=True, reason=guard.missing)] if guard.missing else []
        params.append(pytest.param(guard, id=guard.id, marks=marks))
    return params


# --------------------------------------------------------------------------- the tests


@requires_terraform
@pytest.mark.parametrize("spec", sorted(SPECS))
def test_good_inputs_plan(modules: Modules, spec: str) -> None:
    """Every guard spec plans with the consistent inputs (the passing half of every guard)."""
    result = modules.good_plan(spec)
    assert result.ok, f"{spec}: plan with good inputs failed:\n{result.output}"
    assert "Plan: " in result.stdout


@requires_terraform
@pytest.mark.parametrize("guard", _params())
def test_guard_passes(modules: Modules, guard: Guard) -> None:
    gen = modules.generated(guard.spec)
    assert guard.marker in gen.text, f"{guard.id}: the module has no guard {guard.marker!r}"
    result = modules.good_plan(guard.spec)
    assert result.ok, result.output


@requires_terraform
@pytest.mark.parametrize("guard", _params())
def test_guard_stops_plan(modules: Modules, guard: Guard) -> None:
    gen = modules.generated(guard.spec)
    assert guard.marker in gen.text, f"{guard.id}: the module has no guard {guard.marker!r}"
    inputs = gen.inputs.copy()
    guard.breaks(inputs)
    result = plan(gen, inputs)
    assert not result.ok, f"{guard.id}: plan passed with broken inputs:\n{result.output}"
    rules = error_rule_ids(result)
    errors = len(_ERROR.findall(result.stderr))
    assert rules and errors == len(rules), f"an error without a rule ID:\n{result.stderr}"
    assert set(rules) == {guard.rule}, result.stderr
    message = " ".join(result.stderr.split())
    for name in guard.names:
        assert name in message, f"{guard.id}: the message does not name {name!r}:\n{message}"


def test_every_rule_with_a_generated_guard_is_tested(modules: Modules) -> None:
    """Each rule ID in a guard of these modules or of the output examples has a tested guard.

    `check` blocks (checks.tf: warnings, not guards) are tested in
    tests/terraform/test_plan_checks.py."""
    rendered: set[str] = set()
    texts = [modules.generated(name).text for name in SPECS] + [
        "".join(
            p.read_text(encoding="utf-8")
            for p in sorted(folder.glob("*.tf"))
            if p.name != "checks.tf"
        )
        for folder in EXAMPLES
    ]
    for text in texts:
        rendered.update(re.findall(r'error_message\s*=\s*"([A-Z]{1,5}[0-9]{3}):', text))
    tested = {g.rule for g in GUARDS if not g.missing} | set(APPLY_TIME)
    assert rendered <= tested, f"guards without a failing-plan test: {sorted(rendered - tested)}"


# Guards whose condition reads a resource's own state: they pass a first plan (the state is
# unknown) and stop the apply. Their failing case is a lifecycle test (apply, then re-plan).
APPLY_TIME = {"GWLB009": "test_routes_wait_until_the_endpoint_is_available"}


def test_apply_time_guards_have_their_lifecycle_test() -> None:
    text = (REPO / "tests" / "lifecycle" / "test_day2.py").read_text(encoding="utf-8")
    for rule_id, test in APPLY_TIME.items():
        assert f"def {test}(" in text and rule_id in text, (rule_id, test)


def test_breaking_functions_change_the_inputs(modules: Modules) -> None:
    """Guard against a `breaks` that silently does nothing (the failing plan would be vacuous)."""
    for guard in GUARDS:
        inputs = modules.generated(guard.spec).inputs
        broken = inputs.copy()
        guard.breaks(broken)
        assert (broken.variables, broken.fixture()) != (inputs.variables, inputs.fixture()), (
            guard.id
        )


def test_every_input_has_a_format_validation(modules: Modules) -> None:
    """ID formats of every input: each input without a default has a SPEC003 validation."""
    folders = [modules.generated(name).module for name in SPECS] + EXAMPLES
    checked = 0
    for folder in folders:
        for block in hcl.parse_tf_blocks(folder / "variables.tf").blocks_of("variable"):
            if "default" in block.attributes:
                continue
            messages = [
                str(v.attributes["error_message"].value)
                for v in block.blocks_of("validation")
                if "error_message" in v.attributes
            ]
            assert any(m.startswith('"SPEC003: ') for m in messages), (
                f"{folder.name}: input {block.labels[0]} has no SPEC003 format validation"
            )
            checked += 1
    assert checked >= 10
