"""AWS's own description of an estate: the JSON the `aws ec2 describe-*` commands print.

One file may hold the output of one command or several (a "bundle" with several top-level
keys); files of the same kind are concatenated. Shapes are checked only as far as the
importer reads them: an object without its ID, or a key of the wrong JSON type, is an input
error naming the file and the JSON path. Positions of objects are kept so findings can point
into the file (1-based line and column).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Span
from generator.loader.source import MAX_FILE_BYTES, ParseFailure, SourceMap

__all__ = [
    "KINDS",
    "Description",
    "DescriptionError",
    "Kind",
    "description_from_documents",
    "read_description",
]


class DescriptionError(Exception):
    """An input file that is not a description the importer can read (exit 2)."""


@dataclass(frozen=True)
class Kind:
    """One describe command: its top-level key, the ID key of its items, what prints it."""

    key: str
    id_key: str
    command: str
    api: str  # the EC2 API action (for the IAM policy in the docs)


KINDS: tuple[Kind, ...] = (
    Kind("VpcEndpoints", "VpcEndpointId", "describe-vpc-endpoints", "DescribeVpcEndpoints"),
    Kind(
        "ServiceConfigurations",
        "ServiceId",
        "describe-vpc-endpoint-service-configurations",
        "DescribeVpcEndpointServiceConfigurations",
    ),
    Kind(
        "AllowedPrincipals",
        "Principal",
        "describe-vpc-endpoint-service-permissions",
        "DescribeVpcEndpointServicePermissions",
    ),
    Kind(
        "ConnectionNotificationSet",
        "ConnectionNotificationId",
        "describe-vpc-endpoint-connection-notifications",
        "DescribeVpcEndpointConnectionNotifications",
    ),
    Kind("SecurityGroups", "GroupId", "describe-security-groups", "DescribeSecurityGroups"),
    Kind(
        "SecurityGroupRules",
        "SecurityGroupRuleId",
        "describe-security-group-rules",
        "DescribeSecurityGroupRules",
    ),
    Kind("Subnets", "SubnetId", "describe-subnets", "DescribeSubnets"),
    Kind("RouteTables", "RouteTableId", "describe-route-tables", "DescribeRouteTables"),
    Kind("Vpcs", "VpcId", "describe-vpcs", "DescribeVpcs"),
    Kind(
        "NetworkInterfaces",
        "NetworkInterfaceId",
        "describe-network-interfaces",
        "DescribeNetworkInterfaces",
    ),
)
_BY_KEY = {k.key: k for k in KINDS}
# Keys the CLI prints beside the lists, ignored.
_IGNORED = frozenset({"NextToken", "ResponseMetadata", "ServiceId"})
# Keys the importer reads as lists.
_LIST_KEYS = frozenset(
    {
        "SubnetIds",
        "RouteTableIds",
        "Groups",
        "NetworkInterfaceIds",
        "NetworkLoadBalancerArns",
        "GatewayLoadBalancerArns",
        "SupportedIpAddressTypes",
        "SupportedRegions",
        "ConnectionEvents",
        "Routes",
        "IpPermissions",
        "IpPermissionsEgress",
        "CidrBlockAssociationSet",
        "Ipv6CidrBlockAssociationSet",
    }
)
_SERVICE_ID = re.compile(r"vpce-svc-[0-9a-f]{8,17}")


@dataclass
class Description:
    """Every object of the description by kind, plus where each came from."""

    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # AllowedPrincipals are per endpoint service: service ID -> principals
    permissions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    spans: dict[tuple[str, str], Span] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    read_kinds: set[str] = field(default_factory=set)

    def of(self, key: str) -> list[dict[str, Any]]:
        return self.items.get(key, [])

    def has(self, key: str) -> bool:
        return key in self.read_kinds

    def span(self, kind: str, ident: str) -> Span:
        return self.spans.get((kind, ident)) or Span(self.sources[0] if self.sources else "-", 1, 1)

    def by_id(self, key: str) -> dict[str, dict[str, Any]]:
        id_key = _BY_KEY[key].id_key
        return {str(item[id_key]): item for item in self.of(key)}


def _locate(file: str, text: str) -> SourceMap | None:
    """Positions of the file's values, when the file is small enough to map."""
    from generator.loader.json_reader import read_json

    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return None
    try:
        return read_json(file, text).source
    except ParseFailure:
        return None


