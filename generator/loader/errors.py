"""Pydantic validation errors -> located findings (SPEC003 / SPEC004 / SVC001)."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.diagnostics import Finding, Span
from generator.loader.source import Path, SourceMap, child, is_missing, rule_finding
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
    """Map a pydantic error location onto the data; False when the last element is absent.

    Pydantic puts union tags and validator steps in the location (`preset`, `account`,
    `literal['vpc']`); they are skipped. A tag may also be a real key (`policy.preset` is both),
    so the mapping that follows the most elements of the location wins.
    """

    def best(node: Any, i: int) -> tuple[int, Path]:
        if i == len(loc):
            return 0, ()
        skipped = best(node, i + 1)
        found = child(node, loc[i])
        if is_missing(found):
            return skipped
        count, rest = best(found, i + 1)
        return (count + 1, (loc[i], *rest)) if count + 1 >= skipped[0] else skipped

    _, path = best(data, 0)
    node = data
    for elem in path:
        node = child(node, elem)
    return path, bool(path) and path[-1] == loc[-1] and not is_missing(node)


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


_PORT_RANGE = re.compile(r"\s*([0-9]+)\s*-\s*([0-9]+)\s*")
_ACCOUNT_LISTS = ("account_ids",)


def _type_finding(err: ErrorDetails, key: str, path: Path, span: Span) -> Finding:
    """SPEC003 for a value of the wrong type, with the hint its likely cause calls for."""
    kind = err["type"]
    value = err.get("input")
    fields: dict[str, object] = {
        "key": f"'{key}'" if key else "the spec",
        "expected": _EXPECTED[kind],
        "actual": _describe(value),
    }
    list_key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if kind == "string_type" and isinstance(value, int) and list_key in _ACCOUNT_LISTS:
        quoted = str(value).zfill(12)
        return rule_finding("SPEC003", span, "unquoted-account-id", value=value, quoted=quoted)
    if kind == "bool_type" and isinstance(value, str):
        return rule_finding("SPEC003", span, "quoted-bool", **fields)
    if kind == "int_type" and isinstance(value, str):
        if value.isdigit():
            return rule_finding("SPEC003", span, "quoted-number", **fields)
        m = _PORT_RANGE.fullmatch(value)
        if m and key == "port":
            return rule_finding("SPEC003", span, "port-range", low=m[1], high=m[2], **fields)
    if kind == "list_type" and isinstance(value, str):
        return rule_finding("SPEC003", span, "not-a-list", value=value, **fields)
    return rule_finding("SPEC003", span, "", **fields)


def _literals(expected: str) -> list[str]:
    """`'organization', 'account'` (pydantic's ctx text) -> ['organization', 'account']."""
    return re.findall(r"'([^']*)'", expected)


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


def _merge_union_branches(errors: list[ErrorDetails], data: Any) -> list[ErrorDetails]:
    """One error for a value that matches no branch of a `literal | list` union.

    `from: 0.0.0.0/0` fails both `'vpc'` and `list[...]`: report one "must be 'vpc' or a list".
    """
    by_path: dict[Path, list[ErrorDetails]] = {}
    for err in errors:
        by_path.setdefault(_data_path(data, tuple(err["loc"]))[0], []).append(err)
    out: list[ErrorDetails] = []
    for err in errors:
        path = _data_path(data, tuple(err["loc"]))[0]
        group = by_path[path]
        kinds = {e["type"] for e in group}
        if kinds == {"literal_error", "list_type"}:
            if err is group[0]:
                literal = next(e for e in group if e["type"] == "literal_error")
                merged = dict(err)
                merged["type"] = "literal_or_list"
                merged["ctx"] = {"expected": literal.get("ctx", {}).get("expected", "")}
                out.append(cast(ErrorDetails, merged))
            continue
        out.append(err)
    return out


def validation_findings(exc: ValidationError, data: Any, source: SourceMap) -> list[Finding]:
    findings: list[Finding] = []
    errors = _merge_union_branches(_prune_union_branches(exc.errors(include_url=False), data), data)
    for err in errors:
        loc = tuple(err["loc"])
        path, _ = _data_path(data, loc)
        kind = err["type"]
        ctx = err.get("ctx", {})
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = allowed_keys(data, path[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            span = source.key(path)
            if close:
                findings.append(rule_finding("SPEC004", span, key=key, suggestion=close[0]))
            elif allowed:
                shown = ", ".join(allowed)
                findings.append(rule_finding("SPEC004", span, "allowed", key=key, allowed=shown))
            else:
                findings.append(rule_finding("SPEC004", span, "no-keys", key=key))
            continue
        if kind in ("union_tag_not_found", "union_tag_invalid"):
            findings.append(_tag_finding(err, path, source))
            continue
        if kind == "missing":
            findings.append(rule_finding("SPEC003", source.value(path), "missing", key=loc[-1]))
            continue
        span = source.value(path)
        key = _display_key(path)
        where = f"'{key}'" if key else "the spec"
        value = err.get("input")
        if kind in _CUSTOM:
            findings.append(rule_finding("SPEC003", span, "format", problem=err["msg"]))
        elif kind == "string_type" and isinstance(value, int) and _is_principal(path):
            findings.append(
                rule_finding("PRN002", span, "unquoted", service=path[1], principal=value)
            )
        elif kind in _EXPECTED:
            findings.append(_type_finding(err, key, path, span))
        elif kind == "literal_or_list":
            literal = _literals(ctx.get("expected", ""))[0]
            findings.append(
                rule_finding(
                    "SPEC003",
                    span,
                    "literal-or-list",
                    key=where,
                    name=key,
                    literal=literal,
                    value=value,
                    actual=_describe(value),
                )
            )
        elif kind == "literal_error":
            findings.append(
                rule_finding(
                    "SPEC003", span, "literal", key=where, value=value, expected=ctx["expected"]
                )
            )
        else:
            problem = err["msg"]
            if kind in ("greater_than_equal", "less_than_equal", "too_short", "too_long"):
                problem = problem.lower()
            findings.append(rule_finding("SPEC003", span, "constraint", key=where, problem=problem))
    return findings


def _is_principal(path: Path) -> bool:
    return len(path) == 4 and path[0] == "endpoint_services" and path[2] == "allowed_principals"


def _tag_finding(err: ErrorDetails, path: Path, source: SourceMap) -> Finding:
    """An unknown or missing union tag: an endpoint `type` (SVC001) or a policy `preset`."""
    ctx = err.get("ctx", {})
    tag = str(ctx.get("tag", ""))
    discriminator = _literals(str(ctx.get("discriminator", "'type'")))
    field = discriminator[0] if discriminator else "type"
    expected = _literals(str(ctx.get("expected_tags", ""))) or list(ENDPOINT_TYPES)
    if field == "preset":
        span = source.value((*path, "preset"))
        close = _suggest(tag, expected)
        presets = ", ".join(expected)
        if close:
            return rule_finding("SPEC003", span, "preset", preset=tag, close=close, presets=presets)
        return rule_finding("SPEC003", span, "preset-no-close", preset=tag, presets=presets)
    types_ = ", ".join(ENDPOINT_TYPES)
    if not tag:
        return rule_finding("SVC001", source.value(path), "missing", types=types_)
    span = source.value((*path, "type"))
    close = _suggest(tag, list(ENDPOINT_TYPES))
    if close:
        return rule_finding("SVC001", span, "", type=tag, close=close, types=types_)
    return rule_finding("SVC001", span, "no-close", type=tag, types=types_)


def _suggest(value: str, choices: list[str]) -> str | None:
    """The choice `value` most likely means: same letters in another case, else the closest."""
    folded = {c.casefold(): c for c in choices}
    if value.casefold() in folded:
        return folded[value.casefold()]
    close = difflib.get_close_matches(value.casefold(), choices, n=1, cutoff=0.6)
    return close[0] if close else None
