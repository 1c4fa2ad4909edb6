"""The real provider's replacement rules, as the stand-in provider applies them on update plans.

The rules live in a vendored table, ``tests/fixtures/provider-replacement/replacement.json``,
read from the hashicorp/aws source (each entry names its file and commit). Per resource type:

- ``force_new``: top-level arguments whose change replaces the object;
- ``force_new_nested``: ``{block: [argument, ...]}``, the same inside a nested block;
- ``conditional_replace``: replacement decided by provider code (CustomizeDiff/ModifyPlan), each
  with an ``id`` implemented in :data:`CONDITIONS` below (a test checks that every id in the
  table has an implementation);
- ``optional_computed``: Optional+Computed arguments (left out of the configuration, the prior
  value stays);
- ``computed_if_changed``: ``{attribute: [trigger, ...]}``: the attribute becomes unknown when a
  trigger changes (``customdiff.ComputedIf``);
- ``no_update`` / ``updatable``: arguments without an update path / changed in place.

The ``common`` section holds rules for every resource (the top-level ``region`` of provider 6.x).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from .cty import UNKNOWN, CtyType, is_wholly_known, kind, object_attrs

DEFAULT_TABLE_PATH: Final = (
    Path(__file__).resolve().parents[2] / "fixtures" / "provider-replacement" / "replacement.json"
)

Path_ = tuple[str, ...]


@functools.cache
def load_table(path: str | None = None) -> dict[str, Any]:
    """The replacement table (``$TFHARNESS_REPLACEMENT`` or the vendored file)."""
    table_path = Path(path or os.environ.get("TFHARNESS_REPLACEMENT") or DEFAULT_TABLE_PATH)
    table: dict[str, Any] = json.loads(table_path.read_text(encoding="utf-8"))
    return table


def canonical(value: Any) -> str:
    """A stable text form of a value, for comparisons and hashing (unknown is ``"<unknown>"``)."""
    return json.dumps(_plain(value), sort_keys=True)


def _plain(value: Any) -> Any:
    if value is UNKNOWN:
        return "<unknown>"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def differs(left: Any, right: Any, ty: CtyType | None = None) -> bool:
    """Whether two values differ; an unknown differs from everything; sets ignore order.

    Null and an empty collection are the same here, as the SDKv2 diff treats them.
    """
    if left is UNKNOWN or right is UNKNOWN:
        return not (left is UNKNOWN and right is UNKNOWN)
    if not is_wholly_known(left) or not is_wholly_known(right):
        return True
    if left in (None, [], {}) and right in (None, [], {}):
        return False
    if ty is not None and kind(ty) == "set" and isinstance(left, list) and isinstance(right, list):
        return sorted(map(canonical, left)) != sorted(map(canonical, right))
    return canonical(left) != canonical(right)


# --------------------------------------------------------------------------------------------
# Conditional rules: provider code that decides replacement from more than one attribute.

Condition = Callable[[Mapping[str, Any], Mapping[str, Any], str], list[Path_]]


def _region_change(
    prior: Mapping[str, Any], planned: Mapping[str, Any], region: str
) -> list[Path_]:
    old, new = prior.get("region"), planned.get("region")
    if not differs(old, new):
        return []
    if {old or "", new or ""} == {"", region}:
        return []
    return [("region",)]


def _private_dns_non_interface(
    prior: Mapping[str, Any], planned: Mapping[str, Any], region: str
) -> list[Path_]:
    if not differs(prior.get("private_dns_enabled"), planned.get("private_dns_enabled")):
        return []
    if planned.get("vpc_endpoint_type") == "Interface":
        return []
    return [("private_dns_enabled",)]


_SG_RULE_SOURCES: Final = (
    "cidr_ipv4",
    "cidr_ipv6",
    "prefix_list_id",
    "referenced_security_group_id",
)


def _sg_rule_source(
    prior: Mapping[str, Any], planned: Mapping[str, Any], region: str
) -> list[Path_]:
    def source(value: Mapping[str, Any]) -> str:
        return next((name for name in _SG_RULE_SOURCES if value.get(name) is not None), "")

    old, new = source(prior), source(planned)
    return [] if old == new else [(old,), (new,)]


def _subnet_ipv6_assign(
    prior: Mapping[str, Any], planned: Mapping[str, Any], region: str
) -> list[Path_]:
    if differs(prior.get("ipv6_cidr_block"), planned.get("ipv6_cidr_block")) and prior.get(
        "assign_ipv6_address_on_creation"
    ):
        return [("ipv6_cidr_block",)]
    return []


def _is_nlb(planned: Mapping[str, Any]) -> bool:
    return planned.get("load_balancer_type") == "network"


def _nlb_subnets_not_added(
    prior: Mapping[str, Any], planned: Mapping[str, Any], region: str
) -> list[Path_]:
    old, new = prior.get("subnets"), planned.get("subnets")
    if not _is_nlb(planned) or not differs(old, new, ["set", "string"]):
        return []
    if not isinstance(old, list) or not isinstance(new, list):
        return []  # unknown: the provider decides once it is known
    return [("subnets",)] if len(new) <= len(old) else []


def _nlb_subnet_mappings_not_added(
    prior: Mapping[str, Any], planned: Mapping[str, Any], region: str
) -> list[Path_]:
    old, new = prior.get("subnet_mapping"), planned.get("subnet_mapping")
    if not _is_nlb(planned) or not isinstance(old, list) or not isinstance(new, list):
        return []
    kept = {canonical(m) for m in new}
    return [] if all(canonical(m) in kept for m in old) else [("subnet_mapping",)]


def _nlb_security_groups_presence(
    prior: Mapping[str, Any], planned: Mapping[str, Any], region: str
) -> list[Path_]:
    old, new = prior.get("security_groups"), planned.get("security_groups")
    if not _is_nlb(planned) or old is UNKNOWN or new is UNKNOWN:
        return []
    return [("security_groups",)] if bool(old) != bool(new) else []


CONDITIONS: Final[dict[str, Condition]] = {
    "nlb-subnets-not-added": _nlb_subnets_not_added,
    "nlb-subnet-mappings-not-added": _nlb_subnet_mappings_not_added,
    "nlb-security-groups-presence": _nlb_security_groups_presence,
    "region-change": _region_change,
    "vpc-endpoint-private-dns-non-interface": _private_dns_non_interface,
    "sg-rule-source-type": _sg_rule_source,
    "subnet-ipv6-cidr-assign-on-creation": _subnet_ipv6_assign,
}


def requires_replace(
    type_name: str,
    ty: CtyType,
    prior: Mapping[str, Any],
    planned: Mapping[str, Any],
    region: str,
    table: Mapping[str, Any] | None = None,
) -> list[Path_]:
    """Attribute paths whose change forces replacement of ``prior`` by ``planned``."""
    table = table if table is not None else load_table()
    rules = table["resources"].get(type_name, {})
    attrs = object_attrs(ty)
    paths: list[Path_] = []
    for name in rules.get("force_new", []):
        if name in attrs and differs(prior.get(name), planned.get(name), attrs[name]):
            paths.append((name,))
    for block, nested in rules.get("force_new_nested", {}).items():
        if block not in attrs:
            continue
        for name in nested:
            if differs(
                _nested_values(prior.get(block), name), _nested_values(planned.get(block), name)
            ):
                paths.append((block, name))
    conditions = [*table.get("common", {}).get("conditional_replace", [])]
    conditions += rules.get("conditional_replace", [])
    for entry in conditions:
        if all(attr in attrs for attr in entry["attributes"]):
            for path in CONDITIONS[entry["id"]](prior, planned, region):
                if path not in paths:
                    paths.append(path)
    return paths


def _nested_values(value: Any, name: str) -> Any:
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []
    items = [item.get(name) if isinstance(item, dict) else UNKNOWN for item in value]
    return (
        sorted(canonical(item) for item in items)
        if all(i is not UNKNOWN for i in items)
        else UNKNOWN
    )
