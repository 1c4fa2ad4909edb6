"""Just enough of go-cty's type system and msgpack wire format for the stand-in provider.

Types are kept in their JSON form, exactly as ``terraform providers schema -json`` prints them
and as the plugin protocol carries them in ``Schema.Attribute.type``:

- primitives: ``"string"``, ``"number"``, ``"bool"``, ``"dynamic"``
- collections: ``["list", T]``, ``["set", T]``, ``["map", T]``
- structural: ``["object", {name: T, ...}]`` (optionally a third element listing optional
  attributes, which only matters to Terraform core) and ``["tuple", [T, ...]]``

Values are plain Python: ``None`` is null, :data:`UNKNOWN` is an unknown value, strings are
``str``, numbers ``int``/``float``, lists, sets and tuples are ``list``, maps and objects are
``dict``. A value of type ``"dynamic"`` is a :class:`Dynamic` carrying its concrete type.

On the wire (msgpack) an unknown value is an extension value of type 0; newer go-cty sends
refined unknowns as extension type 12, which is decoded as a plain unknown here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

import msgpack

CtyType: TypeAlias = str | list[Any]
"""A cty type in its JSON form."""

STRING: Final = "string"
NUMBER: Final = "number"
BOOL: Final = "bool"
DYNAMIC: Final = "dynamic"

_UNKNOWN_EXT_CODE: Final = 0
_REFINED_UNKNOWN_EXT_CODE: Final = 12
_INT64_MIN: Final = -(2**63)
_INT64_MAX: Final = 2**63 - 1


class _Unknown:
    """Singleton marker for a value that is not known yet."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


@dataclass(frozen=True)
class Dynamic:
    """A value whose schema type is ``dynamic``: the concrete type travels with it."""

    type: CtyType
    value: Any


class CtyError(ValueError):
    """A value does not conform to the type it is being encoded or converted as."""


# --------------------------------------------------------------------------------------------
# Types


def kind(ty: CtyType) -> str:
    """The type's kind: a primitive type's name, or list/set/map/object/tuple."""
    if isinstance(ty, str):
        if ty not in (STRING, NUMBER, BOOL, DYNAMIC):
            raise CtyError(f"unsupported primitive type {ty!r}")
        return ty
    if isinstance(ty, list) and ty and ty[0] in ("list", "set", "map", "object", "tuple"):
        return str(ty[0])
    raise CtyError(f"malformed cty type {ty!r}")


def element_type(ty: CtyType) -> CtyType:
    """The element type of a list, set or map type."""
    if kind(ty) not in ("list", "set", "map"):
        raise CtyError(f"{ty!r} is not a collection type")
    element: CtyType = ty[1]
    return element


def object_attrs(ty: CtyType) -> dict[str, CtyType]:
    """The attribute types of an object type."""
    if kind(ty) != "object":
        raise CtyError(f"{ty!r} is not an object type")
    attrs: dict[str, CtyType] = dict(ty[1])  # type: ignore[arg-type]
    return attrs


def type_json(ty: CtyType) -> bytes:
    """The compact JSON encoding of a type, as the plugin protocol wants it."""
    return json.dumps(ty, separators=(",", ":"), sort_keys=True).encode()


def block_type(block: Mapping[str, Any]) -> CtyType:
    """The object type that values of a schema block (JSON schema form) have."""
    attrs: dict[str, CtyType] = {}
    for name, attr in block.get("attributes", {}).items():
        if "nested_type" in attr:
            raise CtyError(f"attribute {name!r}: nested attribute types are not supported")
        attrs[name] = attr["type"]
    for name, nested in block.get("block_types", {}).items():
        inner = block_type(nested["block"])
        mode = nested["nesting_mode"]
        if mode in ("single", "group"):
            attrs[name] = inner
        elif mode in ("list", "set", "map"):
            attrs[name] = [mode, inner]
        else:
            raise CtyError(f"block {name!r}: unsupported nesting mode {mode!r}")
    return ["object", attrs]


