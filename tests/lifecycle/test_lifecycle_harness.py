"""The lifecycle harness itself (tests/support/lifecycle.py), on a hand-written module.

``tests/fixtures/lifecycle/tiny`` holds a VPC, a subnet, a route table, two security groups
(one ``create_before_destroy``), a gateway and an interface endpoint, all driven by
variables with defaults. One apply is shared (module-scoped); each test starts from a copy of
its state and world, changes one input and asserts the actions Terraform plans.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.lifecycle import SKIP_REASON, TerraformFailed, Workspace
from tests.support.tfharness.runner import terraform_available

pytestmark = pytest.mark.skipif(not terraform_available(), reason=SKIP_REASON)

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "lifecycle" / "tiny"
ADDRESSES = [
    "aws_route_table.private",
    "aws_security_group.cbd",
    "aws_security_group.plain",
    "aws_subnet.a",
    "aws_vpc.this",
    "aws_vpc_endpoint.s3",
    "aws_vpc_endpoint.ssm",
]


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A workspace folder holding the state and world of one apply of the tiny module."""
    folder = tmp_path_factory.mktemp("tiny-applied")
    result = Workspace(folder).apply(TINY)
    assert "Apply complete! Resources: 7 added, 0 changed, 0 destroyed." in result.stdout
    yield folder


@pytest.fixture
def ws(applied: Path, tmp_path: Path) -> Workspace:
    """A private copy of the applied workspace."""
    copy = tmp_path / "ws"
    shutil.copytree(applied, copy)
    return Workspace(copy)


def test_apply_records_state_world_and_plausible_values(ws: Workspace) -> None:
    assert ws.addresses() == ADDRESSES
    ssm = ws.resource("aws_vpc_endpoint.ssm")
    assert ssm["id"].startswith("vpce-0") and len(ssm["id"]) == len("vpce-0") + 16
    assert ssm["state"] == "available"
    assert ssm["arn"] == f"arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/{ssm['id']}"
    assert ssm["dns_entry"][0]["dns_name"].endswith(".ssm.eu-west-1.vpce.amazonaws.com")
    assert ssm["network_interface_ids"] and ssm["region"] == "eu-west-1"
    subnet = ws.resource("aws_subnet.a")
    assert subnet["availability_zone"] == "eu-west-1b"  # from availability_zone_id euw1-az2
    assert ws.world.get("aws_vpc_endpoint", ssm["id"]) is not None
    outputs = ws.state()["outputs"]
    assert outputs["ssm_state"]["value"] == "available"
    # A data source reading an object the same configuration created sees its attributes.
    assert outputs["subnet_az_id_read_back"]["value"] == "euw1-az2"


def test_ids_are_deterministic(ws: Workspace, tmp_path: Path) -> None:
    again = Workspace(tmp_path / "again")
    again.apply(TINY)
    assert again.resource("aws_vpc.this")["id"] == ws.resource("aws_vpc.this")["id"]
    assert again.resource("aws_vpc_endpoint.s3")["id"] == ws.resource("aws_vpc_endpoint.s3")["id"]


def test_unchanged_configuration_plans_no_op(ws: Workspace) -> None:
    plan = ws.plan(TINY)
    assert plan.actions == {address: ["no-op"] for address in ADDRESSES}
    assert plan.changes() == {}


def test_force_new_argument_replaces(ws: Workspace) -> None:
    plan = ws.plan(TINY, {"s3_service_name": "com.amazonaws.eu-west-1.dynamodb"})
    assert plan.changes() == {"aws_vpc_endpoint.s3": ["delete", "create"]}
    assert plan.replace_paths == {"aws_vpc_endpoint.s3": [["service_name"]]}


def test_create_before_destroy_replacement_order(ws: Workspace) -> None:
    plan = ws.plan(TINY, {"sg_description": "renamed"})
    assert plan.changes() == {
        "aws_security_group.plain": ["delete", "create"],
        "aws_security_group.cbd": ["create", "delete"],
        # Its security group ID becomes unknown: an in-place update, not a replacement.
        "aws_vpc_endpoint.ssm": ["update"],
    }
    assert plan.replace_paths["aws_security_group.cbd"] == [["description"]]


