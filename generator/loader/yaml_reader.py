"""YAML -> plain data + source map, safely.

PyYAML composes the node graph (positions included; its C parser when available), and this
module turns nodes into values itself, so that:
- scalars follow the YAML 1.2 core schema (`yes`, `on` stay strings, `0755` is decimal, as in
  JSON); an explicit standard tag (`!!str 123`) wins;
- only standard tags are accepted: language-specific tags never construct objects;
- duplicate keys become findings instead of silently overwriting;
- aliases are bounded (an alias bomb is refused after MAX_NODES values).
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any, cast

import yaml

from generator.diagnostics import Finding, Span
from generator.loader.source import (
    MAX_DEPTH,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    YAML_BREAKS,
    Document,
    ParseFailure,
    Path,
    SourceMap,
    check_flow_depth,
    number_too_long,
    parse_finding,
    rule_finding,
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
    """Resolve a plain scalar with the YAML 1.2 core schema (ValueError: number too long)."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    numeric = _INT.match(text) or _OCT.match(text) or _HEX.match(text) or _FLOAT.match(text)
    if numeric and len(text) > MAX_NUMBER_CHARS:
        raise ValueError(text)
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


# PyYAML's own (YAML 1.1) resolver: a node whose tag differs from what it resolves the text
# to carried an explicit tag (`!!str 123`), which then wins over our YAML 1.2 resolution.
_RESOLVER = yaml.resolver.Resolver()
_TAG_TYPES: dict[str, tuple[type, ...]] = {
    f"{_STD}int": (int,),
    f"{_STD}float": (float, int),
    f"{_STD}bool": (bool,),
    f"{_STD}null": (type(None),),
}


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