# --------------------------------------------------------------------------------------------
# Wire format


def _ext_hook(code: int, data: bytes) -> Any:
    # Type 0 is a plain unknown and type 12 a refined one; anything else is not something
    # Terraform sends, but an unknown is the least surprising reading of it.
    del code, data
    return UNKNOWN


def decode(data: bytes, ty: CtyType) -> Any:
    """Decode msgpack bytes from Terraform into a Python value of type ``ty``."""
    raw = msgpack.unpackb(data, raw=False, ext_hook=_ext_hook, strict_map_key=False)
    return _from_wire(raw, ty)


def encode(value: Any, ty: CtyType) -> bytes:
    """Encode a Python value of type ``ty`` as msgpack bytes for Terraform."""
    packed: bytes = msgpack.packb(_to_wire(value, ty, ()), use_bin_type=True)
    return packed


def _from_wire(raw: Any, ty: CtyType) -> Any:
    if raw is None or raw is UNKNOWN:
        return raw
    k = kind(ty)
    if k == DYNAMIC:
        if not isinstance(raw, list) or len(raw) != 2:
            raise CtyError("dynamic value must be a [type, value] pair")
        concrete: CtyType = json.loads(raw[0])
        return Dynamic(concrete, _from_wire(raw[1], concrete))
    if k == NUMBER:
        if isinstance(raw, str):
            return _parse_number(raw)
        return raw
    if k in (STRING, BOOL):
        return raw
    if k in ("list", "set"):
        return [_from_wire(item, ty[1]) for item in raw]
    if k == "map":
        return {key: _from_wire(item, ty[1]) for key, item in raw.items()}
    if k == "tuple":
        return [_from_wire(item, item_ty) for item, item_ty in zip(raw, ty[1], strict=True)]
    attrs = object_attrs(ty)
    return {name: _from_wire(raw.get(name), attr_ty) for name, attr_ty in attrs.items()}


def _to_wire(value: Any, ty: CtyType, path: tuple[str | int, ...]) -> Any:
    if value is None:
        return None
    if value is UNKNOWN:
        return msgpack.ExtType(_UNKNOWN_EXT_CODE, b"\x00")
    k = kind(ty)
    if k == DYNAMIC:
        if not isinstance(value, Dynamic):
            raise CtyError(f"{_where(path)}: dynamic value must be wrapped in Dynamic")
        return [type_json(value.type), _to_wire(value.value, value.type, path)]
    if k == STRING:
        if not isinstance(value, str):
            raise CtyError(f"{_where(path)}: expected a string, got {value!r}")
        return value
    if k == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CtyError(f"{_where(path)}: expected a number, got {value!r}")
        if isinstance(value, int) and not _INT64_MIN <= value <= _INT64_MAX:
            return str(value)
        return value
    if k == BOOL:
        if not isinstance(value, bool):
            raise CtyError(f"{_where(path)}: expected a bool, got {value!r}")
        return value
    if k in ("list", "set"):
        if not isinstance(value, list):
            raise CtyError(f"{_where(path)}: expected a {k}, got {value!r}")
        return [_to_wire(item, ty[1], (*path, i)) for i, item in enumerate(value)]
    if k == "map":
        if not isinstance(value, dict):
            raise CtyError(f"{_where(path)}: expected a map, got {value!r}")
        return {key: _to_wire(item, ty[1], (*path, key)) for key, item in value.items()}
    if k == "tuple":
        if not isinstance(value, list) or len(value) != len(ty[1]):
            raise CtyError(f"{_where(path)}: expected a tuple of {len(ty[1])}, got {value!r}")
        return [
            _to_wire(v, t, (*path, i)) for i, (v, t) in enumerate(zip(value, ty[1], strict=True))
        ]
    if not isinstance(value, dict):
        raise CtyError(f"{_where(path)}: expected an object, got {value!r}")
    attrs = object_attrs(ty)
    extra = set(value) - set(attrs)
    if extra:
        raise CtyError(f"{_where(path)}: unexpected attributes {sorted(extra)}")
    return {name: _to_wire(value.get(name), t, (*path, name)) for name, t in attrs.items()}


