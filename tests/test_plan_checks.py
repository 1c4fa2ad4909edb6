"""Warning-level plan-time rules become `check` blocks: real `terraform plan` passes, and warns
with the rule ID when a fixture breaks them (IF004, GW007)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import generate_paths
from generator.loader.load import load_text
from tests.plan_inputs import PlanInputs, from_spec
from tests.tfharness.runner import run_terraform, terraform_available

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
