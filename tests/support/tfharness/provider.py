"""A stand-in ``hashicorp/aws`` provider for offline ``terraform validate`` and ``plan``.

Terraform starts this module (through a launcher script that ``runner.py`` writes) as a
go-plugin speaking plugin protocol 6. It serves the vendored real provider schema
(``tests/fixtures/provider-schema/aws-provider-schema.json``), so Terraform core checks
configurations against the real argument names, types, required-ness and block structure.
It never talks to AWS:

- ``PlanResourceChange`` plans like an SDKv2 provider: computed attributes the configuration
  leaves null become unknown on create, and so do omitted nested blocks that contain computed
  attributes (the real provider's Optional+Computed blocks such as
  ``aws_vpc_endpoint.dns_options``).
- ``ReadDataSource`` answers from a per-test fixture (see ``runner.py``) and fills every other
  computed attribute with a plausible known value.
- Updates: ``PlanResourceChange`` with a prior state keeps prior computed values the
  configuration does not change and sets ``requires_replace`` from the vendored replacement
  rules (:mod:`.replacement`); ``ApplyResourceChange`` fills unknowns with plausible
  deterministic values (:mod:`.objects`); with a world file, ``ReadResource`` returns the
  object as the world holds it (drift, deletion) and ``ImportResourceState`` imports from it.

Environment read here (``runner.py`` sets them):

- ``TFHARNESS_PROVIDER_SCHEMA``: schema JSON path (defaults to the vendored fixture).
- ``TFHARNESS_DATA_FIXTURE``: JSON file with the data source fixture, if any.
- ``TFHARNESS_WORLD``: JSON file of the objects that exist (read and written; see
  :class:`.objects.World`). Without it, reads return the prior state and import fails.
- ``TFHARNESS_APPLY_FIXTURE``: JSON file overriding what apply returns, keyed by resource
  type in the data fixture's format (``match``/``values``).
- ``TFHARNESS_REPLACEMENT``: replacement rules table (defaults to the vendored one).
- ``TFHARNESS_RPC_LOG``: if set, every RPC method name is appended to this file as
  ``<pid> <method>``, and unimplemented ones as ``<pid> UNIMPLEMENTED <method>``.
"""

from __future__ import annotations

import base64
import datetime
import functools
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from concurrent import futures
from pathlib import Path
from typing import Any, Final

import grpc
from tf.gen import (
    grpc_controller_pb2,
    grpc_controller_pb2_grpc,
    grpc_stdio_pb2,
    grpc_stdio_pb2_grpc,
    tfplugin_pb2,
    tfplugin_pb2_grpc,
)

from .cty import (
    UNKNOWN,
    CtyError,
    CtyType,
    block_type,
    conform,
    decode,
    encode,
    is_wholly_known,
    kind,
    object_attrs,
    type_json,
)
from .objects import World, fill_applied, merged_tags, object_key, world_values
from .replacement import differs, requires_replace
from .replacement import load_table as load_replacement_table

pb = tfplugin_pb2

PROVIDER_ADDRESS: Final = "registry.terraform.io/hashicorp/aws"
MAGIC_COOKIE_KEY: Final = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE: Final = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
CORE_PROTOCOL_VERSION: Final = 1
PLUGIN_PROTOCOL_VERSION: Final = 6
DEFAULT_SCHEMA_PATH: Final = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "provider-schema"
    / "aws-provider-schema.json"
)
DEFAULT_REGION: Final = "eu-west-1"
STUB_ACCOUNT_ID: Final = "123456789012"
DNS_BOOLS_DEFAULT_TRUE: Final = frozenset({"enable_dns_support", "enable_dns_hostnames"})

Block = Mapping[str, Any]
"""A schema block in ``terraform providers schema -json`` form."""

Fixture = Mapping[str, Any]
"""Data source fixture: see ``runner.run_terraform``."""


# --------------------------------------------------------------------------------------------
# Schema


@functools.cache
def load_provider_schema(path: str | None = None) -> dict[str, Any]:
    """The ``hashicorp/aws`` entry of a ``terraform providers schema -json`` document."""
    schema_path = Path(path or os.environ.get("TFHARNESS_PROVIDER_SCHEMA") or DEFAULT_SCHEMA_PATH)
    document = json.loads(schema_path.read_text(encoding="utf-8"))
    schema: dict[str, Any] = document["provider_schemas"][PROVIDER_ADDRESS]
    return schema


_NESTING: Final = {
    "single": pb.Schema.NestedBlock.SINGLE,
    "list": pb.Schema.NestedBlock.LIST,
    "set": pb.Schema.NestedBlock.SET,
    "map": pb.Schema.NestedBlock.MAP,
    "group": pb.Schema.NestedBlock.GROUP,
}


def _string_kind(item: Mapping[str, Any]) -> Any:
    return pb.MARKDOWN if item.get("description_kind") == "markdown" else pb.PLAIN


