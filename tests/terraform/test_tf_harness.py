"""Tests of the offline Terraform harness (tests/tfharness) itself.

The Terraform-driven tests run real ``terraform validate``/``plan`` against the stand-in
provider; each negative control must fail with the offending thing named in the output.
The codec, planning and handshake tests need no Terraform.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import grpc
import msgpack
import pytest
from tf.gen import grpc_controller_pb2, grpc_controller_pb2_grpc, tfplugin_pb2, tfplugin_pb2_grpc

from tests.support.tfharness import cty
from tests.support.tfharness.provider import (
    MAGIC_COOKIE_KEY,
    MAGIC_COOKIE_VALUE,
    FixtureError,
    StubProvider,
    load_provider_schema,
    plan_create,
    read_data_source,
    render_policy_document,
    validate_fixture,
)
from tests.support.tfharness.runner import (
    TERRAFORM,
    TfResult,
    _filter_dev_overrides_warning,
    run_terraform,
    terraform_available,
)

MODULES = Path(__file__).resolve().parents[1] / "fixtures" / "tf-harness"
SUPPORT_DIR = Path(__file__).resolve().parents[1] / "support"  # holds tfharness/

requires_terraform = pytest.mark.skipif(
    not terraform_available(),
    reason=(
        "terraform not on PATH: no usable terraform binary "
        f"(TFHARNESS_TERRAFORM or PATH gave {TERRAFORM!r}); these tests need Terraform >= 1.5"
    ),
)

VALID_VARIABLES = {"vpc_id": "vpc-0aaa", "subnet_id": "subnet-0bbb"}
HAPPY_FIXTURE: dict[str, object] = {
    "aws_subnet": [
        {
            "match": {"id": "subnet-0bbb"},
            "values": {
                "vpc_id": "vpc-0aaa",
                "availability_zone": "eu-west-1b",
                "availability_zone_id": "euw1-az2",
            },
        }
    ],
}


# --------------------------------------------------------------------------------------------
# Helpers


def _snapshot(root: Path) -> dict[str, tuple[str, int, str]]:
    """Every path under root with its kind, mtime and content hash."""
    snapshot: dict[str, tuple[str, int, str]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        if path.is_dir():
            snapshot[str(path.relative_to(root))] = ("dir", info.st_mtime_ns, "")
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            snapshot[str(path.relative_to(root))] = ("file", info.st_mtime_ns, digest)
    return snapshot


def _run(
    module: str,
    command: str,
    *,
    variables: Mapping[str, object] | None = None,
    data_fixture: Mapping[str, object] | None = None,
) -> TfResult:
    """run_terraform, asserting that nothing inside the module folder changed."""
    module_dir = MODULES / module
    before = _snapshot(module_dir)
    result = run_terraform(
        module_dir,
        command,  # type: ignore[arg-type]
        variables=variables,
        data_fixture=data_fixture,
    )
    assert _snapshot(module_dir) == before, f"{command} wrote into {module_dir}"
    return result


def _first_diagnostic(result: TfResult) -> str:
    text = result.output
    return text[text.find("Error:") :][:600]


# --------------------------------------------------------------------------------------------
# Real Terraform: positive runs


@requires_terraform
def test_valid_module_validates() -> None:
    result = _run("valid", "validate")
    assert result.ok, result.output
    assert "The configuration is valid" in result.stdout
    assert "development overrides" not in result.output


@requires_terraform
def test_valid_module_plans_with_fixture_values() -> None:
    result = _run("valid", "plan", variables=VALID_VARIABLES, data_fixture=HAPPY_FIXTURE)
    assert result.ok, result.output
    assert "development overrides" not in result.output
    assert "Plan: 1 to add, 0 to change, 0 to destroy." in result.stdout
    assert '+ vpc_id                = "vpc-0aaa"' in result.stdout
    # A fixture value reaches an output; Optional+Computed blocks are unknown like the real one.
    assert 'subnet_az_id       = "euw1-az2"' in result.stdout
    assert "dns_record_ip_type = (known after apply)" in result.stdout
    assert "+ dns_options (known after apply)" in result.stdout


@requires_terraform
def test_provider_block_region_drives_data_sources() -> None:
    result = _run("provider-region", "plan")
    assert result.ok, result.output
    assert 'region         = "us-east-2"' in result.stdout
    assert 'first_zone_id  = "use2-az1"' in result.stdout
    assert 'service_prefix = "com.amazonaws.us-east-2"' in result.stdout
    assert 'account_id     = "123456789012"' in result.stdout
    assert "Plan: 2 to add" in result.stdout


@requires_terraform
def test_local_child_module_is_fetched_into_the_temporary_data_dir() -> None:
    validated = _run("child-module", "validate")
    assert validated.ok, validated.output
    planned = _run("child-module", "plan", variables={"vpc_id": "vpc-0ccc"})
    assert planned.ok, planned.output
    assert "module.endpoint.aws_vpc_endpoint.this will be created" in planned.stdout


@requires_terraform
def test_rpcs_called_and_no_provider_process_lingers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "rpc.log"
    monkeypatch.setenv("TFHARNESS_RPC_LOG", str(log))
    result = _run("valid", "plan", variables=VALID_VARIABLES, data_fixture=HAPPY_FIXTURE)
    assert result.ok, result.output
    entries = [line.split(" ", 1) for line in log.read_text().splitlines()]
    methods = {method for _, method in entries}
    for expected in (
        "/tfplugin6.Provider/GetProviderSchema",
        "/tfplugin6.Provider/ValidateResourceConfig",
        "/tfplugin6.Provider/ValidateDataResourceConfig",
        "/tfplugin6.Provider/ConfigureProvider",
        "/tfplugin6.Provider/ReadDataSource",
        "/tfplugin6.Provider/PlanResourceChange",
        "/plugin.GRPCController/Shutdown",
    ):
        assert expected in methods
    # go-plugin's broker stream is optional for Terraform; nothing else may be missing.
    assert {m for m in methods if m.startswith("UNIMPLEMENTED")} <= {
        "UNIMPLEMENTED /plugin.GRPCBroker/StartStream"
    }
    pids = {int(pid) for pid, _ in entries}
    assert pids
    deadline = time.monotonic() + 5
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in alive if _process_alive(pid)}
        time.sleep(0.05)
    assert not alive, f"provider processes still running: {sorted(alive)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


# --------------------------------------------------------------------------------------------
# Real Terraform: negative controls


NEGATIVE_CONTROLS = [
    pytest.param(
        "unknown-argument",
        ["Unsupported argument", 'An argument named "no_such_endpoint_flag" is not expected here'],
        id="unknown-argument",
    ),
    pytest.param(
        "missing-required",
        ["Missing required argument", 'The argument "vpc_id" is required'],
        id="missing-required",
    ),
    pytest.param(
        "wrong-type",
        ["Incorrect attribute value type", 'Inappropriate value for attribute "auto_accept"'],
        id="wrong-type",
    ),
    pytest.param(
        "dangling-attribute",
        ["Unsupported attribute", '"no_such_attr"'],
        id="dangling-attribute",
    ),
    pytest.param(
        "dangling-resource",
        ["Reference to undeclared resource", '"aws_vpc_endpoint" "missing"'],
        id="dangling-resource",
    ),
    pytest.param(
        "too-many-blocks",
        ["Too many dns_options blocks"],
        id="too-many-blocks",
    ),
]


@requires_terraform
@pytest.mark.parametrize("command", ["validate", "plan"])
@pytest.mark.parametrize(("module", "messages"), NEGATIVE_CONTROLS)
def test_negative_control_is_rejected(module: str, messages: list[str], command: str) -> None:
    result = _run(module, command)
    assert not result.ok, f"{module} unexpectedly passed {command}:\n{result.output}"
    for message in messages:
        assert message in result.output, _first_diagnostic(result)


@requires_terraform
def test_precondition_fails_when_fixture_says_so() -> None:
    fixture = {
        "aws_subnet": [
            {
                "match": {"id": "subnet-0bbb"},
                "values": {"vpc_id": "vpc-0aaa", "availability_zone": "eu-west-1z"},
            }
        ],
        "aws_vpc_endpoint_service": [
            {"values": {"availability_zones": ["eu-west-1a", "eu-west-1b"]}}
        ],
    }
    result = _run("valid", "plan", variables=VALID_VARIABLES, data_fixture=fixture)
    assert not result.ok, result.output
    assert "Resource precondition failed" in result.stderr
    assert "Subnet subnet-0bbb is in eu-west-1z, where the service is not offered." in result.stderr


@requires_terraform
def test_data_source_postcondition_fails_when_fixture_disables_dns() -> None:
    fixture = {
        **HAPPY_FIXTURE,
        "aws_vpc": [{"match": {"id": "vpc-0aaa"}, "values": {"enable_dns_hostnames": False}}],
    }
    result = _run("valid", "plan", variables=VALID_VARIABLES, data_fixture=fixture)
    assert not result.ok, result.output
    assert "Resource postcondition failed" in result.stderr
    assert "VPC vpc-0aaa must have DNS support and DNS hostnames enabled." in result.stderr


@requires_terraform
def test_fixture_match_selects_the_entry() -> None:
    # The entry for another subnet must not apply: the default vpc_id then fails the check.
    fixture = {"aws_subnet": [{"match": {"id": "subnet-other"}, "values": {"vpc_id": "vpc-0aaa"}}]}
    result = _run("valid", "plan", variables=VALID_VARIABLES, data_fixture=fixture)
    assert not result.ok, result.output
    assert "Subnet subnet-0bbb is not in VPC vpc-0aaa." in result.stderr


@requires_terraform
def test_missing_variable_fails_plan_without_prompting() -> None:
    result = _run("valid", "plan", variables={"vpc_id": "vpc-0aaa"})
    assert not result.ok
    assert 'input variable "subnet_id" is not set' in result.stderr


@requires_terraform
def test_timeout_raises_instead_of_returning_a_failure() -> None:
    with pytest.raises(TimeoutError, match="timed out"):
        run_terraform(MODULES / "valid", "validate", timeout=0.05)


def test_bad_fixture_is_rejected_before_terraform_runs() -> None:
    with pytest.raises(ValueError, match="has no 'availability_zone_idd'"):
        run_terraform(
            MODULES / "valid",
            "plan",
            data_fixture={"aws_subnet": [{"values": {"availability_zone_idd": "x"}}]},
        )


def test_module_dir_with_state_is_refused(tmp_path: Path) -> None:
    (tmp_path / "terraform.tfstate").write_text("{}")
    with pytest.raises(ValueError, match=r"terraform\.tfstate"):
        run_terraform(tmp_path, "plan")


# --------------------------------------------------------------------------------------------
# Output filtering


def test_dev_overrides_warning_is_filtered_and_the_rest_kept() -> None:
    text = (
        "\nWarning: Provider development overrides are in effect\n\n"
        "The following provider development overrides are set in the CLI\nconfiguration:\n"
        " - hashicorp/aws in /tmp/x/plugins\n\n"
        "The behavior may therefore not match any released version of the provider and\n"
        "applying changes may cause the state to become incompatible with published\n"
        "releases.\n"
        "data.aws_region.current: Reading...\n"
        "\nError: Unsupported argument\n"
    )
    filtered = _filter_dev_overrides_warning(text)
    assert filtered == "data.aws_region.current: Reading...\n\nError: Unsupported argument\n"
    unterminated = "Warning: Provider development overrides are in effect\nsomething else\n"
    assert _filter_dev_overrides_warning(unterminated) == unterminated


# --------------------------------------------------------------------------------------------
# cty codec


OBJECT_TYPE: cty.CtyType = [
    "object",
    {
        "name": "string",
        "count": "number",
        "enabled": "bool",
        "ids": ["set", "string"],
        "tags": ["map", "string"],
        "pair": ["tuple", ["string", "number"]],
        "nested": ["list", ["object", {"a": "string"}]],
        "anything": "dynamic",
    },
]


def test_cty_round_trip_with_unknowns_and_nulls() -> None:
    value = {
        "name": "x",
        "count": 2**70,
        "enabled": cty.UNKNOWN,
        "ids": ["a", "b"],
        "tags": {"k": cty.UNKNOWN},
        "pair": ["p", 1.5],
        "nested": [{"a": None}],
        "anything": cty.Dynamic(["list", "string"], ["d"]),
    }
    assert cty.decode(cty.encode(value, OBJECT_TYPE), OBJECT_TYPE) == value
    assert not cty.is_wholly_known(value)


def test_cty_unknown_wire_format_and_refined_unknowns() -> None:
    assert cty.encode(cty.UNKNOWN, "string") == b"\xd4\x00\x00"
    refined = msgpack.packb(msgpack.ExtType(12, msgpack.packb({1: False})))
    assert cty.decode(refined, "string") is cty.UNKNOWN
    assert cty.decode(msgpack.packb("12345678901234567890123"), "number") == 12345678901234567890123


def test_cty_rejects_values_of_the_wrong_type() -> None:
    with pytest.raises(cty.CtyError, match="nested"):
        cty.encode({"nested": "not a list"}, OBJECT_TYPE)
    with pytest.raises(cty.CtyError, match="no such attribute"):
        cty.conform({"bogus": 1}, OBJECT_TYPE)
    assert cty.conform({"count": "3", "enabled": "true"}, OBJECT_TYPE)["count"] == 3


# --------------------------------------------------------------------------------------------
# Planning and data sources, without Terraform


def _resource_block(name: str) -> Mapping[str, Any]:
    block: Mapping[str, Any] = load_provider_schema()["resource_schemas"][name]["block"]
    return block


def _data_block(name: str) -> Mapping[str, Any]:
    block: Mapping[str, Any] = load_provider_schema()["data_source_schemas"][name]["block"]
    return block


def _null_object(block: Mapping[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = dict.fromkeys(cty.block_type(block)[1])
    for name, nested in block.get("block_types", {}).items():
        if nested["nesting_mode"] in ("list", "set"):
            value[name] = []
    return value


def test_plan_create_marks_computed_attributes_and_blocks_unknown() -> None:
    block = _resource_block("aws_vpc_endpoint")
    config = {**_null_object(block), "vpc_id": "vpc-1", "service_name": "svc", "auto_accept": True}
    planned = plan_create(block, dict(config), config)
    assert planned["vpc_id"] == "vpc-1"
    assert planned["auto_accept"] is True
    assert planned["id"] is cty.UNKNOWN
    assert planned["tags_all"] is cty.UNKNOWN
    assert planned["dns_options"] is cty.UNKNOWN  # Optional+Computed block
    assert planned["subnet_configuration"] == []  # no computed attributes: stays empty
    assert planned["timeouts"] is None
    assert planned["tags"] is None  # optional, not computed
    ty = cty.block_type(block)
    assert cty.decode(cty.encode(planned, ty), ty) == planned


def test_data_source_defaults_fixture_and_configuration_precedence() -> None:
    block = _data_block("aws_vpc")
    config = {**_null_object(block), "id": "vpc-cfg"}
    fixture = {
        "aws_vpc": [
            {"match": {"id": "vpc-cfg"}, "values": {"id": "ignored", "cidr_block": "10.9.0.0/16"}}
        ]
    }
    state = read_data_source("aws_vpc", block, config, fixture, "eu-central-1")
    assert state["id"] == "vpc-cfg"
    assert state["cidr_block"] == "10.9.0.0/16"
    assert state["cidr_block_associations"][0]["cidr_block"] == "10.9.0.0/16"
    assert state["enable_dns_support"] is True
    assert state["enable_dns_hostnames"] is True
    assert state["ipv6_cidr_block"] == ""
    assert state["region"] == "eu-central-1"
    assert cty.is_wholly_known(state)
    ty = cty.block_type(block)
    cty.encode(state, ty)  # well-formed for the schema


def test_data_source_generic_defaults() -> None:
    block = _data_block("aws_vpc_endpoint_service")
    state = read_data_source(
        "aws_vpc_endpoint_service", block, _null_object(block), {}, "ap-southeast-2"
    )
    assert state["availability_zones"] == ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"]
    assert state["vpc_endpoint_policy_supported"] is False
    assert state["service_type"] == "Interface"
    subnet = read_data_source(
        "aws_subnet",
        _data_block("aws_subnet"),
        _null_object(_data_block("aws_subnet")),
        {},
        "ap-southeast-2",
    )
    assert subnet["availability_zone_id"] == "apse2-az1"
    assert subnet["ipv6_native"] is False
    assert subnet["map_public_ip_on_launch"] is False


def test_policy_document_rendering() -> None:
    rendered = render_policy_document(
        {
            "statement": [
                {
                    "sid": "AllowS3",
                    "effect": None,
                    "actions": ["s3:GetObject"],
                    "resources": ["*"],
                    "principals": [{"type": "*", "identifiers": ["*"]}],
                    "condition": [
                        {"test": "StringEquals", "variable": "aws:SourceVpc", "values": ["vpc-1"]}
                    ],
                }
            ]
        }
    )
    assert rendered == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"AllowS3","Effect":"Allow",'
        '"Action":"s3:GetObject","Resource":"*","Principal":"*",'
        '"Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}]}'
    )


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ({"aws_nope": []}, "no data source named 'aws_nope'"),
        ({"aws_vpc": {"values": {}}}, "must be a list"),
        ({"aws_vpc": [{"value": {}}]}, "keys 'match' and 'values'"),
        ({"aws_vpc": [{"values": {"cidr_block": ["x"]}}]}, "does not fit type"),
    ],
)
def test_fixture_validation(fixture: Mapping[str, Any], message: str) -> None:
    with pytest.raises(FixtureError, match=message):
        validate_fixture(fixture, load_provider_schema()["data_source_schemas"])


def test_state_rpcs_upgrade_read_apply_and_refuse_import_without_world() -> None:
    schema = load_provider_schema()
    provider = StubProvider(schema, {})
    block = _resource_block("aws_vpc_endpoint_policy")
    ty = cty.block_type(block)
    raw = b'{"id": "vpce-1", "vpc_endpoint_id": "vpce-1", "policy": "{}", "gone_in_v6": 1}'
    upgraded = provider.UpgradeResourceState(
        tfplugin_pb2.UpgradeResourceState.Request(
            type_name="aws_vpc_endpoint_policy", raw_state=tfplugin_pb2.RawState(json=raw)
        ),
        None,
    )
    assert not upgraded.diagnostics
    state = cty.decode(upgraded.upgraded_state.msgpack, ty)
    assert state["vpc_endpoint_id"] == "vpce-1"
    assert "gone_in_v6" not in state
    read = provider.ReadResource(
        tfplugin_pb2.ReadResource.Request(
            type_name="aws_vpc_endpoint_policy", current_state=upgraded.upgraded_state
        ),
        None,
    )
    assert cty.decode(read.new_state.msgpack, ty) == state
    planned = {**state, "region": cty.UNKNOWN}
    applied = provider.ApplyResourceChange(
        tfplugin_pb2.ApplyResourceChange.Request(
            type_name="aws_vpc_endpoint_policy",
            planned_state=tfplugin_pb2.DynamicValue(msgpack=cty.encode(planned, ty)),
        ),
        None,
    )
    assert cty.decode(applied.new_state.msgpack, ty)["region"] == "eu-west-1"
    imported = provider.ImportResourceState(
        tfplugin_pb2.ImportResourceState.Request(type_name="aws_vpc_endpoint", id="vpce-1"), None
    )
    # Without a world file (tests/support/tfharness/objects.py) nothing exists to import.
    assert [d.summary for d in imported.diagnostics] == ["Cannot import non-existent remote object"]
    assert "no world file" in imported.diagnostics[0].detail


# --------------------------------------------------------------------------------------------
# The go-plugin handshake, driven from Python


def _provider_env(**extra: str) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("PLUGIN_", "TF_"))
    }
    env["PYTHONPATH"] = str(SUPPORT_DIR)
    env.update(extra)
    return env


def test_provider_refuses_to_run_without_magic_cookie() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "tfharness.provider"],
        env=_provider_env(),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert completed.returncode == 1
    assert "cannot be run directly" in completed.stderr
    assert completed.stdout == ""


@pytest.fixture
def provider_process() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tfharness.provider"],
        env=_provider_env(
            **{
                MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE,
                "PLUGIN_CLIENT_CERT": "x",
                "PLUGIN_PROTOCOL_VERSIONS": "5,6",
            }
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    try:
        yield process, line
    finally:
        if process.poll() is None:
            process.terminate()  # SIGTERM: the provider stops and removes its socket folder
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def test_handshake_tls_and_shutdown(provider_process: tuple[subprocess.Popen[str], str]) -> None:
    process, line = provider_process
    core, protocol, network, address, transport, certificate = line.split("|")
    assert (core, protocol, network, transport) == ("1", "6", "unix", "grpc")
    socket_dir = Path(address).parent
    assert stat.S_IMODE(socket_dir.stat().st_mode) == 0o700
    der = base64.b64decode(certificate + "=" * (-len(certificate) % 4))
    pem = (
        b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n"
    )
    credentials = grpc.ssl_channel_credentials(root_certificates=pem)
    options = [("grpc.ssl_target_name_override", "localhost")]
    with grpc.secure_channel(f"unix:{address}", credentials, options=options) as channel:
        provider = tfplugin_pb2_grpc.ProviderStub(channel)
        schema = provider.GetProviderSchema(tfplugin_pb2.GetProviderSchema.Request(), timeout=30)
        endpoint = schema.resource_schemas["aws_vpc_endpoint"].block
        vpc_id = next(attr for attr in endpoint.attributes if attr.name == "vpc_id")
        assert vpc_id.required
        dns_options = next(b for b in endpoint.block_types if b.type_name == "dns_options")
        assert dns_options.nesting == tfplugin_pb2.Schema.NestedBlock.LIST
        assert dns_options.max_items == 1
        assert schema.server_capabilities.plan_destroy
        assert [a.name for a in schema.provider_meta.block.attributes] == ["user_agent"]
        region = next(attr for attr in schema.provider.block.attributes if attr.name == "region")
        assert region.optional and region.type == b'"string"'
        controller = grpc_controller_pb2_grpc.GRPCControllerStub(channel)
        controller.Shutdown(grpc_controller_pb2.Empty(), timeout=10)
    assert process.wait(timeout=10) == 0
    assert not socket_dir.exists()


def test_sigterm_stops_provider_and_removes_socket_folder(
    provider_process: tuple[subprocess.Popen[str], str],
) -> None:
    process, line = provider_process
    socket_dir = Path(line.split("|")[3]).parent
    assert socket_dir.is_dir()
    process.terminate()
    assert process.wait(timeout=10) == 0
    assert not socket_dir.exists()
