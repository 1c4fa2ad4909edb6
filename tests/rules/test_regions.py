"""Tests for generator.spec.regions and its data file regions.json."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest

from generator.spec.regions import Regions, load_regions


@pytest.fixture(scope="module")
def regions() -> Regions:
    return load_regions()


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    text = resources.files("generator.spec").joinpath("regions.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# -- the data file ------------------------------------------------------------------------------


def test_every_region_has_explicit_prefix_and_source_keys(raw: dict[str, Any]) -> None:
    for pcode, partition in raw["partitions"].items():
        assert partition["regions"], pcode
        for rcode, region in partition["regions"].items():
            assert set(region) == {"name", "az_id_prefix", "az_id_source"}, rcode
            assert isinstance(region["name"], str) and region["name"], rcode
            # A prefix and its source come together: both set, or both null.
            assert (region["az_id_prefix"] is None) == (region["az_id_source"] is None), rcode


def test_prefixes_are_unique_and_well_formed(raw: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for partition in raw["partitions"].values():
        for rcode, region in partition["regions"].items():
            prefix = region["az_id_prefix"]
            if prefix is None:
                continue
            assert re.fullmatch(r"[a-z]{3,6}[0-9]{1,2}", prefix), rcode
            assert prefix not in seen, f"{prefix} used by {seen.get(prefix)} and {rcode}"
            seen[prefix] = rcode
            # The trailing Region number always carries over (eu-west-3 -> euw3).
            assert prefix[-1] == rcode[-1], rcode


def test_sources_are_cited_and_referenced(raw: dict[str, Any]) -> None:
    ids = {source["id"] for source in raw["sources"]}
    for source in raw["sources"]:
        assert source["url"].startswith("https://"), source["id"]
        assert source["title"] and source["used_for"], source["id"]
    for partition in raw["partitions"].values():
        for rcode, region in partition["regions"].items():
            if region["az_id_source"] is not None:
                assert set(region["az_id_source"].split("+")) <= ids, rcode


def test_region_codes_match_partition_pattern(raw: dict[str, Any]) -> None:
    for pcode, partition in raw["partitions"].items():
        for rcode in partition["regions"]:
            assert re.fullmatch(partition["region_regex"], rcode), (pcode, rcode)
        for rcode in partition["service_prefix_services"]:
            assert rcode in partition["regions"], (pcode, rcode)
        for rcode in partition["service_name_suffixes"]:
            assert rcode in partition["regions"], (pcode, rcode)


def test_supported_partitions_are_fully_sourced(raw: dict[str, Any]) -> None:
    supported = [p for p, v in raw["partitions"].items() if v["vpcegen_supported"]]
    assert supported == ["aws", "aws-cn", "aws-us-gov"]
    for pcode in supported:
        for rcode, region in raw["partitions"][pcode]["regions"].items():
            assert region["az_id_prefix"] is not None, rcode


def test_region_counts(regions: Regions) -> None:
    assert len(regions.regions("aws")) == 34
    assert regions.regions("aws-cn") == ["cn-north-1", "cn-northwest-1"]
    assert regions.regions("aws-us-gov") == ["us-gov-east-1", "us-gov-west-1"]


def test_matches_botocore_when_available(regions: Regions) -> None:
    botocore_loaders = pytest.importorskip("botocore.loaders")
    endpoints = botocore_loaders.Loader().load_data("endpoints")
    theirs = {p["partition"]: set(p["regions"]) for p in endpoints["partitions"]}
    for partition in regions.partitions(supported_only=True):
        # Newer botocore may know newer Regions; ours must all still exist.
        assert set(regions.regions(partition)) <= theirs[partition], partition


# -- loading --------------------------------------------------------------------------------------


def test_load_regions_is_cached() -> None:
    assert load_regions() is load_regions()


def _doc(**region: Any) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "sources": [{"id": "s", "title": "t", "url": "https://example.com", "used_for": "u"}],
        "partitions": {
            "aws": {
                "name": "AWS",
                "vpcegen_supported": True,
                "dns_suffix": "amazonaws.com",
                "region_regex": r"^(us|eu)\-\w+\-\d+$",
                "service_prefix": "com.amazonaws",
                "fallback_service_prefix": "com.amazonaws",
                "service_prefix_services": {},
                "service_name_suffixes": {},
                "endpoint_service_prefix": "com.amazonaws.vpce",
                "regions": region,
            }
        },
    }


def test_rejects_duplicate_prefix() -> None:
    doc = _doc(
        **{
            "eu-west-1": {"name": "A", "az_id_prefix": "euw1", "az_id_source": "s"},
            "eu-west-2": {"name": "B", "az_id_prefix": "euw1", "az_id_source": "s"},
        }
    )
    with pytest.raises(ValueError, match="reused"):
        Regions(doc)


def test_rejects_missing_prefix_key() -> None:
    doc = _doc(**{"eu-west-1": {"name": "A", "az_id_source": None}})
    with pytest.raises(ValueError, match="az_id_prefix is missing"):
        Regions(doc)


def test_from_json_round_trip() -> None:
    doc = _doc(**{"eu-west-1": {"name": "A", "az_id_prefix": None, "az_id_source": None}})
    loaded = Regions.from_json(json.dumps(doc))
    assert loaded.regions("aws") == ["eu-west-1"]
    assert loaded.az_id_prefix("eu-west-1") is None


# -- Regions and partitions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "prefix"),
    [
        ("us-east-1", "use1"),
        ("us-east-2", "use2"),
        ("us-west-1", "usw1"),
        ("us-west-2", "usw2"),
        ("eu-west-1", "euw1"),
        ("eu-west-2", "euw2"),
        ("eu-west-3", "euw3"),
        ("eu-central-1", "euc1"),
        ("eu-central-2", "euc2"),
        ("eu-north-1", "eun1"),
        ("eu-south-1", "eus1"),
        ("eu-south-2", "eus2"),
        ("ap-east-1", "ape1"),
        ("ap-east-2", "ape2"),
        ("ap-northeast-1", "apne1"),
        ("ap-northeast-2", "apne2"),
        ("ap-northeast-3", "apne3"),
        ("ap-south-1", "aps1"),
        ("ap-south-2", "aps2"),
        ("ap-southeast-1", "apse1"),
        ("ap-southeast-4", "apse4"),
        ("ap-southeast-7", "apse7"),
        ("ca-central-1", "cac1"),
        ("ca-west-1", "caw1"),
        ("sa-east-1", "sae1"),
        ("me-central-1", "mec1"),
        ("me-south-1", "mes1"),
        ("af-south-1", "afs1"),
        ("il-central-1", "ilc1"),
        ("mx-central-1", "mxc1"),
        ("cn-north-1", "cnn1"),
        ("cn-northwest-1", "cnnw1"),
        ("us-gov-west-1", "usgw1"),
        ("us-gov-east-1", "usge1"),
    ],
)
def test_known_prefixes(regions: Regions, region: str, prefix: str) -> None:
    assert regions.az_id_prefix(region) == prefix
    assert regions.az_id_region(f"{prefix}-az1") == region


def test_unsourced_and_unknown_prefixes(regions: Regions) -> None:
    assert regions.az_id_prefix("us-iso-east-1") is None
    assert regions.az_id_prefix("eusc-de-east-1") is None
    assert regions.az_id_prefix("mars-north-1") is None


def test_partition_detection(regions: Regions) -> None:
    assert regions.partition_of("eu-west-1") == "aws"
    assert regions.partition_of("cn-northwest-1") == "aws-cn"
    assert regions.partition_of("us-gov-east-1") == "aws-us-gov"
    assert regions.partition_of("us-isob-east-1") == "aws-iso-b"
    assert regions.partition_of("eu-west-9") is None
    assert regions.is_region("eu-west-1", "aws")
    assert not regions.is_region("eu-west-1", "aws-cn")
    assert not regions.is_region("cn-north-1", "aws")
    assert not regions.is_region("eu-west-9", "aws")
    assert not regions.is_region("eu-west-1", "no-such-partition")


def test_partition_by_pattern_covers_future_regions(regions: Regions) -> None:
    assert regions.partition_by_pattern("ap-southeast-9") == "aws"
    assert regions.partition_by_pattern("us-gov-north-1") == "aws-us-gov"
    assert regions.partition_by_pattern("cn-south-1") == "aws-cn"
    assert regions.partition_by_pattern("mars-north-1") is None


def test_partitions_order_and_names(regions: Regions) -> None:
    assert regions.partitions()[:3] == ["aws", "aws-cn", "aws-us-gov"]
    assert regions.partitions(supported_only=True) == ["aws", "aws-cn", "aws-us-gov"]
    assert regions.region_name("eu-west-1") == "Europe (Ireland)"
    assert regions.region_name("cn-north-1") == "China (Beijing)"
    assert regions.region_name("nowhere-1") is None
    with pytest.raises(KeyError):
        regions.regions("aws-moon")


# -- AZ IDs and AZ names -------------------------------------------------------------------------


def test_parse_az_id(regions: Regions) -> None:
    parsed = regions.parse_az_id("euw1-az3")
    assert parsed is not None
    assert (parsed.prefix, parsed.index, parsed.region) == ("euw1", 3, "eu-west-1")
    assert not parsed.is_local_zone
    local = regions.parse_az_id("use1-bos1-az1")
    assert local is not None and local.is_local_zone
    assert local.local_zone_group == "bos1" and local.region == "us-east-1"
    unknown = regions.parse_az_id("usie1-az1")
    assert unknown is not None and unknown.region is None


@pytest.mark.parametrize(
    "value",
    ["euw1-az0", "euw1-az100", "euw1-az", "EUW1-AZ1", "eu-west-1a", "euw1az1", "", "euw1-az01"],
)
def test_malformed_az_ids(regions: Regions, value: str) -> None:
    assert regions.parse_az_id(value) is None
    assert regions.az_id_region(value) is None


def test_az_id_region_two_digit_index(regions: Regions) -> None:
    assert regions.az_id_region("use1-az12") == "us-east-1"
    assert regions.az_id_region("mes1-mct1-az1") == "me-south-1"


def test_az_id_matches_region(regions: Regions) -> None:
    assert regions.az_id_matches_region("euw1-az1", "eu-west-1")
    assert not regions.az_id_matches_region("euw2-az1", "eu-west-1")
    assert not regions.az_id_matches_region("eu-west-1a", "eu-west-1")
    assert not regions.az_id_matches_region("euw1-az1", "eu-west-9")
    # Local Zones are opt-in.
    assert not regions.az_id_matches_region("use1-bos1-az1", "us-east-1")
    assert regions.az_id_matches_region("use1-bos1-az1", "us-east-1", allow_local_zones=True)
    # Null prefix: accept any well-formed AZ ID that is not another Region's.
    assert regions.az_id_matches_region("usie1-az1", "us-iso-east-1")
    assert not regions.az_id_matches_region("use1-az1", "us-iso-east-1")


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("eu-west-1a", "eu-west-1"),
        ("us-east-1f", "us-east-1"),
        ("ap-southeast-7c", "ap-southeast-7"),
        ("us-gov-west-1b", "us-gov-west-1"),
        ("cn-northwest-1c", "cn-northwest-1"),
        ("EU-WEST-1A", "eu-west-1"),
        (" eu-west-1a ", "eu-west-1"),
        ("us-east-1-bos-1a", "us-east-1"),
        ("us-west-2-lax-1b", "us-west-2"),
        ("me-south-1-mct-1a", "me-south-1"),
        ("us-east-1-wl1-bos-wlz-1", "us-east-1"),
    ],
)
def test_looks_like_az_name(regions: Regions, value: str, region: str) -> None:
    assert regions.looks_like_az_name(value) == region


@pytest.mark.parametrize(
    "value", ["eu-west-1", "euw1-az1", "eu-west-9a", "eu-west-1ab", "ireland", "", "a"]
)
def test_not_az_names(regions: Regions, value: str) -> None:
    assert regions.looks_like_az_name(value) is None


# -- suggestions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "first"),
    [
        ("eu-west1", "eu-west-1"),
        ("euwest1", "eu-west-1"),
        ("eu_west_1", "eu-west-1"),
        ("EU-WEST-1", "eu-west-1"),
        ("us-esat-1", "us-east-1"),
        ("us-gov-wset-1", "us-gov-west-1"),
        ("cn-nrth-1", "cn-north-1"),
        ("Ireland", "eu-west-1"),
        ("Europe (Frankfurt)", "eu-central-1"),
        ("tokyo", "ap-northeast-1"),
        ("eu-west-1a", "eu-west-1"),
        ("euw1-az2", "eu-west-1"),
    ],
)
def test_suggest_region(regions: Regions, value: str, first: str) -> None:
    suggestions = regions.suggest_region(value)
    assert suggestions and suggestions[0] == first
    assert len(suggestions) <= 3


def test_definite_suggestions_come_alone(regions: Regions) -> None:
    assert regions.suggest_region("eu-west-1a") == ["eu-west-1"]
    assert regions.suggest_region("euw1-az2") == ["eu-west-1"]


def test_suggest_region_nothing_close(regions: Regions) -> None:
    assert regions.suggest_region("xyz") == []
    assert regions.suggest_region("") == []


def test_suggest_region_within_partition(regions: Regions) -> None:
    assert regions.suggest_region("cn-nrth-1", partition="aws-cn")[0] == "cn-north-1"
    assert all(r.startswith("cn-") for r in regions.suggest_region("cn-nrth-1", "aws-cn"))


# -- service names and DNS -----------------------------------------------------------------------


def test_service_prefix_and_dns_suffix(regions: Regions) -> None:
    assert regions.service_prefix("aws") == "com.amazonaws"
    assert regions.service_prefix("aws-us-gov") == "com.amazonaws"
    assert regions.service_prefix("aws-cn") == "cn.com.amazonaws"
    assert regions.dns_suffix("aws") == "amazonaws.com"
    assert regions.dns_suffix("aws-us-gov") == "amazonaws.com"
    assert regions.dns_suffix("aws-cn") == "amazonaws.com.cn"
    assert regions.service_prefixes("aws") == ["com.amazonaws"]
    assert regions.service_prefixes("aws-cn") == ["cn.com.amazonaws", "com.amazonaws"]
    assert regions.endpoint_service_prefix("aws") == "com.amazonaws.vpce"
    assert regions.endpoint_service_prefix("aws-cn") == "cn.com.amazonaws.vpce"
    with pytest.raises(KeyError):
        regions.dns_suffix("aws-moon")


def test_aws_service_names(regions: Regions) -> None:
    assert regions.aws_service_name("eu-west-1", "ec2") == "com.amazonaws.eu-west-1.ec2"
    assert regions.aws_service_name("us-gov-west-1", "s3") == "com.amazonaws.us-gov-west-1.s3"
    assert regions.aws_service_name("cn-north-1", "ec2") == "cn.com.amazonaws.cn-north-1.ec2"
    assert regions.aws_service_name("cn-north-1", "ecr.dkr") == (
        "cn.com.amazonaws.cn-north-1.ecr.dkr"
    )
    # China is mixed: services not on the list keep com.amazonaws.
    assert regions.aws_service_name("cn-north-1", "ssm") == "com.amazonaws.cn-north-1.ssm"
    assert regions.aws_service_name("cn-northwest-1", "transcribe") == (
        "cn.com.amazonaws.cn-northwest-1.transcribe.cn"
    )
    assert regions.aws_service_name("eu-west-9", "ec2") is None