def block_to_proto(block: Block) -> tfplugin_pb2.Schema.Block:
    """Convert a JSON schema block into its protocol 6 message."""
    attributes = [
        pb.Schema.Attribute(
            name=name,
            type=type_json(attr["type"]),
            description=attr.get("description", ""),
            description_kind=_string_kind(attr),
            required=bool(attr.get("required")),
            optional=bool(attr.get("optional")),
            computed=bool(attr.get("computed")),
            sensitive=bool(attr.get("sensitive")),
            deprecated=bool(attr.get("deprecated")),
        )
        for name, attr in sorted(block.get("attributes", {}).items())
    ]
    block_types = [
        pb.Schema.NestedBlock(
            type_name=name,
            block=block_to_proto(nested["block"]),
            nesting=_NESTING[nested["nesting_mode"]],
            min_items=int(nested.get("min_items", 0)),
            max_items=int(nested.get("max_items", 0)),
        )
        for name, nested in sorted(block.get("block_types", {}).items())
    ]
    return pb.Schema.Block(
        attributes=attributes,
        block_types=block_types,
        description=block.get("description", ""),
        description_kind=_string_kind(block),
        deprecated=bool(block.get("deprecated")),
    )


def schema_to_proto(schema: Mapping[str, Any]) -> tfplugin_pb2.Schema:
    return pb.Schema(version=int(schema.get("version", 0)), block=block_to_proto(schema["block"]))


# --------------------------------------------------------------------------------------------
# Planning


def _block_has_computed(block: Block) -> bool:
    if any(attr.get("computed") for attr in block.get("attributes", {}).values()):
        return True
    return any(
        _block_has_computed(nested["block"]) for nested in block.get("block_types", {}).values()
    )


# Optional+Computed blocks whose attributes are all plain Optional, so the schema alone cannot
# tell (hashicorp/aws internal/service/ec2/vpc_endpoint.go: subnet_configuration is
# `Optional: true, Computed: true`): left out of the configuration, they keep the prior value.
_OPTIONAL_COMPUTED_BLOCKS: Final = {("aws_vpc_endpoint", "subnet_configuration")}


def _is_absent(value: Any, mode: str) -> bool:
    if value is None:
        return True
    return mode in ("list", "set", "map") and isinstance(value, list | dict) and not value


def plan_create(
    block: Block, proposed: dict[str, Any], config: Mapping[str, Any]
) -> dict[str, Any]:
    """Plan a new object as an SDKv2 provider would.

    Computed attributes left null in the configuration become unknown, and so do omitted
    nested blocks holding computed attributes (Optional+Computed blocks in the provider).
    """
    planned = dict(proposed)
    for name, attr in block.get("attributes", {}).items():
        if attr.get("computed") and config.get(name) is None:
            planned[name] = UNKNOWN
    for name, nested in block.get("block_types", {}).items():
        mode = nested["nesting_mode"]
        inner = nested["block"]
        configured: Any = config.get(name)
        value: Any = planned.get(name)
        if _is_absent(configured, mode):
            if mode != "group" and _block_has_computed(inner):
                planned[name] = UNKNOWN
            continue
        if value is None or value is UNKNOWN or configured is UNKNOWN:
            continue
        if mode in ("single", "group"):
            planned[name] = plan_create(inner, value, configured)
        elif mode in ("list", "set") and len(value) == len(configured):
            planned[name] = [
                item if item is UNKNOWN or cfg is UNKNOWN else plan_create(inner, item, cfg)
                for item, cfg in zip(value, configured, strict=True)
            ]
        elif mode == "map":
            planned[name] = {
                key: item
                if item is UNKNOWN or configured.get(key) in (None, UNKNOWN)
                else plan_create(inner, item, configured[key])
                for key, item in value.items()
            }
    return planned


# --------------------------------------------------------------------------------------------
# Data sources


class FixtureError(ValueError):
    """The data source fixture is malformed or names attributes the schema lacks."""


def validate_fixture(
    fixture: Any,
    data_source_schemas: Mapping[str, Any],
    *,
    label: str = "data_fixture",
    kind_name: str = "data source",
) -> None:
    """Check a fixture's shape and attribute names; raise FixtureError if wrong.

    Data source fixtures and apply fixtures (resource types) share the format.
    """
    if not isinstance(fixture, Mapping):
        raise FixtureError(f"{label} must be a mapping of {kind_name} type to entries")
    for type_name, entries in fixture.items():
        if type_name not in data_source_schemas:
            raise FixtureError(f"{label}: no {kind_name} named {type_name!r} in the schema")
        if not isinstance(entries, list):
            raise FixtureError(f"{label}[{type_name!r}] must be a list of entries")
        attr_types = object_attrs(block_type(data_source_schemas[type_name]["block"]))
        for index, entry in enumerate(entries):
            where = f"{label}[{type_name!r}][{index}]"
            if not isinstance(entry, Mapping) or set(entry) - {"match", "values"}:
                raise FixtureError(f"{where} must be a mapping with keys 'match' and 'values'")
            for part in ("match", "values"):
                items = entry.get(part, {})
                if not isinstance(items, Mapping):
                    raise FixtureError(f"{where}[{part!r}] must be a mapping")
                for attr, value in items.items():
                    if attr not in attr_types:
                        raise FixtureError(f"{where}[{part!r}]: {type_name} has no {attr!r}")
                    try:
                        conform(value, attr_types[attr])
                    except CtyError as exc:
                        raise FixtureError(f"{where}[{part!r}][{attr!r}]: {exc}") from None


def _canonical(value: Any) -> str:
    return json.dumps(_normalise_numbers(value), sort_keys=True, default=repr)


