"""Bad descriptions: a clear message naming the file, exit 2, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.importer.describe import DescriptionError, description_from_documents
from generator.importer.emit import _scalar
from tests.importer.support import run_cli

CASES = {
    "not-json": ("{ VpcEndpoints: [", "desc.json:1:3: not JSON"),
    "not-an-object": ("[]", "desc.json: expected a JSON object"),
    "unknown-output": ('{"Reservations": []}', "no describe output recognised"),
    "not-a-list": ('{"VpcEndpoints": {}}', "desc.json: VpcEndpoints: expected a list"),
    "item-without-id": (
        '{"VpcEndpoints": [{"VpcId": "vpc-1"}]}',
        "desc.json: VpcEndpoints[0]: has no VpcEndpointId",
    ),
    "wrong-field-type": (
        '{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "SubnetIds": "subnet-1"}]}',
        "desc.json: VpcEndpoints[0].SubnetIds: expected a list",
    ),
    "extra-key": (
        '{"VpcEndpoints": [], "Whatever": 1}',
        "unexpected top-level key(s): Whatever",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_description_exits_2_and_writes_nothing(case: str, tmp_path: Path) -> None:
    text, message = CASES[case]
    (tmp_path / "desc.json").write_text(text, encoding="utf-8")
    done = run_cli("import", "desc.json", "--out", "out", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_missing_file(tmp_path: Path) -> None:
    done = run_cli("import", "nothere.json", "--out", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert "nothere.json: no such file or folder" in done.stderr
    assert not (tmp_path / "out").exists()


def test_endpoints_of_several_vpcs_need_a_choice(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text(
        '{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-a"},'
        ' {"VpcEndpointId": "vpce-2", "VpcId": "vpc-b"}]}',
        encoding="utf-8",
    )
    done = run_cli("import", "d.json", "--region", "eu-west-1", cwd=tmp_path)
    assert done.returncode == 2
    assert "choose one with --vpc-id" in done.stderr


def test_a_non_empty_out_folder_is_kept_without_force(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text('{"VpcEndpoints": []}', encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep", encoding="utf-8")
    done = run_cli("import", "d.json", "--region", "eu-west-1", "--out", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert "exists and is not empty" in done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["mine.txt"]


def test_permissions_without_a_service_id_need_one_service() -> None:
    with pytest.raises(DescriptionError, match="Put the service ID"):
        description_from_documents([("perms.json", '{"AllowedPrincipals": [{"Principal": "*"}]}')])


@pytest.mark.parametrize(
    "text",
    ["*", "::/0", "arn:aws:iam::1:root", "yes", "1.10", "a: b", "#x", "${aws:username}", "", "-"],
)
def test_yaml_scalars_read_back_as_written(text: str) -> None:
    for flow in (False, True):
        written = _scalar(text, flow)
        probe = f"[{written}]" if flow else f"k: {written}"
        loaded = yaml.safe_load(probe)
        assert (loaded[0] if flow else loaded["k"]) == text
