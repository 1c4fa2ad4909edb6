"""Import of a realistic hand-built estate (tests/fixtures/import/README.md).

File mode writes exactly the reviewed output; the spec validates clean; planned from a root
module that calls the generated module as `module.prod`, with the state built from the same
description, every adopted object is imported as a no-op, nothing is destroyed and the only
creates are the allowed principals (which the provider cannot import) and terraform_data.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.importer.estate import world_objects
from tests.importer.support import changed, run_cli
from tests.support.lifecycle import SKIP_REASON, Workspace, generate
from tests.support.paths import ROOT
from tests.support.tfharness.runner import terraform_available

FIXTURE = Path("tests/fixtures/import/hand-built")
EXPECTED = ROOT / "tests/fixtures/import/hand-built-expected"
VPC = "vpc-0a5b6c7d8e9f01234"
terraform = pytest.mark.skipif(not terraform_available(), reason=SKIP_REASON)


def _import(out: Path, *extra: str) -> str:
    done = run_cli("import", str(FIXTURE), "--vpc-id", VPC, "--out", str(out), *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_file_mode_writes_the_reviewed_output(tmp_path: Path) -> None:
    findings = _import(tmp_path / "out")
    expected = _files(EXPECTED)
    assert findings == expected.pop("findings.txt")
    assert _files(tmp_path / "out") == expected


def test_every_finding_names_the_object(tmp_path: Path) -> None:
    findings = _import(tmp_path / "out")
    assert "IMP001" in findings and "vpce-0e1a000000000e004" in findings  # AWS-managed endpoint
    assert "IMP002" in findings and "sg-0c1a000000000c002" in findings  # shared with an instance
    assert "eni-0d1a000000000d100" in findings
    assert "IMP007" in findings and "sg-0c1a000000000c001" in findings  # named by hand
    imports = (tmp_path / "out" / "imports.tf").read_text(encoding="utf-8")
    for left_out in ("vpce-0e1a000000000e004", "vpce-0e1a000000000e005", "sg-0c1a000000000c00"):
        assert f'"{left_out}' not in imports


def test_imported_spec_validates_with_only_the_estates_real_problem(tmp_path: Path) -> None:
    """No error; the one warning is a real problem of the estate, not of the import: its S3
    endpoint policy allows only the organization's principals, so AWS-owned buckets (ECR
    layers, Amazon Linux repositories, SSM agent) are denied through it (POL012)."""
    _import(tmp_path / "out")
    checked = run_cli("validate", str(tmp_path / "out" / "spec.yaml"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s), 1 warning(s)" in checked.stderr
    assert "warning POL012: policy of endpoint 's3'" in checked.stdout


def _bundle() -> dict[str, list[object]]:
    merged: dict[str, list[object]] = {}
    for path in sorted((ROOT / FIXTURE).glob("*.json")):
        for key, items in json.loads(path.read_text(encoding="utf-8")).items():
            merged.setdefault(key, []).extend(items)
    return merged


def _root(tmp_path: Path, out: Path) -> Path:
    """A root module calling the generated module as module.prod, with imports.tf."""
    module = generate(out / "spec.yaml", tmp_path / "gen")
    root = tmp_path / "root"
    root.mkdir()
    shutil.copytree(module, root / "prod")
    (root / "main.tf").write_text('module "prod" {\n  source = "./prod"\n}\n', encoding="utf-8")
    shutil.copy(out / "imports.tf", root / "imports.tf")
    return root


def _fixture() -> dict[str, list[dict[str, object]]]:
    subnets = _bundle()["Subnets"]
    return {
        "aws_region": [{"values": {"region": "eu-west-1", "name": "eu-west-1"}}],
        "aws_vpc": [
            {
                "match": {"id": VPC},
                "values": {
                    "id": VPC,
                    "cidr_block": "10.50.0.0/16",
                    "enable_dns_support": True,
                    "enable_dns_hostnames": True,
                },
            }
        ],
        "aws_subnet": [
            {
                "match": {"id": s["SubnetId"]},  # type: ignore[index]
                "values": {
                    "id": s["SubnetId"],  # type: ignore[index]
                    "availability_zone_id": s["AvailabilityZoneId"],  # type: ignore[index]
                    "availability_zone": s["AvailabilityZone"],  # type: ignore[index]
                    "vpc_id": VPC,
                },
            }
            for s in subnets
        ],
        "aws_vpc_endpoint_service": [
            {"values": {"availability_zones": ["eu-west-1a", "eu-west-1b", "eu-west-1c"]}}
        ],
        "aws_lb": [{"values": {"ip_address_type": "ipv4"}}],
    }


def _workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "ws", data_fixture=_fixture())
    for type_name, key, attributes in world_objects(_bundle(), "eu-west-1"):
        ws.add_existing(type_name, key, attributes)
    return ws


@terraform
def test_plan_adopts_the_estate_without_create_or_destroy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _import(out)
    plan = _workspace(tmp_path).plan(_root(tmp_path, out))
    assert plan.importing == {
        "module.prod.aws_vpc_endpoint.ecr_api_endpoint": "vpce-0e1a000000000e003",
        "module.prod.aws_vpc_endpoint.s3": "vpce-0e1a000000000e001",
        "module.prod.aws_vpc_endpoint.ssm": "vpce-0e1a000000000e002",
        "module.prod.aws_vpc_endpoint_service.billing_api": "vpce-svc-0a1a000000000a001",
        "module.prod.aws_vpc_endpoint_connection_notification.billing_api["
        '"arn:aws:sns:eu-west-1:111122223333:billing-vpce-events"]': "vpce-nfn-0a1a000000000a001",
    }
    for address in plan.importing:
        assert plan.actions[address] == ["no-op"], changed(plan)
    assert plan.changes() == {
        "module.prod.aws_vpc_endpoint_service_allowed_principal.billing_api"
        '["arn:aws:iam::444455556666:root"]': ["create"],
        "module.prod.aws_vpc_endpoint_service_allowed_principal.billing_api"
        '["arn:aws:iam::777788889999:role/billing-consumer"]': ["create"],
        "module.prod.terraform_data.ecr_api_endpoint_replace_on": ["create"],
        "module.prod.terraform_data.ssm_replace_on": ["create"],
    }


@terraform
def test_defining_a_hand_named_group_replaces_it_as_the_note_says(tmp_path: Path) -> None:
    out = tmp_path / "out"
    findings = _import(out, "--security-groups", "define")
    assert "IMP009" in findings and "sg-0c1a000000000c001" in findings
    assert "vpce-https:" in (out / "spec.yaml").read_text(encoding="utf-8")
    plan = _workspace(tmp_path).plan(_root(tmp_path, out))
    group = "module.prod.aws_security_group.vpce_https"
    rule = 'module.prod.aws_vpc_security_group_ingress_rule.vpce_https["tcp/443/10.50.0.0/16"]'
    assert plan.importing[group] == "sg-0c1a000000000c001"
    assert plan.importing[rule] == "sgr-0f1a000000000f001"
    assert plan.actions[group] == ["create", "delete"]
    assert plan.replace_paths[group] == [["name_prefix"]]
    assert plan.actions[rule] == ["delete", "create"]
    # the endpoints switch to the new group in place
    assert plan.actions["module.prod.aws_vpc_endpoint.ssm"] == ["update"]