def _normalise_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_normalise_numbers(item) for item in value]
    if isinstance(value, dict):
        return {key: _normalise_numbers(item) for key, item in value.items()}
    return value


def _values_equal(left: Any, right: Any, ty: CtyType) -> bool:
    if kind(ty) == "set" and isinstance(left, list) and isinstance(right, list):
        return sorted(map(_canonical, left)) == sorted(map(_canonical, right))
    return _canonical(left) == _canonical(right)


def _short_region(region: str) -> str:
    """``eu-west-1`` -> ``euw1``, ``ap-southeast-2`` -> ``apse2`` (AZ id prefixes)."""
    parts = region.split("-")
    if len(parts) < 3:
        return region.replace("-", "")
    words = {"north": "n", "south": "s", "east": "e", "west": "w", "central": "c"}
    middle = "".join(words.get(word, word[:1]) for word in _split_compass(parts[1]))
    return f"{parts[0]}{middle}{parts[-1]}"


def _split_compass(word: str) -> list[str]:
    for head in ("north", "south"):
        if word.startswith(head) and word != head:
            return [head, word[len(head) :]]
    return [word]


def _primary_cidr_associations(value: Mapping[str, Any]) -> list[dict[str, Any]]:
    cidr = value.get("cidr_block") or "10.0.0.0/16"
    return [
        {
            "association_id": "vpc-cidr-assoc-0stub0000000001",
            "cidr_block": cidr,
            "state": "associated",
        }
    ]


def _vpc_ipv6_association(value: Mapping[str, Any]) -> str:
    return "vpc-cidr-assoc-0stub0000000006" if value.get("ipv6_cidr_block") else ""


def _data_source_defaults(type_name: str, region: str) -> dict[str, Any]:
    """Plausible values for computed attributes of the data sources modules commonly read.

    A callable value is evaluated against the object filled so far (configuration, then
    fixture), so derived values stay consistent with what the fixture says.
    """
    short = _short_region(region)
    azs = [f"{region}{letter}" for letter in "abc"]
    account = STUB_ACCOUNT_ID
    service_id = "vpce-svc-0stub000000000001"
    table: dict[str, dict[str, Any]] = {
        "aws_region": {
            "region": region,
            "name": region,
            "id": region,
            "endpoint": f"ec2.{region}.amazonaws.com",
            "description": f"Stub region {region}",
        },
        "aws_partition": {
            "id": "aws",
            "partition": "aws",
            "dns_suffix": "amazonaws.com",
            "reverse_dns_prefix": "com.amazonaws",
        },
        "aws_caller_identity": {
            "id": account,
            "account_id": account,
            "arn": f"arn:aws:iam::{account}:user/tfharness",
            "user_id": "AIDASTUBSTUBSTUBSTUB",
        },
        "aws_availability_zones": {
            "id": region,
            "names": azs,
            "zone_ids": [f"{short}-az{n}" for n in (1, 2, 3)],
            "group_names": [region],
        },
        "aws_vpc": {
            "id": "vpc-0stub0000000000001",
            "arn": f"arn:aws:ec2:{region}:{account}:vpc/vpc-0stub0000000000001",
            "cidr_block": "10.0.0.0/16",
            "cidr_block_associations": _primary_cidr_associations,
            "ipv6_cidr_block": "",
            "ipv6_association_id": _vpc_ipv6_association,
            "owner_id": account,
            "state": "available",
            "instance_tenancy": "default",
            "default": False,
        },
        "aws_subnet": {
            "id": "subnet-0stub000000000001",
            "arn": f"arn:aws:ec2:{region}:{account}:subnet/subnet-0stub000000000001",
            "vpc_id": "vpc-0stub0000000000001",
            "cidr_block": "10.0.1.0/24",
            "ipv6_cidr_block": "",
            "ipv6_cidr_block_association_id": "",
            "availability_zone": f"{region}a",
            "availability_zone_id": f"{short}-az1",
            "owner_id": account,
            "state": "available",
            "customer_owned_ipv4_pool": "",
            "outpost_arn": "",
        },
        "aws_vpc_endpoint_service": {
            "id": service_id,
            "service_id": service_id,
            "service_name": lambda v: f"com.amazonaws.{region}.{v.get('service') or 'stub'}",
            "service_type": "Interface",
            "availability_zones": azs,
            "supported_ip_address_types": ["ipv4"],
            "private_dns_name": "",
            "owner": "amazon",
            "arn": f"arn:aws:ec2:{region}:{account}:vpc-endpoint-service/{service_id}",
            "base_endpoint_dns_names": lambda v: [
                f"{v.get('service') or 'stub'}.{region}.vpce.amazonaws.com"
            ],
        },
        "aws_ec2_managed_prefix_list": {
            "id": "pl-0stub00000000001",
            "arn": f"arn:aws:ec2:{region}:{account}:prefix-list/pl-0stub00000000001",
            "address_family": "IPv4",
            "max_entries": 10,
            "owner_id": account,
            "version": 1,
        },
        "aws_prefix_list": {"id": "pl-0stub00000000002", "cidr_blocks": []},
    }
    return table.get(type_name, {})


