"""Parsed documents that remember where every key and value came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Finding, Span

PathElem = str | int
Path = tuple[PathElem, ...]

# Bounds that keep hostile files cheap: specs are small, hand-written documents.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
# Longest number literal accepted: far beyond any real value, well below the point where
# Python refuses int <-> str conversion (sys.get_int_max_str_digits(), 4300 digits).
MAX_NUMBER_CHARS = 400


_MISSING = object()


def child(node: Any, elem: PathElem) -> Any:
    """`node[elem]` for a mapping key or an in-range list index; a sentinel otherwise."""
    if isinstance(node, dict):
        return node.get(elem, _MISSING) if isinstance(elem, str) else _MISSING
    if isinstance(node, list) and isinstance(elem, int) and 0 <= elem < len(node):
        return node[elem]
    return _MISSING


def is_missing(value: Any) -> bool:
    return value is _MISSING


class ParseFailure(Exception):
    """A file that cannot be turned into data; carries its one finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class SourceMap:
    """Positions of values and keys, keyed by the path from the document root."""

    file: str
    values: dict[Path, Span] = field(default_factory=dict)
    keys: dict[Path, Span] = field(default_factory=dict)

    def value(self, path: Path) -> Span:
        """The span of the value at `path`, or of the nearest ancestor that has one."""
        p = tuple(path)
        while p:
            span = self.values.get(p)
            if span is not None:
                return span
            p = p[:-1]
        return self.values.get((), Span(self.file, 1, 1))

    def key(self, path: Path) -> Span:
        """The span of the key naming `path` (falls back to the value's span)."""
        return self.keys.get(tuple(path)) or self.value(path)


@dataclass
class Document:
    file: str
    data: Any
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)


def rule_finding(rule_id: str, span: Span, variant: str = "", /, **fields: object) -> Finding:
    """A finding of catalog rule `rule_id`: the loader's way to Rule.finding.

    Imported late: the catalog's rules read loaded specs, so the loader cannot import them first.
    """
    from generator.rules.catalog import finding

    return finding(rule_id, span, variant, **fields)


def parse_finding(
    file: str, line: int, col: int, variant: str = "", /, **fields: object
) -> Finding:
    """A SPEC001 finding (a file that cannot be read as data) of the given case."""
    return rule_finding("SPEC001", Span(file, line, col), variant, **fields)


def oversize_failure(file: str, size: int) -> ParseFailure:
    """The finding for a file larger than MAX_FILE_BYTES (`size` may be a lower bound)."""
    return ParseFailure(parse_finding(file, 1, 1, "too-large", size=size, limit=MAX_FILE_BYTES))


def number_too_long(file: str, line: int, col: int, text: str) -> ParseFailure | None:
    """The failure for a number literal too long to be a real value, else None."""
    if len(text) <= MAX_NUMBER_CHARS:
        return None
    return ParseFailure(
        parse_finding(file, line, col, "long-number", length=len(text), limit=MAX_NUMBER_CHARS)
    )


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(file: str, raw: bytes) -> str:
    """Bytes -> text, refusing what no spec can be (binary, non-UTF-8, oversized)."""
    if len(raw) > MAX_FILE_BYTES:
        raise oversize_failure(file, len(raw))
    if raw.startswith(_UTF16_BOMS):
        raise ParseFailure(parse_finding(file, 1, 1, "utf16"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line, col = _position_of(raw, raw.index(b"\x00"))
        raise ParseFailure(parse_finding(file, line, col, "binary"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of(raw, exc.start)
        raise ParseFailure(
            parse_finding(file, line, col, "not-utf8", byte=raw[exc.start])
        ) from None
    if not text.strip():
        raise ParseFailure(parse_finding(file, 1, 1, "empty"))
    return text


def _position_of(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`."""
    before = raw[:offset].decode("utf-8", errors="replace")
    return line_col(before, len(before), JSON_BREAKS)


# Line breaks as positions count them: YAML (PyYAML/libyaml marks) and JSON/editors.
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
JSON_BREAKS = re.compile("\r\n|[\r\n]")


def line_col(text: str, offset: int, breaks: re.Pattern[str] = YAML_BREAKS) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`, counting lines as `breaks` does."""
    line, start = 1, 0
    for match in breaks.finditer(text, 0, offset):
        line += 1
        start = match.end()
    return line, offset - start + 1


# Brackets, skipping quoted strings and comments (where brackets are just text). A quote
# inside a plain scalar (`don't`) may hide real brackets from this scan; that only weakens
# an early refusal: the YAML builder enforces MAX_DEPTH exactly.
_BRACKETS = re.compile(
    r"""\"(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?|(?:^|(?<=[ \t]))#[^\r\n]*|[\[\]{}]""",
    re.MULTILINE | re.DOTALL,
)


def check_flow_depth(file: str, text: str) -> None:
    """Refuse pathological bracket nesting before a recursive parser sees it."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() not in "[]{}":
            continue  # a quoted string or a comment
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, col = line_col(text, match.start())
                raise ParseFailure(parse_finding(file, line, col, "too-deep", limit=MAX_DEPTH))
        else:
            depth = max(0, depth - 1)
