"""Tests for the built-in service catalog (generator/services) and its update script."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.services import CatalogError, load_catalog
from generator.services.catalog import FACTS, ServiceCatalog, parse_catalog, read_catalog_text
from generator.services.listing import render_services

REPO = Path(__file__).resolve().parents[2]
CATALOG_PATH = REPO / "generator" / "services" / "catalog.json"
SCRIPT = REPO / "scripts" / "update_service_catalog.py"
FIXTURE = REPO / "tests" / "fixtures" / "describe-vpc-endpoint-services.json"


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def catalog() -> ServiceCatalog:
    return load_catalog()


@pytest.fixture
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def script() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("update_service_catalog", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


# --- the data -------------------------------------------------------------------------------


def test_catalog_has_at_least_150_services(catalog: ServiceCatalog) -> None:
    assert len(catalog) >= 150
    assert catalog.names() == sorted(catalog.names())
    assert [s.name for s in catalog.all()] == catalog.names()


def test_every_fact_is_sourced_or_unknown(catalog: ServiceCatalog) -> None:
    for info in catalog.all():
        established = {
            "name": True,
            "endpoint_types": True,
            "policy": info.policy != "unknown",
            "private_dns": info.private_dns != "unknown",
            "ports": bool(info.ports),
            "cross_region": info.cross_region != "unknown",
            "ipv6": info.ipv6 != "unknown",
            "global_name": info.global_name is not None,
            "partitions": bool(info.partitions),
        }
        assert set(established) == {"name", *FACTS}
        for fact, has_value in established.items():
            refs = catalog.fact_sources(info.name, fact)
            if has_value:
                assert refs, f"{info.name}.{fact} has a value but no source"
                assert info.sources[fact] == refs[0]
            for ref in refs:
                assert catalog.source_url(ref).startswith("https://"), (info.name, fact, ref)


def test_sources_are_complete(catalog: ServiceCatalog, raw: dict[str, Any]) -> None:
    cited = {ref for s in raw["services"] for refs in s["sources"].values() for ref in refs}
    assert cited <= set(raw["sources"])
    for source_id, entry in catalog.sources.items():
        assert entry["title"] and entry["url"].startswith("https://"), source_id
    with pytest.raises(KeyError):
        catalog.source_url("no-such-source")
    assert catalog.source_url("https://example.com/x") == "https://example.com/x"


def test_shipped_file_is_canonical_json(raw: dict[str, Any]) -> None:
    text = CATALOG_PATH.read_text(encoding="utf-8")
    assert text == _dump(raw), "regenerate with sorted keys, 2-space indent, trailing newline"
    assert [s["name"] for s in raw["services"]] == sorted(s["name"] for s in raw["services"])


def test_endpoint_types(catalog: ServiceCatalog) -> None:
    for name in ("s3", "dynamodb"):
        info = catalog.get(name)
        assert info is not None and info.endpoint_types == {"gateway", "interface"}
    ec2 = catalog.get("ec2")
    assert ec2 is not None and ec2.endpoint_types == {"interface"}
    s3express = catalog.get("s3express")
    assert s3express is not None and "gateway" in s3express.endpoint_types
    gateway_capable = {s.name for s in catalog.all() if "gateway" in s.endpoint_types}
    assert gateway_capable == {"s3", "dynamodb", "s3express"}


def test_documented_ports(catalog: ServiceCatalog) -> None:
    def ports(name: str) -> tuple[int, ...]:
        info = catalog.get(name)
        assert info is not None
        return info.ports

    assert 9142 in ports("cassandra")
    assert 9142 in ports("cassandra-fips")
    assert ports("email-smtp") == (25, 465, 587, 2465, 2587)
    assert ports("transfer.server") == (22,)
    assert ports("ecr.api") == (443,)
    unknown = catalog.get("git-codecommit")
    assert unknown is not None and unknown.ports == () and not unknown.ports_known
    assert "ports" not in unknown.sources


def test_cross_region_allow_list(catalog: ServiceCatalog) -> None:
    enabled = {s.name for s in catalog.all() if s.cross_region == "yes"}
    assert enabled == {
        "s3",
        "iam",
        "ecr.api",
        "ecr.dkr",
        "kms",
        "kms-fips",
        "ecs",
        "ecs-fips",
        "lambda",
        "kinesis-firehose",
        "kinesisanalytics",
        "kinesisanalytics-fips",
        "route53",
    }


def test_selected_policy_facts(catalog: ServiceCatalog) -> None:
    expected = {
        "s3": "yes",
        "dynamodb": "yes",
        "ecr.api": "yes",
        "eks": "yes",
        "email-smtp": "no",
        "transfer.server": "no",
        "appstream.streaming": "no",
        "neptune-graph": "no",
        "neptune-graph-data": "yes",
    }
    for name, policy in expected.items():
        info = catalog.get(name)
        assert info is not None and info.policy == policy, name
    eks = catalog.get("eks")
    assert eks is not None and eks.source_lists["policy"] == ("eks-privatelink", "eks-pr-873")
    assert any("lza-issue-224" in note for note in eks.notes)  # the old full-access-only error


def test_special_and_global_names(catalog: ServiceCatalog) -> None:
    iam = catalog.get("iam")
    assert iam is not None and iam.global_name == "com.amazonaws.iam"
    route53 = catalog.get("route53")
    assert route53 is not None and route53.global_name == "com.amazonaws.route53"
    mrap = catalog.get("s3-global.accesspoint")
    assert mrap is not None and mrap.global_name == "com.amazonaws.s3-global.accesspoint"
    assert catalog.service_name("sagemaker.notebook", "eu-west-1") == (
        "aws.sagemaker.eu-west-1.notebook"
    )
    assert catalog.service_name("qbusiness", "us-east-1") == "aws.api.us-east-1.qbusiness"
    assert catalog.service_name("cassandra-streams", "us-east-1") == (
        "api.aws.us-east-1.cassandra-streams"
    )


def test_service_name_aws_and_aws_cn(catalog: ServiceCatalog) -> None:
    assert catalog.service_name("ecr.api", "eu-west-1") == "com.amazonaws.eu-west-1.ecr.api"
    assert catalog.service_name("ecr.api", "cn-north-1", "aws-cn") == (
        "cn.com.amazonaws.cn-north-1.ecr.api"
    )
    # Not in the China exception list: default pattern.
    assert catalog.service_name("dynamodb", "cn-north-1", "aws-cn") == (
        "com.amazonaws.cn-north-1.dynamodb"
    )
    assert catalog.service_name("transcribe", "cn-northwest-1", "aws-cn") == (
        "cn.com.amazonaws.cn-northwest-1.transcribe.cn"
    )
    # S3: interface endpoint uses the cn prefix, the gateway endpoint does not.
    assert catalog.service_name("s3", "cn-north-1", "aws-cn") == "cn.com.amazonaws.cn-north-1.s3"
    assert catalog.service_name("s3", "cn-north-1", "aws-cn", "gateway") == (
        "com.amazonaws.cn-north-1.s3"
    )
    assert catalog.service_name("iam", "us-east-1") == "com.amazonaws.iam"
    assert catalog.service_name("ssm", "us-gov-west-1", "aws-us-gov") == (
        "com.amazonaws.us-gov-west-1.ssm"
    )
    assert catalog.service_name("not-a-service", "eu-west-1", "aws-cn") == (
        "com.amazonaws.eu-west-1.not-a-service"
    )


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("ecr-api", "ecr.api"),
        ("ssmmessage", "ssmmessages"),
        ("dynamdb", "dynamodb"),
        ("dynamo", "dynamodb"),
        ("secretmanager", "secretsmanager"),
        ("sagemaker-runtime", "sagemaker.runtime"),
        ("cloudwatch", "monitoring"),
        ("ECR.API", "ecr.api"),
    ],
)
def test_suggest(catalog: ServiceCatalog, typo: str, expected: str) -> None:
    suggestions = catalog.suggest(typo)
    assert suggestions and suggestions[0] == expected
    assert len(suggestions) <= 3


def test_suggest_edge_cases(catalog: ServiceCatalog) -> None:
    assert catalog.suggest("zzzzqqqq") == []
    assert catalog.suggest("", 3) == []
    assert catalog.suggest("ecr", 0) == []
    assert len(catalog.suggest("ssm", 5)) == 5
    assert catalog.canonical("keyspaces") == "cassandra"
    assert catalog.canonical("ssm") == "ssm"
    assert catalog.canonical("nope") is None


# --- loading and validation -------------------------------------------------------------------


def test_loads_via_importlib_resources() -> None:
    ref = resources.files("generator.services").joinpath("catalog.json")
    assert ref.is_file()
    assert read_catalog_text() == ref.read_text(encoding="utf-8")
    assert load_catalog() is load_catalog()  # cached


def test_loads_from_a_copy_of_the_package_outside_the_repo(tmp_path: Path) -> None:
    """Mimic an installed package: only generator/ (code + data) on sys.path, other cwd."""
    site = tmp_path / "site"
    shutil.copytree(
        REPO / "generator",
        site / "generator",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    code = (
        "from generator.services import load_catalog\n"
        "c = load_catalog()\n"
        "print(len(c), c.service_name('ecr.api', 'eu-west-1'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n{code}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    count, name = out.stdout.split()
    assert int(count) >= 150 and name == "com.amazonaws.eu-west-1.ecr.api"


def test_wheel_contains_catalog(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            ".",
            str(REPO),
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    wheels = list(tmp_path.glob("vpcegen-*.whl"))
    assert wheels
    with zipfile.ZipFile(wheels[0]) as wheel:
        assert "generator/services/catalog.json" in wheel.namelist()


def _first(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in data["services"] if s["name"] == name)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: _first(d, "ecr.api").pop("policy"), "'ecr.api'.*missing keys: policy"),
        (lambda d: _first(d, "ecr.api").update(policy="maybe"), "'ecr.api'.*'policy' must be"),
        (lambda d: _first(d, "ecr.api").update(ipv6=True), "'ecr.api'.*'ipv6' must be"),
        (
            lambda d: _first(d, "ecr.api")["sources"].pop("policy"),
            "'ecr.api'.*'policy' has a value but no source",
        ),
        (
            lambda d: _first(d, "ecr.api")["sources"].update(policy=["nope"]),
            "'ecr.api'.*unknown source ID 'nope'",
        ),
        (lambda d: _first(d, "ecr.api").update(ports=[0]), "'ecr.api'.*'ports'"),
        (lambda d: _first(d, "ecr.api").update(ports=["443"]), "'ecr.api'.*'ports'"),
        (
            lambda d: _first(d, "ecr.api").update(endpoint_types=["tunnel"]),
            "'ecr.api'.*'endpoint_types'",
        ),
        (lambda d: _first(d, "ecr.api").update(endpoint_types=[]), "'ecr.api'.*'endpoint_types'"),
        (
            lambda d: _first(d, "ecr.api")["partitions"].update({"aws-cn": "cn.{regio}.x"}),
            "'ecr.api'.*placeholder",
        ),
        (lambda d: _first(d, "ecr.api").update(colour="blue"), "'ecr.api'.*unexpected keys"),
        (lambda d: d["services"].append(copy.deepcopy(_first(d, "ecr.api"))), "duplicate"),
        (lambda d: d["services"][0].update(name="Bad Name"), r"services\[0\]"),
        (lambda d: d["sources"]["pl-services"].update(url="ftp://x"), "'pl-services'"),
        (lambda d: d.update(schema_version=99), "schema_version"),
        (lambda d: d.pop("sources"), "missing keys: sources"),
    ],
)
def test_loader_rejects_malformed_data(raw: dict[str, Any], mutate: Any, message: str) -> None:
    mutate(raw)
    with pytest.raises(CatalogError, match=message):
        parse_catalog(raw)


def test_the_packaged_catalog_read_on_demand_is_the_whole_catalog(raw: dict[str, Any]) -> None:
    """load_catalog() validates each entry when first read; every entry, once read, is
    what the eager parse builds, and aliases and names are complete before any read."""
    eager = parse_catalog(raw)
    lazy = parse_catalog(raw, on_demand=True)
    assert lazy.names() == eager.names()
    assert lazy.canonical("mwaa") == eager.canonical("mwaa") is not None
    assert lazy.all() == eager.all()


def test_an_on_demand_entry_is_validated_when_read(raw: dict[str, Any]) -> None:
    _first(raw, "ecr.api")["ports"] = [0]
    catalog = parse_catalog(raw, on_demand=True)  # other entries stay readable
    assert catalog.get("s3") is not None
    with pytest.raises(CatalogError, match="'ports'"):
        catalog.get("ecr.api")
    _first(raw, "s3")["aliases"] = ["Not Lower"]
    with pytest.raises(CatalogError, match="'aliases'"):
        parse_catalog(raw, on_demand=True)  # aliases are read up front


def test_unknown_facts_need_no_source(raw: dict[str, Any]) -> None:
    entry = _first(raw, "ecr.api")
    entry["policy"] = "unknown"
    del entry["sources"]["policy"]
    entry["ports"] = []
    del entry["sources"]["ports"]
    info = parse_catalog(raw).get("ecr.api")
    assert info is not None and info.policy == "unknown" and info.ports == ()


# --- listing ------------------------------------------------------------------------------------


def test_render_text(catalog: ServiceCatalog) -> None:
    text = render_services(catalog, "text")
    lines = text.splitlines()
    header = ["NAME", "TYPES", "POLICY", "PRIVATE", "DNS", "PORTS", "CROSS-REGION", "IPV6"]
    assert lines[0].split() == header
    s3 = next(line for line in lines if line.startswith("s3 "))
    assert "gateway+interface" in s3
    assert any(line.startswith("cassandra ") and "443,9142" in line for line in lines)
    gateway = render_services(catalog, "text", endpoint_type="gateway")
    names = [
        line.split()[0] for line in gateway.splitlines()[2:] if line and "service(s)" not in line
    ]
    assert names == ["dynamodb", "s3", "s3express"]
    assert text.endswith("\n")


def test_render_json(catalog: ServiceCatalog) -> None:
    payload = json.loads(render_services(catalog, "json", endpoint_type="interface"))
    assert len(payload) == len(catalog) - 1  # s3express is gateway-only
    by_name = {item["name"]: item for item in payload}
    ecr = by_name["ecr.api"]
    assert ecr["service_name"] == "com.amazonaws.{region}.ecr.api"
    for refs in ecr["sources"].values():
        assert all(url.startswith("https://") for url in refs)
    assert by_name["cassandra"]["ports"] == [443, 9142]
    assert render_services(catalog, "json") == render_services(catalog, "json")


def test_render_rejects_bad_arguments(catalog: ServiceCatalog) -> None:
    with pytest.raises(ValueError, match="endpoint type"):
        render_services(catalog, "text", endpoint_type="gatewayloadbalancer")
    with pytest.raises(ValueError, match="format"):
        render_services(catalog, "yaml")  # type: ignore[arg-type]


# --- maintainers' update script -------------------------------------------------------------------


def _run(script: ModuleType, *args: str) -> None:
    assert script.run(list(args)) == 0


@pytest.fixture
def work_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "catalog.json"
    shutil.copyfile(CATALOG_PATH, target)
    return target


def test_update_adds_and_updates_but_keeps_documented_facts(
    script: ModuleType, work_catalog: Path
) -> None:
    before = json.loads(work_catalog.read_text(encoding="utf-8"))
    _run(script, "--from", str(FIXTURE), "--catalog", str(work_catalog), "--date", "2026-11-01")
    text = work_catalog.read_text(encoding="utf-8")
    after = json.loads(text)
    assert text == _dump(after)
    source = "describe-eu-west-1-2026-11-01"
    assert after["sources"][source]["title"] == (
        "describe-vpc-endpoint-services (eu-west-1, 2026-11-01)"
    )

    # Added: a service the catalog did not know, with only what the API shows.
    new = _first(after, "s3vectors")
    assert new["endpoint_types"] == ["interface"]
    assert (new["policy"], new["private_dns"], new["ipv6"]) == ("yes", "yes", "no")
    assert new["ports"] == [] and new["cross_region"] == "unknown"
    assert new["sources"]["name"] == [source]

    # Updated: an unknown fact becomes sourced by the describe output.
    ssm = _first(after, "ssm")
    assert ssm["policy"] == "yes" and ssm["sources"]["policy"] == [source]
    assert ssm["private_dns"] == "yes"

    # Kept: ports, cross-Region and partitions are not visible in the API output.
    cassandra_before, cassandra = _first(before, "cassandra"), _first(after, "cassandra")
    assert cassandra["ports"] == [443, 9142]
    assert cassandra["sources"]["ports"] == cassandra_before["sources"]["ports"]
    firehose = _first(after, "kinesis-firehose")
    assert firehose["cross_region"] == "yes"
    assert firehose["sources"]["cross_region"] == ["pl-cross-region"]
    assert _first(after, "ecr.api")["partitions"] == _first(before, "ecr.api")["partitions"]
    # Confirming facts append the describe source after the documented one.
    assert _first(after, "ecr.api")["sources"]["policy"] == ["vpc-ug-2021-policy-table", source]
    # Special names resolve to the catalog entry, customer services are skipped.
    assert _first(after, "sagemaker.notebook")["private_dns"] == "yes"
    assert not any("vpce-svc" in s["name"] for s in after["services"])
    assert after["refreshed"][-1]["source"] == source
    assert "s3vectors" in after["refreshed"][-1]["added"]
    # The result still passes the loader's validation.
    assert parse_catalog(after).get("s3vectors") is not None


def test_update_is_deterministic_and_idempotent(
    script: ModuleType, work_catalog: Path, tmp_path: Path
) -> None:
    args = ["--from", str(FIXTURE), "--catalog", str(work_catalog), "--date", "2026-11-01"]
    _run(script, *args)
    first = work_catalog.read_bytes()
    _run(script, *args)
    assert work_catalog.read_bytes() == first
    other = tmp_path / "other.json"
    shutil.copyfile(CATALOG_PATH, other)
    _run(script, "--from", str(FIXTURE), "--catalog", str(other), "--date", "2026-11-01")
    assert other.read_bytes() == first


def test_update_dry_run_writes_nothing(script: ModuleType, work_catalog: Path) -> None:
    before = work_catalog.read_bytes()
    _run(script, "--from", str(FIXTURE), "--catalog", str(work_catalog), "--dry-run")
    assert work_catalog.read_bytes() == before


def test_update_never_downgrades_full_access_only(script: ModuleType, work_catalog: Path) -> None:
    data = json.loads(work_catalog.read_text(encoding="utf-8"))
    _first(data, "email-smtp")["policy"] = "full-access-only"
    work_catalog.write_text(_dump(data), encoding="utf-8")
    _run(script, "--from", str(FIXTURE), "--catalog", str(work_catalog), "--date", "2026-11-01")
    after = json.loads(work_catalog.read_text(encoding="utf-8"))
    assert _first(after, "email-smtp")["policy"] == "full-access-only"


def test_update_uses_file_mtime_and_china_names(
    script: ModuleType, work_catalog: Path, tmp_path: Path
) -> None:
    detail = json.loads(FIXTURE.read_text(encoding="utf-8"))["ServiceDetails"][3]  # ecr.api
    athena = {k: v for k, v in detail.items() if k != "ServiceRegion"}
    china: dict[str, Any] = {
        "ServiceNames": [
            "cn.com.amazonaws.cn-north-1.athena",
            "cn.com.amazonaws.cn-north-1.newservice",
        ],
        "ServiceDetails": [
            dict(athena, ServiceName="cn.com.amazonaws.cn-north-1.athena"),
            dict(detail, ServiceName="cn.com.amazonaws.cn-north-1.newservice"),
        ],
    }
    china_file = tmp_path / "describe-cn-north-1.json"
    china_file.write_text(json.dumps(china), encoding="utf-8")
    os.utime(china_file, (1767225600, 1767225600))  # 2026-01-01T00:00:00Z
    _run(script, "--from", str(china_file), "--catalog", str(work_catalog))
    after = json.loads(work_catalog.read_text(encoding="utf-8"))
    assert "describe-cn-north-1-2026-01-01" in after["sources"]
    new = _first(after, "newservice")
    assert new["partitions"] == {"aws-cn": "cn.com.amazonaws.{region}.{service}"}
    athena = _first(after, "athena")
    assert athena["partitions"]["aws-cn"] == "cn.com.amazonaws.{region}.{service}"
    catalog = parse_catalog(after)
    assert catalog.service_name("newservice", "cn-north-1", "aws-cn") == (
        "cn.com.amazonaws.cn-north-1.newservice"
    )


def test_update_script_runs_as_a_program(work_catalog: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--from",
            str(FIXTURE),
            "--catalog",
            str(work_catalog),
            "--date",
            "2026-11-01",
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "added   s3vectors" in out.stdout
    assert "dry run" in out.stdout


def test_fixture_has_the_real_describe_shape() -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert set(data) == {"ServiceNames", "ServiceDetails"}
    required = {
        "ServiceName",
        "ServiceId",
        "ServiceType",
        "AvailabilityZones",
        "Owner",
        "BaseEndpointDnsNames",
        "VpcEndpointPolicySupported",
        "AcceptanceRequired",
        "ManagesVpcEndpoints",
        "Tags",
        "SupportedIpAddressTypes",
    }
    for detail in data["ServiceDetails"]:
        assert required <= set(detail), detail["ServiceName"]
        assert all(t["ServiceType"] in ("Interface", "Gateway") for t in detail["ServiceType"])
        assert detail["ServiceName"] in data["ServiceNames"]