def _generic_default(name: str, ty: CtyType, region: str) -> Any:
    k = kind(ty)
    if k == "string":
        return region if name == "region" else f"stub-{name}"
    if k == "number":
        return 0
    if k == "bool":
        return name in DNS_BOOLS_DEFAULT_TRUE
    if k in ("list", "set"):
        return []
    if k == "tuple":
        return [_generic_default(name, item, region) for item in ty[1]]
    if k == "map":
        return {}
    if k == "object":
        return {
            attr: _generic_default(attr, attr_ty, region)
            for attr, attr_ty in object_attrs(ty).items()
        }
    return None


def _fill_computed(
    block: Block, value: dict[str, Any], specific: Mapping[str, Any], region: str
) -> dict[str, Any]:
    filled = dict(value)
    for name, attr in block.get("attributes", {}).items():
        if not attr.get("computed") or filled.get(name) is not None:
            continue
        if name in specific:
            default = specific[name]
            if callable(default):
                default = default(filled)
            filled[name] = conform(default, attr["type"])
        else:
            filled[name] = _generic_default(name, attr["type"], region)
    for name, nested in block.get("block_types", {}).items():
        mode = nested["nesting_mode"]
        inner = nested["block"]
        current = filled.get(name)
        if current is None:
            if mode in ("list", "set"):
                filled[name] = []
            elif mode == "map":
                filled[name] = {}
            elif mode == "group":
                empty = dict.fromkeys(object_attrs(block_type(inner)))
                filled[name] = _fill_computed(inner, empty, {}, region)
        elif mode in ("single", "group"):
            filled[name] = _fill_computed(inner, current, {}, region)
        elif mode in ("list", "set"):
            filled[name] = [_fill_computed(inner, item, {}, region) for item in current]
        elif mode == "map":
            filled[name] = {
                key: _fill_computed(inner, item, {}, region) for key, item in current.items()
            }
    return filled