@functools.lru_cache(maxsize=8192)
def _implicit_tag(text: str, plain: bool) -> str:
    tag: str = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, text, (plain, not plain)
    )
    return tag


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.source = SourceMap(file)
        self.findings: list[Finding] = []
        self.count = 0

    def fail(self, node: yaml.Node, variant: str, /, **fields: object) -> ParseFailure:
        span = _span(self.file, node)
        return ParseFailure(parse_finding(self.file, span.line, span.col, variant, **fields))

    def tick(self, node: yaml.Node, values: int = 1) -> None:
        """Count values built (aliases and merges included); refuse an alias bomb."""
        self.count += values
        if self.count > MAX_NODES:
            raise self.fail(node, "too-many-values", limit=MAX_NODES)

    def check_expansion(self, root: yaml.Node) -> None:
        """Refuse alias bombs and self-referencing aliases before building anything.

        Aliases make the node graph a DAG (or, with a self-reference, a cyclic graph); the size
        of the expanded document is computed once per distinct node, so a billion-laughs file
        is refused in microseconds and without allocating its expansion.
        """
        size: dict[int, int] = {}
        visiting: set[int] = set()
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        while stack:
            node, finished = stack.pop()
            key = id(node)
            kids = _children(node)
            if finished:
                visiting.discard(key)
                total = 1 + sum(size[id(kid)] for kid in kids)
                if total > MAX_NODES:  # post-order: the smallest value that expands too far
                    raise self.fail(node, "too-many-values", limit=MAX_NODES)
                size[key] = total
                continue
            if key in size:
                continue
            if key in visiting:
                raise self.fail(node, "alias-cycle")
            visiting.add(key)
            stack.append((node, True))
            stack.extend((kid, False) for kid in reversed(kids))

    def build(self, node: yaml.Node, path: Path, depth: int = 0) -> Any:
        self.tick(node)
        if depth > MAX_DEPTH:
            raise self.fail(node, "too-deep", limit=MAX_DEPTH)
        values = self.source.values
        if path not in values:
            values[path] = _span(self.file, node)
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
        raise self.fail(node, "", problem="unsupported YAML node")  # pragma: no cover

    def tag_error(self, node: yaml.Node) -> ParseFailure:
        return self.fail(node, "tag", tag=node.tag)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text: str = node.value
        plain = not node.style  # plain (unquoted): style None in PyYAML, "" in its C parser
        implicit = _implicit_tag(text, plain)
        if node.tag == implicit:  # no explicit tag: YAML 1.2 core schema
            return self.core_value(node) if plain else text
        if node.tag not in _SCALAR_TAGS:
            raise self.tag_error(node)
        if node.tag in (f"{_STD}str", f"{_STD}timestamp"):
            return text
        value: Any = self.core_value(node)
        wrong_bool = isinstance(value, bool) and node.tag != f"{_STD}bool"
        if wrong_bool or not isinstance(value, _TAG_TYPES[node.tag]):
            short = node.tag.removeprefix(_STD)
            raise self.fail(node, "tag-value", text=text, tag=short)
        if node.tag == f"{_STD}float":
            return float(cast(float, value))
        return value

    def core_value(self, node: yaml.ScalarNode) -> Any:
        try:
            return _plain_scalar(node.value)
        except ValueError:
            span = _span(self.file, node)
            failure = number_too_long(self.file, span.line, span.col, node.value)
            assert failure is not None  # the only ValueError _plain_scalar raises
            raise failure from None

    def key_of(self, key_node: yaml.Node) -> str:
        if not isinstance(key_node, yaml.ScalarNode):
            raise self.fail(key_node, "complex-key")
        key = self.scalar(key_node)
        if isinstance(key, str):
            return key
        return str(key).lower() if isinstance(key, bool) else str(key)

    @staticmethod
    def is_merge(key_node: yaml.Node) -> bool:
        return isinstance(key_node, yaml.ScalarNode) and key_node.tag == f"{_STD}merge"

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        explicit: set[str] = set()
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if self.is_merge(key_node):
                merged.extend(self.merge_pairs(value_node, depth + 1))
                continue
            key = self.key_of(key_node)
            if key in explicit:
                first = self.source.keys[(*path, key)]
                self.findings.append(
                    rule_finding("SPEC002", _span(self.file, key_node), key=key, line=first.line)
                )
                continue
            explicit.add(key)
            self.source.keys[(*path, key)] = _span(self.file, key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        for key_node, value_node in merged:  # explicit keys win, then earlier merges
            key = self.key_of(key_node)
            if key not in result:
                self.source.keys[(*path, key)] = _span(self.file, key_node)
                result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def merge_pairs(self, node: yaml.Node, depth: int) -> list[tuple[yaml.Node, yaml.Node]]:
        """The key/value pairs `<<: node` brings in, merges inside merged mappings included."""
        if depth > MAX_DEPTH:
            raise self.fail(node, "merge-too-deep", limit=MAX_DEPTH)
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise self.fail(source, "merge-not-mapping")
            self.tick(source, len(source.value))
            nested: list[tuple[yaml.Node, yaml.Node]] = []
            for key_node, value_node in source.value:
                if self.is_merge(key_node):
                    nested.extend(self.merge_pairs(value_node, depth + 1))
                else:
                    pairs.append((key_node, value_node))
            pairs.extend(nested)  # the merged mapping's own keys win over its merges
        return pairs


def _indent_tab(text: str, line: int) -> int | None:
    """The 1-based column of a tab in the indentation of 0-based `line`, if there is one."""
    lines = YAML_BREAKS.split(text)
    if line >= len(lines):
        return None
    row = lines[line]
    indent = row[: len(row) - len(row.lstrip(" \t"))]
    return indent.index("\t") + 1 if "\t" in indent else None


def _syntax_finding(file: str, text: str, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    tab = _indent_tab(text, line - 1) if mark else None
    if tab is not None:  # PyYAML says "found character that cannot start any token"
        return parse_finding(file, line, tab, "tab")
    problem = exc.problem or exc.context or "malformed YAML"
    context = exc.context if exc.problem else None
    if context and exc.context_mark is not None:
        cm = exc.context_mark
        context += f" that starts at line {cm.line + 1}, column {cm.column + 1}"
    return parse_finding(
        file, line, col, "", problem=problem + (f" ({context})" if context else "")
    )


def read_yaml(file: str, text: str) -> Document:
    check_flow_depth(file, text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise ParseFailure(_syntax_finding(file, text, exc)) from None
    except yaml.YAMLError as exc:
        raise ParseFailure(parse_finding(file, 1, 1, "", problem=str(exc))) from None
    except RecursionError:
        raise ParseFailure(parse_finding(file, 1, 1, "too-deep", limit=MAX_DEPTH)) from None
    if node is None:
        raise ParseFailure(parse_finding(file, 1, 1, "no-document"))
    builder = _Builder(file)
    if "&" in text:  # no anchor, no alias: the node graph is a tree (the node count bounds it)
        builder.check_expansion(node)
    data = builder.build(node, ())
    return Document(file, data, builder.source, builder.findings)