def _check_item(file: str, kind: Kind, index: int, item: Any) -> dict[str, Any]:
    where = f"{file}: {kind.key}[{index}]"
    if not isinstance(item, dict):
        raise DescriptionError(f"{where}: expected an object, found {type(item).__name__}")
    ident = item.get(kind.id_key)
    if not isinstance(ident, str) or not ident:
        raise DescriptionError(
            f"{where}: has no {kind.id_key} (is this the output of `aws ec2 {kind.command}`?)"
        )
    for name, value in item.items():
        if name in _LIST_KEYS and not (value is None or isinstance(value, list)):
            raise DescriptionError(f"{where}.{name}: expected a list")
        if name == "Tags" and not isinstance(value, list):
            raise DescriptionError(f"{where}.Tags: expected a list of {{Key, Value}}")
    return item


def _permission_service(
    file: str, data: Mapping[str, Any], principals: Sequence[Mapping[str, Any]]
) -> str | None:
    """The endpoint service a describe-vpc-endpoint-service-permissions output is about."""
    ids = {str(p["ServiceId"]) for p in principals if isinstance(p.get("ServiceId"), str)}
    if isinstance(data.get("ServiceId"), str):
        ids.add(data["ServiceId"])
    if len(ids) == 1:
        return str(ids.pop())
    if len(ids) > 1:
        raise DescriptionError(f"{file}: AllowedPrincipals name several services: {sorted(ids)}")
    found = _SERVICE_ID.search(Path(file).name)
    return found.group() if found else None


def description_from_documents(documents: Iterable[tuple[str, str]]) -> Description:
    """A Description from (file name, JSON text) pairs; DescriptionError on bad input."""
    desc = Description()
    pending_permissions: list[tuple[str, list[dict[str, Any]]]] = []
    for file, text in documents:
        desc.sources.append(file)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DescriptionError(
                f"{file}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); give the output of "
                "an `aws ec2 describe-*` command (--output json)"
            ) from None
        if not isinstance(data, dict):
            raise DescriptionError(
                f"{file}: expected a JSON object with a key such as VpcEndpoints, found "
                f"{type(data).__name__}"
            )
        known = [k for k in data if k in _BY_KEY]
        if not known:
            keys = ", ".join(sorted(data)) or "none"
            raise DescriptionError(
                f"{file}: no describe output recognised (top-level keys: {keys}); expected one "
                "of " + ", ".join(_BY_KEY)
            )
        unknown = sorted(k for k in data if k not in _BY_KEY and k not in _IGNORED)
        if unknown:
            raise DescriptionError(f"{file}: unexpected top-level key(s): {', '.join(unknown)}")
        source = _locate(file, text)
        for key in known:
            kind = _BY_KEY[key]
            value = data[key]
            if not isinstance(value, list):
                raise DescriptionError(f"{file}: {key}: expected a list")
            items = [_check_item(file, kind, i, item) for i, item in enumerate(value)]
            desc.read_kinds.add(key)
            for i, item in enumerate(items):
                span = source.value((key, i)) if source else Span(file, 1, 1)
                desc.spans.setdefault((key, str(item[kind.id_key])), span)
            if key == "AllowedPrincipals":
                service = _permission_service(file, data, items)
                if service is None:
                    pending_permissions.append((file, items))
                else:
                    desc.permissions.setdefault(service, []).extend(items)
                continue
            desc.items.setdefault(key, []).extend(items)
    if pending_permissions:
        services = [str(s["ServiceId"]) for s in desc.of("ServiceConfigurations")]
        for file, items in pending_permissions:
            if len(services) != 1:
                raise DescriptionError(
                    f"{file}: which endpoint service are these AllowedPrincipals of? Put the "
                    "service ID (vpce-svc-...) in the file name"
                )
            desc.permissions.setdefault(services[0], []).extend(items)
    return desc


def read_description(paths: Sequence[Path]) -> Description:
    """Read describe outputs from files, or from every *.json file of a folder."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise DescriptionError(f"{path}: no .json files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise DescriptionError(f"{path}: no such file or folder")
    documents = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DescriptionError(f"{file}: cannot read ({exc})") from None
        documents.append((str(file), text))
    return description_from_documents(documents)


def tags_of(item: Mapping[str, Any]) -> dict[str, str]:
    """The Tags list of a describe item as a mapping."""
    out: dict[str, str] = {}
    for tag in item.get("Tags") or []:
        if isinstance(tag, dict) and isinstance(tag.get("Key"), str):
            out[tag["Key"]] = str(tag.get("Value", ""))
    return out
