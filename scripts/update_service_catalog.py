#!/usr/bin/env python3
"""Refresh generator/services/catalog.json from saved ``describe-vpc-endpoint-services`` output.

Maintainers run ``aws ec2 describe-vpc-endpoint-services --region <r> > describe-<r>.json`` (no
filters; one file per Region; this script never calls AWS) and then::

    python scripts/update_service_catalog.py --from describe-eu-west-1.json [more files...] \
        [--region eu-west-1] [--date 2026-11-26] [--catalog generator/services/catalog.json] \
        [--dry-run]

What it does, per AWS-owned service in the files (``com.amazonaws.vpce.*`` customer and Marketplace
services, and details whose Owner is not ``amazon``, are skipped):

* adds services it does not know (short name = the part after ``com.amazonaws.<region>.``; the
  special ``aws.api.``, ``api.aws.``, ``aws.sagemaker.`` and ``cn.com.amazonaws.`` forms and global
  names such as ``com.amazonaws.iam`` are recognised);
* updates the facts the API shows: endpoint types (``ServiceType``, only ever added), endpoint
  policy support (``VpcEndpointPolicySupported``; never turns ``full-access-only`` into ``no``),
  private DNS (``PrivateDnsName`` / ``PrivateDnsNames`` of interface entries) and IPv6
  (``SupportedIpAddressTypes``), citing the source
  ``describe-vpc-endpoint-services (<region>, <date>)``;
* keeps the sourced facts the API cannot show (ports, cross-Region support, partition names,
  titles, notes).

The output is deterministic: sorted keys, 2-space indent, trailing newline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CATALOG = REPO_ROOT / "generator" / "services" / "catalog.json"
API_URL = (
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointServices.html"
)

_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d+"
_REGION_RE = re.compile(rf"^{_REGION}$")
_REGIONAL_RE = re.compile(rf"^(?P<cn>cn\.)?com\.amazonaws\.(?P<region>{_REGION})\.(?P<svc>.+)$")
_SPECIAL_RE = re.compile(
    rf"^(?P<prefix>aws\.api|api\.aws|aws\.sagemaker)\.(?P<region>{_REGION})\.(?P<svc>.+)$"
)
_GLOBAL_RE = re.compile(r"^com\.amazonaws\.(?P<svc>[a-z0-9][a-z0-9.\-]*)$")
_CUSTOMER_PREFIXES = ("com.amazonaws.vpce.", "cn.com.amazonaws.vpce.")
_CN_TEMPLATE = "cn.com.amazonaws.{region}.{service}"
DESCRIPTION = (
    "Refresh generator/services/catalog.json from saved describe-vpc-endpoint-services output "
    "(never calls AWS)."
)


@dataclass
class Parsed:
    """A full endpoint service name split into the catalog's terms."""

    short: str
    region: str | None
    aws_template: str | None = None  # special commercial pattern (aws.api..., aws.sagemaker...)
    cn_template: str | None = None  # cn.com.amazonaws form seen in a China Region
    global_name: str | None = None


@dataclass
class Observation:
    """Everything seen for one short name in one input file."""

    parsed: Parsed
    details: list[dict[str, Any]] = field(default_factory=list)


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _template_regex(template: str, short: str) -> re.Pattern[str]:
    pattern = re.escape(template)
    pattern = pattern.replace(re.escape("{region}"), f"(?P<region>{_REGION})")
    pattern = pattern.replace(re.escape("{service}"), re.escape(short))
    return re.compile(f"^{pattern}$")


