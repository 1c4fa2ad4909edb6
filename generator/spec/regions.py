"""Known AWS partitions, Regions and Availability Zone IDs, for rule SPEC009.

The data lives in ``regions.json`` next to this module (sources are listed in the file itself).
Everything here is offline and stdlib-only; nothing calls AWS.

Vocabulary:

* Region code: ``eu-west-1``. Partition: ``aws``, ``aws-cn``, ``aws-us-gov`` (plus the
  ISO/EUSC partitions, listed so error messages can name them).
* AZ ID: ``euw1-az1`` -- ``<az_id_prefix>-az<N>``, the same physical zone in every account.
  The prefix is Region-specific and cannot be derived from the Region code by a fixed rule
  (``ap-northeast-1`` -> ``apne1``, ``cn-northwest-1`` -> ``cnnw1``), hence the table.
  Local Zone IDs add a group: ``use1-bos1-az1``.
* AZ name: ``eu-west-1a`` -- per-account mapping in older Regions; vpcegen wants AZ IDs.

Where a Region's AZ ID prefix is unknown (``None``), :meth:`Regions.az_id_matches_region`
accepts any well-formed AZ ID whose prefix does not belong to another known Region.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "AzId",
    "PartitionInfo",
    "RegionInfo",
    "Regions",
    "Source",
    "load_regions",
]

_DATA_FILE = "regions.json"

# <prefix>[-<local zone group>]-az<N>, N in 1..99. Prefixes seen: use1, apse7, cnnw1, usgw1.
_AZ_ID_RE = re.compile(
    r"(?P<prefix>[a-z]{3,6}[0-9]{1,2})(?:-(?P<group>[a-z]{2,8}[0-9]{1,2}))?-az(?P<index>[1-9][0-9]?)"
)
_REGION_PART = r"(?P<region>[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2})"
# eu-west-1a
_AZ_NAME_RE = re.compile(_REGION_PART + r"[a-z]")
# us-east-1-bos-1a (Local Zone)
_LOCAL_ZONE_NAME_RE = re.compile(_REGION_PART + r"-[a-z]+(?:-[a-z]+)*-[0-9]{1,2}[a-z]")
# us-east-1-wl1-bos-wlz-1 (Wavelength Zone)
_WAVELENGTH_NAME_RE = re.compile(_REGION_PART + r"-wl[0-9]+-[a-z]+-wlz-[0-9]+")


@dataclass(frozen=True)
class Source:
    """One entry of the data file's ``sources`` list."""

    id: str
    title: str
    url: str
    used_for: str


@dataclass(frozen=True)
class RegionInfo:
    code: str
    partition: str
    name: str
    az_id_prefix: str | None
    az_id_source: str | None


@dataclass(frozen=True, eq=False)
class PartitionInfo:
    code: str
    name: str
    vpcegen_supported: bool
    dns_suffix: str
    region_regex: str
    service_prefix: str
    fallback_service_prefix: str
    service_prefix_services: Mapping[str, frozenset[str]]
    service_name_suffixes: Mapping[str, Mapping[str, str]]
    endpoint_service_prefix: str | None
    regions: tuple[str, ...]


@dataclass(frozen=True)
class AzId:
    """A parsed AZ ID. ``region`` is ``None`` when the prefix is not in the table."""

    value: str
    prefix: str
    index: int
    local_zone_group: str | None
    region: str | None

    @property
    def is_local_zone(self) -> bool:
        return self.local_zone_group is not None


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{_DATA_FILE}: {where} must be an object")
    return value


