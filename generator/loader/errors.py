"""Pydantic validation errors -> located findings (SPEC003 / SPEC004 / SVC001)."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.diagnostics import Finding, Severity
from generator.loader.source import Path, SourceMap, child, is_missing
from generator.spec.endpoint_types import ENDPOINT_TYPES
from generator.spec.models import Spec


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation can hold (Annotated/Optional/Union peeled)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def _field_annotation(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def allowed_keys(data: Any, path: Path) -> list[str]:
    """Keys the language allows in the mapping at `path` (empty when not a model)."""
    candidates: list[Any] = [Spec]
    node = data
    for elem in path:
        next_candidates: list[Any] = []
        for cand in candidates:
            for t in _unwrap(cand):
                origin = typing.get_origin(t)
                if isinstance(t, type) and issubclass(t, BaseModel):
                    ann = _field_annotation(t, str(elem))
                    if ann is not None:
                        next_candidates.append(ann)
                elif origin is dict and isinstance(elem, str):
                    next_candidates.append(typing.get_args(t)[1])
                elif origin is list and isinstance(elem, int):
                    next_candidates.append(typing.get_args(t)[0])
        node = node.get(elem) if isinstance(node, dict) else None
        candidates = next_candidates
    keys: list[str] = []
    for cand in candidates:
        for t in _unwrap(cand):
            if isinstance(t, type) and issubclass(t, BaseModel):
                if "type" in t.model_fields and isinstance(node, dict):
                    wanted = node.get("type")
                    literal = typing.get_args(t.model_fields["type"].annotation)
                    if wanted is not None and wanted not in literal:
                        continue
                keys.extend(k for k in _keys_of(t) if k not in keys)
    return keys


def _display_key(path: Path) -> str:
    """`from` for ('security_groups', 'a', 'ingress', 0, 'from'); `from` item 2 for lists."""
    if not path:
        return ""
    if isinstance(path[-1], int):
        parent = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
        return f"{parent}[{path[-1]}]"
    return str(path[-1])


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[Path, bool]:
    """Map a pydantic error location onto the data; False when the last element is absent."""
    path: list[str | int] = []
    node = data
    for i, elem in enumerate(loc):
        found = child(node, elem)
        if not is_missing(found):
            node = found
            path.append(elem)
        elif i == len(loc) - 1:
            return tuple(path), False
        # else: a union tag or validator step pydantic put in the location; skip it
    return tuple(path), True


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "float_type": "a number",
}


def _message(err: ErrorDetails, key: str) -> tuple[str, str | None]:
    kind = err["type"]
    value = err.get("input")
    where = f"'{key}'" if key else "the spec"
    if kind in _EXPECTED:
        hint = None
        if kind == "bool_type" and isinstance(value, str):
            hint = "write true or false without quotes (YAML 1.2: yes/no/on/off are strings)"
        elif kind == "int_type" and isinstance(value, str) and value.isdigit():
            hint = "write the number without quotes"
        elif kind in ("list_type",) and isinstance(value, str):
            hint = f"write a list: [{value}]"
        return f"{where} must be {_EXPECTED[kind]}, not {_describe(value)}", hint
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{where} is {value!r}; expected {expected}", None
    if kind in ("greater_than_equal", "less_than_equal", "too_short", "too_long"):
        return f"{where}: {err['msg'].lower()}", None
    return f"{where}: {err['msg']}", None


_CUSTOM = {
    "id_format",
    "cidr",
    "cidr_host_bits",
    "ip",
    "name",
    "source",
    "destination",
}
_BRANCH_MISMATCH = {"literal_error", *_EXPECTED}


def _prune_union_branches(errors: list[ErrorDetails], data: Any) -> list[ErrorDetails]:
    """Drop "wrong branch" errors when a deeper error explains the same value better.

    For `from: vpc | [CIDR...]`, a bad list item yields both "expected 'vpc'" (the literal
    branch) and the item's own error; only the latter helps.
    """
    paths = [_data_path(data, tuple(e["loc"]))[0] for e in errors]
    kept: list[ErrorDetails] = []
    for err, path in zip(errors, paths, strict=True):
        if err["type"] in _BRANCH_MISMATCH and any(
            len(other) > len(path) and other[: len(path)] == path for other in paths
        ):
            continue
        kept.append(err)
    return kept


def validation_findings(exc: ValidationError, data: Any, source: SourceMap) -> list[Finding]:
    findings: list[Finding] = []
    for err in _prune_union_branches(exc.errors(include_url=False), data):
        loc = tuple(err["loc"])
        path, _ = _data_path(data, loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = allowed_keys(data, path[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else None
            if hint is None and allowed:
                hint = "allowed keys here: " + ", ".join(allowed)
            findings.append(
                Finding("SPEC004", Severity.ERROR, f"unknown key '{key}'", source.key(path), hint)
            )
            continue
        if kind in ("union_tag_not_found", "union_tag_invalid") and path[:1] == ("endpoints",):
            tag = err.get("ctx", {}).get("tag", "")
            shown = f"type '{tag}' is not an endpoint type" if tag else "endpoint has no 'type'"
            findings.append(
                Finding(
                    "SVC001",
                    Severity.ERROR,
                    shown,
                    source.value((*path, "type")) if tag else source.value(path),
                    "set type to one of: " + ", ".join(ENDPOINT_TYPES),
                )
            )
            continue
        if kind == "missing":
            key = str(loc[-1])
            findings.append(
                Finding(
                    "SPEC003",
                    Severity.ERROR,
                    f"missing required key '{key}'",
                    source.value(path),
                    None,
                )
            )
            continue
        if kind in _CUSTOM:
            message, hint = err["msg"], None
        else:
            key = _display_key(path)
            message, hint = _message(err, key)
        findings.append(Finding("SPEC003", Severity.ERROR, message, source.value(path), hint))
    return findings