def _one_or_many(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else sorted(values)


def render_policy_document(config: Mapping[str, Any]) -> str:
    """A rough rendering of ``aws_iam_policy_document`` (statements only), as compact JSON."""
    statements = []
    for statement in config.get("statement") or []:
        rendered: dict[str, Any] = {}
        if statement.get("sid"):
            rendered["Sid"] = statement["sid"]
        rendered["Effect"] = statement.get("effect") or "Allow"
        for key, json_key in (
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ):
            if statement.get(key):
                rendered[json_key] = _one_or_many(statement[key])
        for key, json_key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            principals = statement.get(key) or []
            if principals:
                grouped: dict[str, list[str]] = {}
                for principal in principals:
                    grouped.setdefault(principal["type"], []).extend(principal["identifiers"])
                if set(grouped) == {"*"} and grouped["*"] == ["*"]:
                    rendered[json_key] = "*"
                else:
                    rendered[json_key] = {
                        kind_: _one_or_many(ids) for kind_, ids in grouped.items()
                    }
        conditions: dict[str, dict[str, Any]] = {}
        for condition in statement.get("condition") or []:
            tests = conditions.setdefault(condition["test"], {})
            tests[condition["variable"]] = _one_or_many(condition["values"])
        if conditions:
            rendered["Condition"] = conditions
        statements.append(rendered)
    document = {"Version": config.get("version") or "2012-10-17", "Statement": statements}
    return json.dumps(document, separators=(",", ":"))


def matching_entry(
    entries: list[Mapping[str, Any]], value: Mapping[str, Any], attr_types: Mapping[str, CtyType]
) -> Mapping[str, Any] | None:
    """The first fixture entry whose ``match`` items all equal the value's attributes."""
    for entry in entries:
        match = entry.get("match", {})
        if all(
            _values_equal(conform(expected, attr_types[attr]), value.get(attr), attr_types[attr])
            for attr, expected in match.items()
        ):
            return entry
    return None


def read_data_source(
    type_name: str,
    block: Block,
    config: Mapping[str, Any],
    fixture: Fixture,
    region: str,
    world: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Answer a data source read: configuration, then fixture values, then the values of the
    object the stand-in created earlier (``world``, see ``objects.world_values``), then
    defaults."""
    attr_types = object_attrs(block_type(block))
    result = dict(config)
    entry = matching_entry(fixture.get(type_name, []), result, attr_types)
    if entry is not None:
        for attr, value in entry.get("values", {}).items():
            if result.get(attr) is None:
                result[attr] = conform(value, attr_types[attr])
    for attr, value in (world or {}).items():
        if result.get(attr) is None:
            result[attr] = value
    specific = _data_source_defaults(type_name, region)
    if type_name == "aws_iam_policy_document":
        rendered = render_policy_document(result)
        specific = {
            "json": rendered,
            "minified_json": rendered,
            "id": str(zlib.crc32(rendered.encode())),
        }
    return _fill_computed(block, result, specific, region)


# --------------------------------------------------------------------------------------------
# The gRPC services


def _error(summary: str, detail: str = "") -> tfplugin_pb2.Diagnostic:
    return pb.Diagnostic(severity=pb.Diagnostic.ERROR, summary=summary, detail=detail)


class StubProvider(tfplugin_pb2_grpc.ProviderServicer):  # type: ignore[misc]
    """The tfplugin6 ``Provider`` service.

    ``world`` (see :mod:`.objects`) makes it stateful: applied objects are recorded there,
    ``ReadResource`` and imports read them back, data sources see them. ``apply_fixture``
    (same format as the data fixture, keyed by resource type) overrides what apply returns,
    e.g. ``{"aws_vpc_endpoint": [{"values": {"state": "pendingAcceptance"}}]}``.
    """

    def __init__(
        self,
        schema: Mapping[str, Any],
        fixture: Fixture,
        *,
        world: World | None = None,
        apply_fixture: Fixture | None = None,
    ) -> None:
        self._schema = schema
        self._fixture = fixture
        self._world = world
        self._apply_fixture = apply_fixture or {}
        self._region = DEFAULT_REGION
        self._default_tags: dict[str, str] = {}
        self._types: dict[tuple[str, str], CtyType] = {}
        self._lock = threading.Lock()

    # Helpers ----------------------------------------------------------------------------

    def _resource_block(self, type_name: str) -> Block:
        block: Block = self._schema["resource_schemas"][type_name]["block"]
        return block

    def _data_block(self, type_name: str) -> Block:
        block: Block = self._schema["data_source_schemas"][type_name]["block"]
        return block

    def _type(self, section: str, type_name: str) -> CtyType:
        with self._lock:
            key = (section, type_name)
            if key not in self._types:
                if section == "provider":
                    block = self._schema["provider"]["block"]
                else:
                    block = self._schema[section][type_name]["block"]
                self._types[key] = block_type(block)
            return self._types[key]

    @staticmethod
    def _capabilities() -> tfplugin_pb2.ServerCapabilities:
        return pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True)

    # Metadata and schema ----------------------------------------------------------------

    def GetMetadata(self, request: Any, context: Any) -> Any:
        return pb.GetMetadata.Response(
            server_capabilities=self._capabilities(),
            resources=[
                pb.GetMetadata.ResourceMetadata(type_name=name)
                for name in sorted(self._schema["resource_schemas"])
            ],
            data_sources=[
                pb.GetMetadata.DataSourceMetadata(type_name=name)
                for name in sorted(self._schema["data_source_schemas"])
            ],
        )

    def GetProviderSchema(self, request: Any, context: Any) -> Any:
        response = pb.GetProviderSchema.Response(
            provider=schema_to_proto(self._schema["provider"]),
            server_capabilities=self._capabilities(),
        )
        if "provider_meta" in self._schema:
            response.provider_meta.CopyFrom(schema_to_proto(self._schema["provider_meta"]))
        for name, schema in self._schema["resource_schemas"].items():
            response.resource_schemas[name].CopyFrom(schema_to_proto(schema))
        for name, schema in self._schema["data_source_schemas"].items():
            response.data_source_schemas[name].CopyFrom(schema_to_proto(schema))
        return response

    def GetFunctions(self, request: Any, context: Any) -> Any:
        return pb.GetFunctions.Response()

    def CallFunction(self, request: Any, context: Any) -> Any:
        return pb.CallFunction.Response(
            error=pb.FunctionError(text="the stand-in provider has no functions")
        )

    # Validation and configuration -------------------------------------------------------

    def ValidateProviderConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateProviderConfig.Response()

    def ValidateResourceConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateResourceConfig.Response()

    def ValidateDataResourceConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateDataResourceConfig.Response()

    def ConfigureProvider(self, request: Any, context: Any) -> Any:
        config = decode(request.config.msgpack, self._type("provider", ""))
        if isinstance(config, dict):
            region = config.get("region")
            if isinstance(region, str) and region:
                self._region = region
            for block in config.get("default_tags") or []:
                if isinstance(block, dict) and isinstance(block.get("tags"), dict):
                    self._default_tags.update(
                        {k: v for k, v in block["tags"].items() if isinstance(v, str)}
                    )
        return pb.ConfigureProvider.Response()

    def StopProvider(self, request: Any, context: Any) -> Any:
        return pb.StopProvider.Response()

    # Managed resources ------------------------------------------------------------------

    def UpgradeResourceState(self, request: Any, context: Any) -> Any:
        ty = self._type("resource_schemas", request.type_name)
        try:
            if request.raw_state.json:
                raw = json.loads(request.raw_state.json)
                value = conform(raw, ty, drop_unknown_attrs=True)
            else:
                value = None
        except (CtyError, ValueError) as exc:
            return pb.UpgradeResourceState.Response(
                diagnostics=[_error("Cannot upgrade state", str(exc))]
            )
        return pb.UpgradeResourceState.Response(
            upgraded_state=pb.DynamicValue(msgpack=encode(value, ty))
        )

    def ReadResource(self, request: Any, context: Any) -> Any:
        """The prior state, or with a world the object as the world holds it (null if gone)."""
        if self._world is None:
            return pb.ReadResource.Response(
                new_state=request.current_state, private=request.private
            )
        ty = self._type("resource_schemas", request.type_name)
        current = _decode_or_none(request.current_state.msgpack, ty)
        key = object_key(request.type_name, current) if isinstance(current, dict) else None
        found = self._world.get(request.type_name, key) if key else None
        if not found:
            return pb.ReadResource.Response(
                new_state=pb.DynamicValue(msgpack=encode(None, ty)), private=request.private
            )
        try:
            value = conform(found, ty, drop_unknown_attrs=True)
            if isinstance(value, dict) and "region" in value and value.get("region") is None:
                value["region"] = self._region
            payload = encode(value, ty)
        except CtyError as exc:
            return pb.ReadResource.Response(
                diagnostics=[
                    _error(f"World object {request.type_name} {key} is malformed", str(exc))
                ]
            )
        return pb.ReadResource.Response(
            new_state=pb.DynamicValue(msgpack=payload), private=request.private
        )

    def PlanResourceChange(self, request: Any, context: Any) -> Any:
        type_name = request.type_name
        ty = self._type("resource_schemas", type_name)
        proposed = _decode_or_none(request.proposed_new_state.msgpack, ty)
        prior = _decode_or_none(request.prior_state.msgpack, ty)
        config = _decode_or_none(request.config.msgpack, ty)
        block = self._resource_block(type_name)
        planned = proposed
        requires: list[tuple[str, ...]] = []
        if proposed is not None and prior is None:
            planned = plan_create(block, proposed, config or {})
            if "region" in planned and planned.get("region") in (None, UNKNOWN):
                planned["region"] = (
                    self._region
                )  # defaultRegion (internal/provider/sdkv2/region.go)
        elif proposed is not None and prior is not None:
            planned = plan_update(
                type_name, block, prior, proposed, config or {}, self._default_tags, self._region
            )
            requires = requires_replace(type_name, ty, prior, planned, self._region)
        try:
            payload = encode(planned, ty)
        except CtyError as exc:
            return pb.PlanResourceChange.Response(
                diagnostics=[_error(f"Stand-in provider cannot plan {type_name}", str(exc))]
            )
        return pb.PlanResourceChange.Response(
            planned_state=pb.DynamicValue(msgpack=payload),
            requires_replace=[_attribute_path(path) for path in requires],
            planned_private=request.prior_private,
            legacy_type_system=True,
        )

    def ApplyResourceChange(self, request: Any, context: Any) -> Any:
        type_name = request.type_name
        ty = self._type("resource_schemas", type_name)
        planned = _decode_or_none(request.planned_state.msgpack, ty)
        prior = _decode_or_none(request.prior_state.msgpack, ty)
        world = self._world
        if planned is None:
            if world is not None and isinstance(prior, dict):
                key = object_key(type_name, prior)
                if key:
                    world.delete(type_name, key)
            return pb.ApplyResourceChange.Response(
                new_state=pb.DynamicValue(msgpack=encode(None, ty)),
                private=request.planned_private,
                legacy_type_system=True,
            )
        block = self._resource_block(type_name)
        attr_types = object_attrs(ty)
        if isinstance(prior, dict):
            rules = load_replacement_table()["resources"].get(type_name, {})
            stuck = [
                name
                for name in rules.get("no_update", [])
                if name in attr_types and differs(prior.get(name), planned.get(name))
            ]
            if stuck:
                return pb.ApplyResourceChange.Response(
                    diagnostics=[
                        _error(
                            f"{type_name} cannot be updated",
                            f"The provider has no update path for {', '.join(stuck)} "
                            "(no_update in the replacement table): the plan said update, "
                            "the real apply fails.",
                        )
                    ]
                )
        entry = matching_entry(self._apply_fixture.get(type_name, []), planned, attr_types)

        def claim(key: str) -> bool:
            return world.claim(type_name, key) if world is not None else True

        try:
            new = fill_applied(
                type_name,
                ty,
                planned,
                region=self._region,
                short_region=_short_region(self._region),
                default_tags=self._default_tags,
                claim=claim,
                overrides=(entry or {}).get("values"),
            )
            new = _empty_blocks_as_lists(block, new)
            payload = encode(new, ty)
        except (CtyError, RuntimeError) as exc:
            return pb.ApplyResourceChange.Response(
                diagnostics=[_error(f"Stand-in provider cannot apply {type_name}", str(exc))]
            )
        if world is not None:
            key = object_key(type_name, new)
            if key:
                world.put(type_name, key, _jsonable(new))
        return pb.ApplyResourceChange.Response(
            new_state=pb.DynamicValue(msgpack=payload),
            private=request.planned_private,
            legacy_type_system=True,
        )

    def ImportResourceState(self, request: Any, context: Any) -> Any:
        """Import an object of the world by ID (``aws_route`` also by ``<rtb>_<destination>``)."""
        type_name = request.type_name
        ty = self._type("resource_schemas", type_name)
        found = find_importable(self._world, type_name, request.id) if self._world else None
        if found is None:
            return pb.ImportResourceState.Response(
                diagnostics=[
                    _error(
                        "Cannot import non-existent remote object",
                        f"The stand-in provider holds no {type_name} with ID {request.id!r}"
                        + ("" if self._world else " (no world file: import is not possible)"),
                    )
                ]
            )
        skeleton = dict.fromkeys(object_attrs(ty))
        skeleton.update({k: v for k, v in found.items() if k in ("id", "service_id")})
        if "region" in skeleton:
            skeleton["region"] = self._region
        skeleton = _empty_blocks_as_lists(self._resource_block(type_name), skeleton)
        return pb.ImportResourceState.Response(
            imported_resources=[
                pb.ImportResourceState.ImportedResource(
                    type_name=type_name, state=pb.DynamicValue(msgpack=encode(skeleton, ty))
                )
            ]
        )

    def MoveResourceState(self, request: Any, context: Any) -> Any:
        return pb.MoveResourceState.Response(
            diagnostics=[
                _error("Moving state is not supported", "The stand-in provider cannot move state.")
            ]
        )

    # Data sources -----------------------------------------------------------------------

    def ReadDataSource(self, request: Any, context: Any) -> Any:
        ty = self._type("data_source_schemas", request.type_name)
        config = decode(request.config.msgpack, ty)
        if not is_wholly_known(config):
            # Terraform defers reads whose configuration is not known; never answer one.
            return pb.ReadDataSource.Response(
                diagnostics=[
                    _error(
                        f"Stand-in provider asked to read {request.type_name} with unknown values",
                        "Terraform defers such reads to apply; the stand-in refuses to guess.",
                    )
                ]
            )
        try:
            world_vals = (
                world_values(request.type_name, config, object_attrs(ty), self._world)
                if self._world is not None
                else {}
            )
            state = read_data_source(
                request.type_name,
                self._data_block(request.type_name),
                config,
                self._fixture,
                self._region,
                world_vals,
            )
            payload = encode(state, ty)
        except (CtyError, FixtureError) as exc:
            return pb.ReadDataSource.Response(
                diagnostics=[_error(f"Stand-in provider cannot read {request.type_name}", str(exc))]
            )
        return pb.ReadDataSource.Response(state=pb.DynamicValue(msgpack=payload))


def _decode_or_none(data: bytes, ty: CtyType) -> Any:
    return decode(data, ty) if data else None


def _attribute_path(path: tuple[str, ...]) -> Any:
    return pb.AttributePath(steps=[pb.AttributePath.Step(attribute_name=name) for name in path])


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: None))


def _empty_blocks_as_lists(block: Block, value: dict[str, Any]) -> dict[str, Any]:
    """Null list/set blocks become empty lists, as Terraform stores them."""
    out = dict(value)
    for name, nested in block.get("block_types", {}).items():
        if nested["nesting_mode"] in ("list", "set") and out.get(name) is None:
            out[name] = []
    return out


def find_importable(world: World, type_name: str, import_id: str) -> dict[str, Any] | None:
    found = world.get(type_name, import_id)
    if found:
        return found
    if type_name == "aws_route" and "_" in import_id:
        table, destination = import_id.split("_", 1)
        for obj in world.objects(type_name):
            targets = (
                obj.get("destination_cidr_block"),
                obj.get("destination_ipv6_cidr_block"),
                obj.get("destination_prefix_list_id"),
            )
            if obj.get("route_table_id") == table and destination in targets:
                return obj
    return None


def plan_update(
    type_name: str,
    block: Block,
    prior: Mapping[str, Any],
    proposed: Mapping[str, Any],
    config: Mapping[str, Any],
    default_tags: Mapping[str, str],
    region: str,
) -> dict[str, Any]:
    """Plan an in-place change as the SDKv2 provider would (replacement is decided apart).

    Terraform's proposed state already keeps prior values of computed attributes the
    configuration leaves null. On top: Optional+Computed blocks left out keep their prior
    value, ``tags_all`` follows ``tags``, and attributes the table marks
    ``computed_if_changed`` become unknown when a trigger changes.
    """
    planned = dict(proposed)
    for name, nested in block.get("block_types", {}).items():
        mode = nested["nesting_mode"]
        if (
            mode in ("list", "set")
            and _is_absent(config.get(name), mode)
            and (
                _block_has_computed(nested["block"])
                or (type_name, name) in _OPTIONAL_COMPUTED_BLOCKS
            )
            and prior.get(name) is not None
        ):
            planned[name] = prior[name]
    attributes = block.get("attributes", {})
    if "tags_all" in attributes and "tags" in attributes:
        planned["tags_all"] = merged_tags(planned, default_tags)
    if "region" in attributes and planned.get("region") is None:
        planned["region"] = prior.get("region") or region
    rules = load_replacement_table()["resources"].get(type_name, {})
    for attr, triggers in rules.get("computed_if_changed", {}).items():
        changed = any(differs(prior.get(t), planned.get(t)) for t in triggers if t in planned)
        if attr in planned and config.get(attr) is None and changed:
            planned[attr] = UNKNOWN
    return planned


class Controller(grpc_controller_pb2_grpc.GRPCControllerServicer):  # type: ignore[misc]
    """go-plugin's controller: ``Shutdown`` asks the plugin to exit."""

    def __init__(self, shutdown: threading.Event) -> None:
        self._shutdown = shutdown

    def Shutdown(self, request: Any, context: Any) -> Any:
        self._shutdown.set()
        return grpc_controller_pb2.Empty()


class Stdio(grpc_stdio_pb2_grpc.GRPCStdioServicer):  # type: ignore[misc]
    """go-plugin's stdio stream: we send nothing and end the stream on shutdown."""

    def __init__(self, shutdown: threading.Event) -> None:
        self._shutdown = shutdown

    def StreamStdio(self, request: Any, context: Any) -> Iterator[grpc_stdio_pb2.StdioData]:
        while context.is_active() and not self._shutdown.wait(0.25):
            pass
        yield from ()


_HEALTH_SERVING: Final = b"\x08\x01"  # grpc.health.v1.HealthCheckResponse{status: SERVING}


def _health_check(request: bytes, context: Any) -> bytes:
    return _HEALTH_SERVING


class _RpcLog(grpc.ServerInterceptor):  # type: ignore[misc]
    """Records the methods Terraform calls (see ``TFHARNESS_RPC_LOG``)."""

    def __init__(self, path: str | None) -> None:
        self._path = path
        self._lock = threading.Lock()

    def _write(self, line: str) -> None:
        if self._path:
            with self._lock, open(self._path, "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()} {line}\n")

    def intercept_service(self, continuation: Callable[[Any], Any], details: Any) -> Any:
        handler = continuation(details)
        self._write(details.method if handler is not None else f"UNIMPLEMENTED {details.method}")
        return handler


# --------------------------------------------------------------------------------------------
# Process plumbing


def _self_signed_certificate() -> tuple[bytes, bytes, bytes]:
    """A fresh ECDSA P-256 certificate for AutoMTLS: (cert PEM, key PEM, cert DER)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "tfharness"),
            x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(seconds=30))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_pem = certificate.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert_pem, key_pem, certificate.public_bytes(serialization.Encoding.DER)


def _load_fixture(schema: Mapping[str, Any]) -> Fixture:
    path = os.environ.get("TFHARNESS_DATA_FIXTURE")
    if not path:
        return {}
    fixture = json.loads(Path(path).read_text(encoding="utf-8"))
    validate_fixture(fixture, schema["data_source_schemas"])
    return fixture  # type: ignore[no-any-return]


def _load_apply_fixture(schema: Mapping[str, Any]) -> Fixture:
    path = os.environ.get("TFHARNESS_APPLY_FIXTURE")
    if not path:
        return {}
    fixture = json.loads(Path(path).read_text(encoding="utf-8"))
    validate_fixture(
        fixture, schema["resource_schemas"], label="apply_fixture", kind_name="resource"
    )
    return fixture  # type: ignore[no-any-return]


def _watch_parent(shutdown: threading.Event) -> None:
    parent = os.getppid()
    while not shutdown.wait(0.5):
        if os.getppid() != parent:
            shutdown.set()


def serve() -> int:
    """Run as a go-plugin provider until Terraform shuts us down."""
    if os.environ.get(MAGIC_COOKIE_KEY) != MAGIC_COOKIE_VALUE:
        print(
            "This is a Terraform provider plugin (the tfharness stand-in for hashicorp/aws).\n"
            "It is started by Terraform and cannot be run directly.",
            file=sys.stderr,
        )
        return 1
    offered = os.environ.get("PLUGIN_PROTOCOL_VERSIONS", str(PLUGIN_PROTOCOL_VERSION)).split(",")
    if str(PLUGIN_PROTOCOL_VERSION) not in [version.strip() for version in offered]:
        print(f"Terraform does not offer plugin protocol 6 (offered: {offered})", file=sys.stderr)
        return 1

    # Terraform forwards interrupts itself, through StopProvider; like go-plugin servers,
    # ignore the terminal's SIGINT and leave cleanly on SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    shutdown = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: shutdown.set())

    schema = load_provider_schema()
    fixture = _load_fixture(schema)
    socket_dir = tempfile.mkdtemp(prefix="tfharness-", dir=os.environ.get("PLUGIN_UNIX_SOCKET_DIR"))
    os.chmod(socket_dir, 0o700)
    socket_path = os.path.join(socket_dir, "provider.sock")
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix="tfharness"),
        interceptors=[_RpcLog(os.environ.get("TFHARNESS_RPC_LOG"))],
    )
    world_path = os.environ.get("TFHARNESS_WORLD")
    provider = StubProvider(
        schema,
        fixture,
        world=World(Path(world_path)) if world_path else None,
        apply_fixture=_load_apply_fixture(schema),
    )
    tfplugin_pb2_grpc.add_ProviderServicer_to_server(provider, server)
    grpc_controller_pb2_grpc.add_GRPCControllerServicer_to_server(Controller(shutdown), server)
    grpc_stdio_pb2_grpc.add_GRPCStdioServicer_to_server(Stdio(shutdown), server)
    health = grpc.method_handlers_generic_handler(
        "grpc.health.v1.Health",
        {"Check": grpc.unary_unary_rpc_method_handler(_health_check)},
    )
    server.add_generic_rpc_handlers((health,))

    certificate_field = ""
    if os.environ.get("PLUGIN_CLIENT_CERT"):
        cert_pem, key_pem, cert_der = _self_signed_certificate()
        credentials = grpc.ssl_server_credentials([(key_pem, cert_pem)], require_client_auth=False)
        server.add_secure_port(f"unix:{socket_path}", credentials)
        certificate_field = base64.b64encode(cert_der).decode().rstrip("=")
    else:
        server.add_insecure_port(f"unix:{socket_path}")
    server.start()
    try:
        sys.stdout.write(
            f"{CORE_PROTOCOL_VERSION}|{PLUGIN_PROTOCOL_VERSION}|unix|{socket_path}|grpc|{certificate_field}\n"
        )
        sys.stdout.flush()
        threading.Thread(target=_watch_parent, args=(shutdown,), daemon=True).start()
        shutdown.wait()
    finally:
        server.stop(grace=0.5).wait()
        shutil.rmtree(socket_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(serve())
