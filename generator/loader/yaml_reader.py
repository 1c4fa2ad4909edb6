"""YAML -> plain data + source map, safely.

PyYAML composes the node graph (positions included; its C parser when available), and this
module turns nodes into values itself, so that:
- scalars follow the YAML 1.2 core schema (`yes`, `on`, `0755` stay strings, as in JSON);
- only standard tags are accepted: language-specific tags never construct objects;
- duplicate keys become findings instead of silently overwriting;
- aliases are bounded (an alias bomb is refused after MAX_NODES values).
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from generator.diagnostics import Finding, Severity, Span
from generator.loader.source import (
    MAX_DEPTH,
    MAX_NODES,
    Document,
    ParseFailure,
    Path,
    SourceMap,
    check_flow_depth,
    parse_finding,
)

try:  # the C parser is much faster; fall back to pure Python where libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,misc,unused-ignore]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def _span(file: str, node: yaml.Node) -> Span:
    mark = node.start_mark
    return Span(file, mark.line + 1, mark.column + 1)


def _plain_scalar(text: str) -> Any:
    """Resolve a plain scalar with the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.source = SourceMap(file)
        self.findings: list[Finding] = []
        self.count = 0

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> ParseFailure:
        span = _span(self.file, node)
        return ParseFailure(parse_finding(self.file, span.line, span.col, message, hint))

    def build(self, node: yaml.Node, path: Path, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                f"document expands to more than {MAX_NODES} values (alias expansion?)",
                "specs are small documents; avoid nested aliases",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"values are nested deeper than {MAX_DEPTH} levels")
        self.source.values.setdefault(path, _span(self.file, node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_STD}seq":
                raise self.tag_error(node)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != f"{_STD}map":
                raise self.tag_error(node)
            return self.mapping(node, path, depth)
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover

    def tag_error(self, node: yaml.Node) -> ParseFailure:
        return self.fail(
            node,
            f"tag '{node.tag}' is not allowed; specs use plain YAML values only",
            "remove the tag; vpcegen never constructs language-specific objects",
        )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.tag_error(node)
        text: str = node.value
        if not node.style:  # plain (unquoted) scalar: None in PyYAML, "" in its C parser
            return _plain_scalar(text)
        return text

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        explicit: set[str] = set()
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == f"{_STD}merge":
                merged.extend(self.merge_pairs(value_node))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "mapping keys must be plain strings")
            key = self.scalar(key_node)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in explicit:
                first = self.source.keys[(*path, key)]
                self.findings.append(
                    Finding(
                        "SPEC002",
                        Severity.ERROR,
                        f"duplicate key '{key}' (first defined at line {first.line})",
                        _span(self.file, key_node),
                        "keys in a mapping must be unique; remove or rename one of them",
                    )
                )
                continue
            explicit.add(key)
            self.source.keys[(*path, key)] = _span(self.file, key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        for key_node, value_node in merged:  # explicit keys win over merged ones
            key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key, str) and key not in result:
                self.source.keys[(*path, key)] = _span(self.file, key_node)
                result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def merge_pairs(self, node: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise self.fail(source, "'<<' merges mappings only")
            self.count += len(source.value)
            pairs.extend(source.value)
        return pairs


def read_yaml(file: str, text: str) -> Document:
    check_flow_depth(file, text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "malformed YAML"
        raise ParseFailure(parse_finding(file, line, col, f"invalid YAML: {problem}")) from None
    except yaml.YAMLError as exc:
        raise ParseFailure(parse_finding(file, 1, 1, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise ParseFailure(parse_finding(file, 1, 1, "values are nested too deeply")) from None
    if node is None:
        raise ParseFailure(
            parse_finding(
                file, 1, 1, "file has no YAML document", "a spec is a mapping starting 'version: 1'"
            )
        )
    builder = _Builder(file)
    data = builder.build(node, ())
    return Document(file, data, builder.source, builder.findings)