class NameParser:
    """Map full service names to catalog short names (catalog templates first)."""

    def __init__(self, services: Iterable[dict[str, Any]]) -> None:
        self._known: list[tuple[re.Pattern[str], str, str]] = []
        self._globals: dict[str, str] = {}
        for entry in services:
            short = entry["name"]
            for key, template in sorted(entry.get("partitions", {}).items()):
                self._known.append((_template_regex(template, short), short, key))
            if entry.get("global_name"):
                self._globals[entry["global_name"]] = short

    def parse(self, full: str) -> Parsed | None:
        if full.startswith(_CUSTOMER_PREFIXES):
            return None
        if full in self._globals:
            return Parsed(short=self._globals[full], region=None, global_name=full)
        for regex, short, _key in self._known:
            match = regex.match(full)
            if match:
                return Parsed(short=short, region=match.groupdict().get("region"))
        match = _SPECIAL_RE.match(full)
        if match:
            prefix, svc = match["prefix"], match["svc"]
            short = f"sagemaker.{svc}" if prefix == "aws.sagemaker" else svc
            return Parsed(
                short=short, region=match["region"], aws_template=f"{prefix}.{{region}}.{svc}"
            )
        match = _REGIONAL_RE.match(full)
        if match:
            svc = match["svc"]
            suffix = ""
            if match["cn"] and svc.endswith(".cn"):
                svc, suffix = svc[: -len(".cn")], ".cn"
            parsed = Parsed(short=svc, region=match["region"])
            if match["cn"]:
                parsed.cn_template = _CN_TEMPLATE + suffix
            return parsed
        match = _GLOBAL_RE.match(full)
        if match:
            return Parsed(short=match["svc"], region=None, global_name=full)
        return None


def _file_date(path: Path, given: str | None) -> str:
    if given:
        return dt.date.fromisoformat(given).isoformat()
    stamp = path.stat().st_mtime
    return dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date().isoformat()


def _infer_region(data: dict[str, Any], parser: NameParser) -> str | None:
    counts: dict[str, int] = {}
    names: list[str] = list(data.get("ServiceNames", []))
    names += [d.get("ServiceName", "") for d in data.get("ServiceDetails", [])]
    for name in names:
        parsed = parser.parse(name)
        if parsed and parsed.region:
            counts[parsed.region] = counts.get(parsed.region, 0) + 1
    if counts:
        return sorted(counts, key=lambda r: (-counts[r], r))[0]
    for detail in data.get("ServiceDetails", []):
        for zone in detail.get("AvailabilityZones", []):
            candidate = re.sub(r"[a-z]$", "", zone)
            if _REGION_RE.match(candidate):
                return candidate
    return None