def _str(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{_DATA_FILE}: {where}.{key} must be a non-empty string")
    return value


def _opt_str(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    if key not in obj:
        raise ValueError(f"{_DATA_FILE}: {where}.{key} is missing (use null when unknown)")
    value = obj[key]
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError(f"{_DATA_FILE}: {where}.{key} must be a non-empty string or null")
    return value


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{_DATA_FILE}: {where} must be a list of non-empty strings")
    return list(value)


class Regions:
    """Read-only view of ``regions.json``. Use :func:`load_regions` for the shared instance."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if data.get("schema_version") != 1:
            raise ValueError(f"{_DATA_FILE}: unsupported schema_version")
        sources = data.get("sources")
        if not isinstance(sources, list):
            raise ValueError(f"{_DATA_FILE}: sources must be a list")
        self._sources = tuple(
            Source(
                id=_str(s, "id", "sources[]"),
                title=_str(s, "title", "sources[]"),
                url=_str(s, "url", "sources[]"),
                used_for=_str(s, "used_for", "sources[]"),
            )
            for s in (_obj(item, "sources[]") for item in sources)
        )
        self._partitions: dict[str, PartitionInfo] = {}
        self._regions: dict[str, RegionInfo] = {}
        self._prefix_to_region: dict[str, str] = {}
        self._az_name_hint: dict[str, str] = {}
        for code, raw in _obj(data.get("partitions"), "partitions").items():
            self._add_partition(code, _obj(raw, f"partitions.{code}"))
        if not self._partitions:
            raise ValueError(f"{_DATA_FILE}: no partitions")

    def _add_partition(self, code: str, raw: Mapping[str, Any]) -> None:
        where = f"partitions.{code}"
        region_codes: list[str] = []
        for region, rraw in _obj(raw.get("regions"), f"{where}.regions").items():
            rwhere = f"{where}.regions.{region}"
            robj = _obj(rraw, rwhere)
            if region in self._regions:
                raise ValueError(f"{_DATA_FILE}: Region {region} listed twice")
            info = RegionInfo(
                code=region,
                partition=code,
                name=_str(robj, "name", rwhere),
                az_id_prefix=_opt_str(robj, "az_id_prefix", rwhere),
                az_id_source=_opt_str(robj, "az_id_source", rwhere),
            )
            if info.az_id_prefix is not None:
                if not re.fullmatch(r"[a-z]{3,6}[0-9]{1,2}", info.az_id_prefix):
                    raise ValueError(f"{_DATA_FILE}: {rwhere}.az_id_prefix is malformed")
                if info.az_id_prefix in self._prefix_to_region:
                    raise ValueError(f"{_DATA_FILE}: AZ ID prefix {info.az_id_prefix} reused")
                self._prefix_to_region[info.az_id_prefix] = region
            self._regions[region] = info
            region_codes.append(region)
        services = {
            region: frozenset(_str_list(names, f"{where}.service_prefix_services.{region}"))
            for region, names in _obj(
                raw.get("service_prefix_services", {}), f"{where}.service_prefix_services"
            ).items()
        }
        suffixes: dict[str, Mapping[str, str]] = {}
        for region, mapping in _obj(
            raw.get("service_name_suffixes", {}), f"{where}.service_name_suffixes"
        ).items():
            mobj = _obj(mapping, f"{where}.service_name_suffixes.{region}")
            suffixes[region] = {
                svc: _str(mobj, svc, f"{where}.service_name_suffixes.{region}") for svc in mobj
            }
        supported = raw.get("vpcegen_supported", False)
        if not isinstance(supported, bool):
            raise ValueError(f"{_DATA_FILE}: {where}.vpcegen_supported must be a boolean")
        self._partitions[code] = PartitionInfo(
            code=code,
            name=_str(raw, "name", where),
            vpcegen_supported=supported,
            dns_suffix=_str(raw, "dns_suffix", where),
            region_regex=_str(raw, "region_regex", where),
            service_prefix=_str(raw, "service_prefix", where),
            fallback_service_prefix=_str(raw, "fallback_service_prefix", where),
            service_prefix_services=services,
            service_name_suffixes=suffixes,
            endpoint_service_prefix=_opt_str(raw, "endpoint_service_prefix", where),
            regions=tuple(sorted(region_codes)),
        )

    @classmethod
    def from_json(cls, text: str) -> Regions:
        return cls(_obj(json.loads(text), "document"))

    # -- partitions and Regions -------------------------------------------------------------

    @property
    def sources(self) -> tuple[Source, ...]:
        return self._sources

    def partitions(self, *, supported_only: bool = False) -> list[str]:
        """Partition codes in file order (``aws``, ``aws-cn``, ``aws-us-gov`` first)."""
        return [
            p
            for p, info in self._partitions.items()
            if info.vpcegen_supported or not supported_only
        ]

    def partition_info(self, partition: str) -> PartitionInfo:
        """Raises ``KeyError`` for an unknown partition."""
        try:
            return self._partitions[partition]
        except KeyError:
            raise KeyError(f"unknown AWS partition {partition!r}") from None

    def regions(self, partition: str) -> list[str]:
        """Sorted Region codes of ``partition``. Raises ``KeyError`` for an unknown partition."""
        return list(self.partition_info(partition).regions)

    def all_regions(self) -> list[str]:
        return sorted(self._regions)

    def region_info(self, region: str) -> RegionInfo | None:
        return self._regions.get(region)

    def region_name(self, region: str) -> str | None:
        info = self._regions.get(region)
        return info.name if info else None

    def partition_of(self, region: str) -> str | None:
        """The partition of a known Region, else ``None``."""
        info = self._regions.get(region)
        return info.partition if info else None

    def partition_by_pattern(self, region: str) -> str | None:
        """The partition whose botocore ``regionRegex`` matches ``region`` (known or not).

        Lets a rule tell "a Region newer than our data" (pattern matches) from a typo.
        """
        for code, info in self._partitions.items():
            if re.fullmatch(info.region_regex, region):
                return code
        return None

    def is_region(self, region: str, partition: str) -> bool:
        """True when ``region`` is a known Region of ``partition`` (False for unknown ones)."""
        info = self._regions.get(region)
        return info is not None and info.partition == partition

    # -- AZ IDs and AZ names -----------------------------------------------------------------

    def az_id_prefix(self, region: str) -> str | None:
        """``'eu-west-1'`` -> ``'euw1'``; ``None`` for unknown Regions or unsourced prefixes."""
        info = self._regions.get(region)
        return info.az_id_prefix if info else None

    def parse_az_id(self, value: str) -> AzId | None:
        """Parse ``euw1-az1`` / ``use1-bos1-az1``; ``None`` when not AZ-ID shaped."""
        match = _AZ_ID_RE.fullmatch(value)
        if match is None:
            return None
        prefix = match.group("prefix")
        return AzId(
            value=value,
            prefix=prefix,
            index=int(match.group("index")),
            local_zone_group=match.group("group"),
            region=self._prefix_to_region.get(prefix),
        )

    def az_id_region(self, az_id: str) -> str | None:
        """``'euw1-az1'`` -> ``'eu-west-1'``; ``None`` if malformed or the prefix is unknown.

        Local Zone IDs resolve to their parent Region (``use1-bos1-az1`` -> ``us-east-1``).
        """
        parsed = self.parse_az_id(az_id)
        return parsed.region if parsed else None

    def az_id_matches_region(
        self, az_id: str, region: str, *, allow_local_zones: bool = False
    ) -> bool:
        """Whether ``az_id`` is a well-formed AZ ID that can belong to ``region``.

        Known prefix: it must be the Region's. Unsourced prefix (``None``): any well-formed AZ
        ID is accepted unless its prefix belongs to another known Region. Unknown Region: False.
        """
        parsed = self.parse_az_id(az_id)
        info = self._regions.get(region)
        if parsed is None or info is None:
            return False
        if parsed.is_local_zone and not allow_local_zones:
            return False
        if info.az_id_prefix is not None:
            return parsed.prefix == info.az_id_prefix
        return parsed.region is None

    def looks_like_az_name(self, value: str) -> str | None:
        """The Region of an AZ *name* given where an AZ ID belongs, else ``None``.

        ``'eu-west-1a'`` -> ``'eu-west-1'``; Local Zone (``'us-east-1-bos-1a'``) and Wavelength
        Zone (``'us-east-1-wl1-bos-wlz-1'``) names map to their parent Region. Case-insensitive.
        Only known Regions are reported.
        """
        text = value.strip().lower()
        for pattern in (_AZ_NAME_RE, _LOCAL_ZONE_NAME_RE, _WAVELENGTH_NAME_RE):
            match = pattern.fullmatch(text)
            if match and match.group("region") in self._regions:
                return match.group("region")
        return None

    def suggest_region(self, value: str, partition: str | None = None) -> list[str]:
        """Up to three "did you mean" Region codes for ``value``, best first.

        A definite answer comes alone: an AZ name or AZ ID (-> its Region), a Region name
        (``'Ireland'``, ``'Europe (Frankfurt)'``), or the code with other case or ``_`` for
        ``-``. Otherwise near-miss codes (difflib ratio >= 0.6; transpositions rank first).
        ``partition`` restricts the answers to that partition's Regions.
        """
        pool = self.regions(partition) if partition is not None else self.all_regions()
        plain = value.strip().lower()
        text = plain.replace("_", "-").replace(" ", "-")
        if not text:
            return []
        found: list[str] = []

        def add(region: str | None) -> None:
            if region is not None and region in pool and region not in found:
                found.append(region)

        add(text if text in self._regions else None)
        add(self.looks_like_az_name(text))
        add(self.az_id_region(text))
        if len(plain) >= 3:
            word = re.compile(rf"\b{re.escape(plain)}\b")
            for region in pool:
                name = self._regions[region].name.lower()
                if plain == name or (plain.isalpha() and word.search(name)):
                    add(region)
        if found:
            return found[:3]
        scored: list[tuple[float, str]] = []
        for region in pool:
            ratio = difflib.SequenceMatcher(None, text, region).ratio()
            if ratio >= 0.6:
                same_letters = difflib.SequenceMatcher(None, sorted(text), sorted(region)).ratio()
                scored.append((ratio + 0.5 * same_letters, region))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [region for _, region in scored[:3]]

    # -- service names and DNS -----------------------------------------------------------------

    def service_prefix(self, partition: str) -> str:
        """The partition-specific AWS service-name prefix: ``com.amazonaws``, and
        ``cn.com.amazonaws`` for ``aws-cn``.

        In ``aws-cn`` (and the ISO partitions) only some services use it; the rest keep
        ``com.amazonaws`` (``com.amazonaws.cn-north-1.ssm``). Use :meth:`service_prefix_for`
        to render a name, and :meth:`service_prefixes` to validate one.
        """
        return self.partition_info(partition).service_prefix

    def service_prefixes(self, partition: str) -> list[str]:
        """Every prefix an AWS service endpoint name may start with in ``partition``."""
        info = self.partition_info(partition)
        prefixes = [info.service_prefix]
        if info.fallback_service_prefix not in prefixes:
            prefixes.append(info.fallback_service_prefix)
        return prefixes

    def service_prefix_for(self, region: str, service: str) -> str | None:
        """The prefix of AWS service ``service`` (e.g. ``ec2``, ``ecr.dkr``) in ``region``."""
        partition = self.partition_of(region)
        if partition is None:
            return None
        info = self._partitions[partition]
        if not info.service_prefix_services:
            return info.service_prefix
        if service in info.service_prefix_services.get(region, frozenset()):
            return info.service_prefix
        return info.fallback_service_prefix

    def aws_service_name(self, region: str, service: str) -> str | None:
        """``('eu-west-1', 'ec2')`` -> ``'com.amazonaws.eu-west-1.ec2'``;
        ``('cn-north-1', 'ec2')`` -> ``'cn.com.amazonaws.cn-north-1.ec2'``."""
        prefix = self.service_prefix_for(region, service)
        if prefix is None:
            return None
        info = self._partitions[self._regions[region].partition]
        suffix = info.service_name_suffixes.get(region, {}).get(service, "")
        return f"{prefix}.{region}.{service}{suffix}"

    def endpoint_service_prefix(self, partition: str) -> str | None:
        """Prefix of customer endpoint service names (``com.amazonaws.vpce``), if known."""
        return self.partition_info(partition).endpoint_service_prefix

    def dns_suffix(self, partition: str) -> str:
        """``amazonaws.com`` / ``amazonaws.com.cn`` (botocore ``dnsSuffix``)."""
        return self.partition_info(partition).dns_suffix


@functools.cache
def load_regions() -> Regions:
    """The bundled ``regions.json``, parsed once."""
    text = (
        resources.files(__package__ or "generator.spec")
        .joinpath(_DATA_FILE)
        .read_text(encoding="utf-8")
    )
    return Regions.from_json(text)
