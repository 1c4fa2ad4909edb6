"""Warning-level plan-time rules become `check` blocks: real `terraform plan` passes, and warns
with the rule ID when a fixture breaks them (IF004, GW007, IF010, POL005, ES005)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from generator.api import generate_paths
from generator.loader.load import load_text
from tests.support.plan_inputs import PlanInputs, from_spec
from tests.support.tfharness.runner import run_terraform, terraform_available

pytestmark = pytest.mark.skipif(
    not terraform_available(), reason="terraform not on PATH: the plan-time checks cannot run"
)

SPEC = """\
version: 1
name: checks
region: eu-west-1
network:
  subnet_groups:
    app: {}
  route_table_groups:
    private: {}
security_groups:
  endpoints:
    description: HTTPS from the VPC
    ingress: [{port: 443, from: vpc, description: HTTPS from the VPC}]
defaults:
  interface:
    subnet_group: app
    security_groups: [endpoints]
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
  sts:
    type: interface
    service: sts
"""


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("checks")
    (tmp / "checks.yaml").write_text(SPEC, encoding="utf-8")
    result = generate_paths([str(tmp / "checks.yaml")], str(tmp / "out"))
    assert result.validation.ok, [f.message for f in result.validation.findings]
    return tmp / "out" / "checks"


def _inputs() -> PlanInputs:
    loaded = load_text("checks.yaml", SPEC)
    return from_spec(loaded)


def test_checks_are_rendered(module: Path) -> None:
    text = (module / "checks.tf").read_text(encoding="utf-8")
    assert 'check "if004_app"' in text and 'check "gw007_vpc_dns_support"' in text


def test_good_inputs_plan_without_warnings(module: Path) -> None:
    inputs = _inputs()
    result = run_terraform(
        module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    assert result.ok, result.output
    assert "IF004:" not in result.output and "GW007:" not in result.output


def test_single_az_warns_if004(module: Path) -> None:
    inputs = _inputs()
    inputs.subnets["app"] = inputs.subnets["app"][:1]
    inputs.variables["app_subnet_ids"] = [inputs.subnets["app"][0].id]
    result = run_terraform(
        module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    assert result.ok, result.output  # a warning, not a failure
    assert "IF004: the subnets of group 'app' are in 1 Availability Zone(s)" in " ".join(
        result.output.split()
    )


def test_dns_resolution_off_warns_gw007(module: Path) -> None:
    inputs = _inputs()
    inputs.vpc["enable_dns_support"] = False
    inputs.vpc["enable_dns_hostnames"] = True
    result = run_terraform(
        module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    # Private DNS on the interface endpoint also needs DNS support (IF009 stops the plan);
    # the GW007 warning is reported alongside.
    assert "GW007:" in result.output


SERVICE_SPEC = """\
version: 1
name: service-checks
region: eu-west-1
network:
  vpc: {id: vpc-0123456789abcdef0, cidr_blocks: [10.0.0.0/16]}
  subnet_groups:
    app:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
      availability_zone_ids: [euw1-az1, euw1-az2]
security_groups:
  endpoints:
    description: HTTPS from the VPC
    ingress: [{port: 443, from: vpc, description: HTTPS from the VPC}]
defaults:
  interface: {subnet_group: app, security_groups: [endpoints]}
endpoints:
  partner:
    type: interface
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0
    private_dns: true
  ssm:
    type: interface
    service: ssm
    policy: {preset: organization, organization_id: o-a1b2c3d4e5}
"""
PARTNER = "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"
SSM = "com.amazonaws.eu-west-1.ssm"


@pytest.fixture(scope="module")
def service_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("service-checks")
    (tmp / "spec.yaml").write_text(SERVICE_SPEC, encoding="utf-8")
    result = generate_paths([str(tmp / "spec.yaml")], str(tmp / "out"))
    assert result.validation.ok, [f.message for f in result.validation.findings]
    return tmp / "out" / "service-checks"


def _service_inputs() -> PlanInputs:
    inputs = from_spec(load_text("spec.yaml", SERVICE_SPEC))
    for name in (PARTNER, SSM):
        inputs.services.setdefault(name, copy.deepcopy(inputs.default_service))
        inputs.services[name].service_name = name
    return inputs


def test_service_checks_are_rendered(service_module: Path) -> None:
    text = (service_module / "checks.tf").read_text(encoding="utf-8")
    assert 'check "if010_partner"' in text and 'check "pol005_ssm"' in text


def test_service_checks_quiet_with_good_facts(service_module: Path) -> None:
    inputs = _service_inputs()
    result = run_terraform(
        service_module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    assert result.ok, result.output
    assert "IF010:" not in result.output and "POL005:" not in result.output


def test_custom_service_without_private_dns_name_warns_if010(service_module: Path) -> None:
    inputs = _service_inputs()
    inputs.services[PARTNER].private_dns_name = ""
    result = run_terraform(
        service_module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    assert result.ok, result.output
    assert "IF010:" in result.output and "POL005:" not in result.output


def test_service_without_policy_support_warns_pol005(service_module: Path) -> None:
    inputs = _service_inputs()
    inputs.services[SSM].vpc_endpoint_policy_supported = False
    result = run_terraform(
        service_module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    assert result.ok, result.output
    assert "POL005:" in result.output and "IF010:" not in result.output


NLB_SPEC = """\
version: 1
name: nlb-checks
region: eu-west-1
network:
  subnet_groups:
    lb: {}
security_groups:
  nlb:
    description: HTTPS to the NLB from the VPC
    ingress: [{port: 443, from: vpc, description: HTTPS from the VPC}]
endpoint_services:
  orders:
    network_load_balancer:
      subnet_group: lb
      security_groups: [nlb]
      listeners: [{port: 443, protocol: TCP, target_group: app}]
      target_groups:
        app: {target_type: ip, port: 8443}
    allowed_principals: [arn:aws:iam::444455556666:root]
    consumer_availability_zone_ids: [euw1-az1, euw1-az2]
"""


@pytest.fixture(scope="module")
def nlb_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("nlb-checks")
    (tmp / "spec.yaml").write_text(NLB_SPEC, encoding="utf-8")
    result = generate_paths([str(tmp / "spec.yaml")], str(tmp / "out"))
    assert result.validation.ok, [f.message for f in result.validation.findings]
    return tmp / "out" / "nlb-checks"


def _nlb_inputs(*azs: str) -> PlanInputs:
    inputs = from_spec(load_text("spec.yaml", NLB_SPEC))
    for subnet, az in zip(inputs.subnets["lb"], azs, strict=True):
        subnet.availability_zone_id = az
    return inputs


def test_nlb_zone_check_is_rendered(nlb_module: Path) -> None:
    text = (nlb_module / "checks.tf").read_text(encoding="utf-8")
    assert 'check "es005_orders"' in text


def test_nlb_in_the_consumers_azs_plans_quietly(nlb_module: Path) -> None:
    inputs = _nlb_inputs("euw1-az1", "euw1-az2")
    result = run_terraform(
        nlb_module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    assert result.ok, result.output
    assert "ES005:" not in result.output


def test_nlb_missing_a_consumer_az_warns_es005(nlb_module: Path) -> None:
    inputs = _nlb_inputs("euw1-az1", "euw1-az3")
    result = run_terraform(
        nlb_module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
    )
    assert result.ok, result.output  # a warning, not a failure
    assert "ES005: the load balancer of endpoint service 'orders' has no subnet in the " in (
        " ".join(result.output.split())
    )
    assert "AZ(s) euw1-az2;" in " ".join(result.output.split())