def _types(details: Sequence[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for detail in details:
        for item in detail.get("ServiceType", []):
            value = str(item.get("ServiceType", "")).lower()
            if value in ("gateway", "interface"):
                found.add(value)
    return found


def _is_interface(detail: dict[str, Any]) -> bool:
    return "interface" in _types([detail])


def _agree(values: Sequence[str]) -> str | None:
    distinct = sorted(set(values))
    return distinct[0] if len(distinct) == 1 else None


class Updater:
    def __init__(self, catalog: dict[str, Any]) -> None:
        self.catalog = catalog
        self.by_name: dict[str, dict[str, Any]] = {s["name"]: s for s in catalog["services"]}
        self.parser = NameParser(catalog["services"])
        self.added: dict[str, list[str]] = {}
        self.updated: dict[str, list[str]] = {}
        self.warnings: list[str] = []

    # -- source bookkeeping -------------------------------------------------------------------
    def add_source(self, region: str, date: str, filename: str) -> str:
        source_id = f"describe-{region}-{date}"
        sources = self.catalog["sources"]
        entry = {
            "title": f"describe-vpc-endpoint-services ({region}, {date})",
            "url": API_URL,
            "section": f"Saved output of aws ec2 describe-vpc-endpoint-services: {filename}",
        }
        if source_id in sources and sources[source_id]["section"] != entry["section"]:
            files = sorted({*sources[source_id]["section"].split(": ", 1)[1].split(", "), filename})
            entry["section"] = (
                "Saved output of aws ec2 describe-vpc-endpoint-services: " + ", ".join(files)
            )
        sources[source_id] = entry
        return source_id

    def _note(self, log: dict[str, list[str]], source_id: str, text: str) -> None:
        items = log.setdefault(source_id, [])
        if text not in items:
            items.append(text)

    def _set(self, entry: dict[str, Any], fact: str, value: Any, source_id: str) -> None:
        sources: dict[str, list[str]] = entry["sources"]
        current = entry[fact]
        if current == value:
            refs = sources.setdefault(fact, [])
            if source_id not in refs:
                refs.append(source_id)
            return
        entry[fact] = value
        sources[fact] = [source_id]
        self._note(self.updated, source_id, f"{entry['name']}.{fact}: {current} -> {value}")

    # -- applying observations ----------------------------------------------------------------
    def apply(self, short: str, obs: Observation, source_id: str) -> None:
        details = obs.details
        entry = self.by_name.get(short)
        types = _types(details)
        if entry is None:
            if not types:
                self.warnings.append(f"{short}: listed without ServiceDetails; not added")
                return
            entry = self._new_entry(short, obs, types, source_id)
        else:
            self._update_types(entry, types, source_id)
            self._update_names(entry, obs, source_id)
        self._update_policy(entry, details, source_id)
        interface = [d for d in details if _is_interface(d)]
        if interface:
            has_dns = [
                "yes" if (d.get("PrivateDnsName") or d.get("PrivateDnsNames")) else "no"
                for d in interface
            ]
            dns = _agree(has_dns)
            if dns is None:
                self.warnings.append(f"{short}: private DNS differs between entries; kept")
            else:
                self._set(entry, "private_dns", dns, source_id)
        considered = [d for d in (interface or details) if "SupportedIpAddressTypes" in d]
        if considered:
            ipv6 = _agree(
                ["yes" if "ipv6" in d["SupportedIpAddressTypes"] else "no" for d in considered]
            )
            if ipv6 is None:
                self.warnings.append(f"{short}: IPv6 support differs between entries; kept")
            else:
                self._set(entry, "ipv6", ipv6, source_id)

    def _new_entry(
        self, short: str, obs: Observation, types: set[str], source_id: str
    ) -> dict[str, Any]:
        partitions: dict[str, str] = {}
        if obs.parsed.aws_template:
            partitions["aws"] = obs.parsed.aws_template
        if obs.parsed.cn_template:
            partitions["aws-cn"] = obs.parsed.cn_template
        sources: dict[str, list[str]] = {"name": [source_id], "endpoint_types": [source_id]}
        if partitions:
            sources["partitions"] = [source_id]
        if obs.parsed.global_name:
            sources["global_name"] = [source_id]
        entry: dict[str, Any] = {
            "name": short,
            "title": short,
            "endpoint_types": sorted(types),
            "policy": "unknown",
            "private_dns": "unknown",
            "ports": [],
            "cross_region": "unknown",
            "ipv6": "unknown",
            "global_name": obs.parsed.global_name,
            "partitions": partitions,
            "sources": sources,
            "notes": [
                f"Added by scripts/update_service_catalog.py from {source_id}; title, ports and "
                "cross-Region support still need a documented source."
            ],
        }
        self.catalog["services"].append(entry)
        self.by_name[short] = entry
        self._note(self.added, source_id, short)
        return entry

    def _update_types(self, entry: dict[str, Any], types: set[str], source_id: str) -> None:
        if not types:
            return
        current = set(entry["endpoint_types"])
        refs: list[str] = entry["sources"].setdefault("endpoint_types", [])
        if types <= current:
            if source_id not in refs:
                refs.append(source_id)
            return
        merged = sorted(current | types)
        self._note(
            self.updated,
            source_id,
            f"{entry['name']}.endpoint_types: {sorted(current)} -> {merged}",
        )
        entry["endpoint_types"] = merged
        entry["sources"]["endpoint_types"] = [source_id, *[r for r in refs if r != source_id]]

    def _update_names(self, entry: dict[str, Any], obs: Observation, source_id: str) -> None:
        if obs.parsed.cn_template and "aws-cn" not in entry["partitions"]:
            entry["partitions"]["aws-cn"] = obs.parsed.cn_template
            refs: list[str] = entry["sources"].setdefault("partitions", [])
            if source_id not in refs:
                refs.append(source_id)
            self._note(
                self.updated,
                source_id,
                f"{entry['name']}.partitions: aws-cn -> {obs.parsed.cn_template}",
            )

    def _update_policy(
        self, entry: dict[str, Any], details: Sequence[dict[str, Any]], source_id: str
    ) -> None:
        seen = [
            "yes" if d["VpcEndpointPolicySupported"] else "no"
            for d in details
            if isinstance(d.get("VpcEndpointPolicySupported"), bool)
        ]
        if not seen:
            return
        value = _agree(seen)
        if value is None:
            self.warnings.append(f"{entry['name']}: policy support differs between entries; kept")
            return
        if entry["policy"] == "full-access-only" and value == "no":
            refs: list[str] = entry["sources"].setdefault("policy", [])
            if source_id not in refs:
                refs.append(source_id)
            return
        self._set(entry, "policy", value, source_id)

    # -- driver --------------------------------------------------------------------------------
    def process_file(self, path: Path, region: str | None, date: str | None) -> str:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("ServiceDetails", []), list):
            raise SystemExit(f"{path}: not describe-vpc-endpoint-services output")
        file_region = region or _infer_region(data, self.parser)
        if not file_region:
            raise SystemExit(f"{path}: cannot infer the Region; pass --region")
        source_id = self.add_source(file_region, _file_date(path, date), path.name)

        observations: dict[str, Observation] = {}
        for detail in data.get("ServiceDetails", []):
            name = str(detail.get("ServiceName", ""))
            if str(detail.get("Owner", "amazon")) != "amazon":
                continue
            parsed = self.parser.parse(name)
            if parsed is None:
                if not name.startswith(_CUSTOMER_PREFIXES):
                    self.warnings.append(f"{path.name}: unrecognised service name {name!r}")
                continue
            observations.setdefault(parsed.short, Observation(parsed)).details.append(detail)
        for name in data.get("ServiceNames", []):
            parsed = self.parser.parse(str(name))
            if parsed is not None and parsed.short not in observations:
                observations[parsed.short] = Observation(parsed)
        for short in sorted(observations):
            self.apply(short, observations[short], source_id)
        return source_id

    def finish(self, source_ids: Sequence[str]) -> None:
        self.catalog["services"].sort(key=lambda s: s["name"])
        refreshed: list[dict[str, Any]] = self.catalog.setdefault("refreshed", [])
        by_source = {r["source"]: r for r in refreshed}
        for source_id in source_ids:
            record = by_source.get(source_id)
            if record is None:
                record = {"source": source_id, "added": [], "updated": []}
                refreshed.append(record)
                by_source[source_id] = record
            record["added"] = sorted({*record["added"], *self.added.get(source_id, [])})
            record["updated"] = sorted({*record["updated"], *self.updated.get(source_id, [])})
        refreshed.sort(key=lambda r: r["source"])


def run(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument(
        "--from",
        dest="inputs",
        action="append",
        nargs="+",
        required=True,
        type=Path,
        metavar="FILE",
        help="saved describe-vpc-endpoint-services JSON (repeatable; one file per Region)",
    )
    parser.add_argument("--region", help="Region of the input files when it cannot be inferred")
    parser.add_argument("--date", help="date to cite (YYYY-MM-DD; default: each file's mtime)")
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--dry-run", action="store_true", help="report changes, write nothing")
    args = parser.parse_args(argv)

    if args.region and not _REGION_RE.match(args.region):
        parser.error(f"--region {args.region!r} is not a Region code")
    if args.date:
        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            parser.error(f"--date {args.date!r} is not YYYY-MM-DD")

    original = args.catalog.read_text(encoding="utf-8")
    catalog = json.loads(original)
    updater = Updater(catalog)
    inputs: list[Path] = [p for group in args.inputs for p in group]
    source_ids = [updater.process_file(p, args.region, args.date) for p in inputs]
    updater.finish(source_ids)

    sys.path.insert(0, str(REPO_ROOT))
    from generator.services.catalog import parse_catalog

    parse_catalog(catalog)  # refuse to write a catalog the loader would reject
    output = _dump(catalog)

    for source_id in source_ids:
        print(f"{source_id}:")
        for name in updater.added.get(source_id, []):
            print(f"  added   {name}")
        for change in updater.updated.get(source_id, []):
            print(f"  updated {change}")
    for warning in updater.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if output == original:
        print("catalog unchanged")
    elif args.dry_run:
        print(f"dry run: {args.catalog} not written")
    else:
        args.catalog.write_text(output, encoding="utf-8")
        print(f"wrote {args.catalog}")
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