def _where(path: tuple[str | int, ...]) -> str:
    if not path:
        return "value"
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text.lstrip(".")


# --------------------------------------------------------------------------------------------
# Conversion of loosely typed data (JSON state, test fixtures)


def conform(value: Any, ty: CtyType, *, drop_unknown_attrs: bool = False) -> Any:
    """Convert JSON-like data into a well-formed value of type ``ty``.

    Missing object attributes become null; numbers, strings and bools convert the way
    Terraform converts them (``"1"`` -> 1, ``true`` -> ``"true"``). Attributes an object type
    does not have are an error unless ``drop_unknown_attrs`` is set.
    """
    return _conform(value, ty, (), drop_unknown_attrs)


def _conform(value: Any, ty: CtyType, path: tuple[str | int, ...], drop: bool) -> Any:
    if value is None or value is UNKNOWN:
        return value
    k = kind(ty)
    if k == DYNAMIC:
        return value if isinstance(value, Dynamic) else Dynamic(_infer_type(value), value)
    if k == STRING:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return _number_to_string(value)
        if isinstance(value, str):
            return value
    elif k == NUMBER:
        if isinstance(value, bool):
            raise CtyError(f"{_where(path)}: a bool is not a number")
        if isinstance(value, int | float):
            return value
        if isinstance(value, str):
            try:
                return _parse_number(value)
            except ValueError:
                raise CtyError(f"{_where(path)}: {value!r} is not a number") from None
    elif k == BOOL:
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
    elif k in ("list", "set"):
        if isinstance(value, list | tuple):
            return [_conform(item, ty[1], (*path, i), drop) for i, item in enumerate(value)]
    elif k == "map":
        if isinstance(value, Mapping):
            return {
                str(key): _conform(item, ty[1], (*path, key), drop) for key, item in value.items()
            }
    elif k == "tuple":
        if isinstance(value, list | tuple) and len(value) == len(ty[1]):
            return [
                _conform(v, t, (*path, i), drop)
                for i, (v, t) in enumerate(zip(value, ty[1], strict=True))
            ]
    elif isinstance(value, Mapping):
        attrs = object_attrs(ty)
        extra = set(value) - set(attrs)
        if extra and not drop:
            raise CtyError(f"{_where(path)}: no such attribute(s) {sorted(extra)}")
        return {
            name: _conform(value.get(name), t, (*path, name), drop) for name, t in attrs.items()
        }
    raise CtyError(f"{_where(path)}: {value!r} does not fit type {json.dumps(ty)}")


def _parse_number(text: str) -> int | float:
    stripped = text.strip()
    if re.fullmatch(r"[-+]?\d+", stripped):
        return int(stripped)
    return float(stripped)


def _number_to_string(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _infer_type(value: Any) -> CtyType:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int | float):
        return NUMBER
    if isinstance(value, str):
        return STRING
    if isinstance(value, list | tuple):
        return ["tuple", [_infer_type(item) for item in value]]
    if isinstance(value, Mapping):
        return ["object", {str(key): _infer_type(item) for key, item in value.items()}]
    raise CtyError(f"cannot infer a cty type for {value!r}")


def is_wholly_known(value: Any) -> bool:
    """Whether a value contains no unknowns at any depth."""
    if value is UNKNOWN:
        return False
    if isinstance(value, Dynamic):
        return is_wholly_known(value.value)
    if isinstance(value, list):
        return all(is_wholly_known(item) for item in value)
    if isinstance(value, dict):
        return all(is_wholly_known(item) for item in value.values())
    return True