def test_tags_are_updated_in_place(ws: Workspace) -> None:
    plan = ws.plan(TINY, {"tags": {"team": "net"}})
    assert plan.changes() == {
        "aws_vpc.this": ["update"],
        "aws_vpc_endpoint.s3": ["update"],
        "aws_vpc_endpoint.ssm": ["update"],
    }
    assert plan.after("aws_vpc_endpoint.s3")["tags_all"] == {"team": "net"}


def test_updates_apply_and_converge(ws: Workspace) -> None:
    variables = {"tags": {"team": "net"}, "sg_description": "renamed", "private_dns": False}
    old_cbd = ws.resource("aws_security_group.cbd")["id"]
    result = ws.apply(TINY, variables)
    assert "2 added, 3 changed, 2 destroyed" in result.stdout, result.stdout
    assert ws.resource("aws_security_group.cbd")["id"] != old_cbd
    assert ws.resource("aws_vpc_endpoint.ssm")["private_dns_enabled"] is False
    assert ws.plan(TINY, variables).changes() == {}


def test_conditional_rule_private_dns_on_interface_endpoint_is_an_update(ws: Workspace) -> None:
    # CustomizeDiff forces replacement only for non-Interface endpoints.
    assert ws.plan(TINY, {"private_dns": False}).changes() == {"aws_vpc_endpoint.ssm": ["update"]}


def test_pending_acceptance_from_the_apply_fixture(tmp_path: Path) -> None:
    fixture = {
        "aws_vpc_endpoint": [
            {
                "match": {"service_name": "com.amazonaws.eu-west-1.ssm"},
                "values": {"state": "pendingAcceptance"},
            }
        ]
    }
    ws = Workspace(tmp_path / "pending", apply_fixture=fixture)
    ws.apply(TINY)
    assert ws.state()["outputs"]["ssm_state"]["value"] == "pendingAcceptance"
    assert ws.resource("aws_vpc_endpoint.s3")["state"] == "available"  # not matched


def test_drift_is_seen_by_refresh(ws: Workspace) -> None:
    ws.drift("aws_vpc_endpoint.ssm", {"private_dns_enabled": False})
    assert ws.plan(TINY).changes() == {"aws_vpc_endpoint.ssm": ["update"]}
    assert ws.plan(TINY, refresh=False).changes() == {}


def test_object_deleted_outside_terraform_is_planned_again(ws: Workspace) -> None:
    ws.delete_outside("aws_route_table.private")
    changes = ws.plan(TINY).changes()
    assert changes["aws_route_table.private"] == ["create"]
    assert changes["aws_vpc_endpoint.s3"] == ["update"]  # its route table ID becomes unknown


def test_import_blocks_adopt_existing_objects(ws: Workspace, tmp_path: Path) -> None:
    ids = {address: ws.resource(address)["id"] for address in ADDRESSES}
    ws.forget_state()
    module = tmp_path / "tiny-import"
    shutil.copytree(TINY, module)
    (module / "imports.tf").write_text(
        "".join(f"import {{\n  to = {a}\n  id = {json.dumps(i)}\n}}\n\n" for a, i in ids.items())
    )
    plan = ws.plan(module)
    assert plan.importing == ids
    assert plan.actions == {address: ["no-op"] for address in ADDRESSES}
    ws.apply(module)
    assert ws.plan(TINY).changes() == {}


def test_import_of_a_missing_object_fails(ws: Workspace, tmp_path: Path) -> None:
    ws.forget_state()
    module = tmp_path / "tiny-import"
    shutil.copytree(TINY, module)
    (module / "imports.tf").write_text('import {\n  to = aws_vpc.this\n  id = "vpc-0nothere"\n}\n')
    with pytest.raises(TerraformFailed, match="Cannot import non-existent remote object"):
        ws.plan(module)
