"""JSON -> plain data + source map (RFC 8259), with positions and duplicate-key findings.

The standard library's parser keeps no positions, so this is a small recursive-descent parser
over the same grammar. Nesting is bounded (MAX_DEPTH) as it parses, so recursion stays shallow.
"""

from __future__ import annotations

import re
from typing import Any

from generator.diagnostics import Finding, Span
from generator.loader.source import (
    JSON_BREAKS,
    MAX_DEPTH,
    MAX_NODES,
    Document,
    ParseFailure,
    Path,
    SourceMap,
    number_too_long,
    parse_finding,
    rule_finding,
)

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_STRING_CHUNK = re.compile(r'[^"\\\x00-\x1f]*')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class _Parser:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.pos = 0
        self.source = SourceMap(file)
        self.findings: list[Finding] = []
        self.count = 0
        # line starts, for offset -> (line, col)
        self.line_starts = [0] + [m.end() for m in JSON_BREAKS.finditer(text)]

    def span(self, offset: int) -> Span:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return Span(self.file, lo + 1, offset - self.line_starts[lo] + 1)

    def fail(self, problem: str, offset: int | None = None) -> ParseFailure:
        """A syntax error; `problem` is the JSON grammar's own words, as a parser reports."""
        span = self.span(self.pos if offset is None else offset)
        return ParseFailure(parse_finding(self.file, span.line, span.col, "json", problem=problem))

    def limit(self, variant: str, limit: int) -> ParseFailure:
        span = self.span(self.pos)
        return ParseFailure(parse_finding(self.file, span.line, span.col, variant, limit=limit))

    def skip_ws(self) -> None:
        m = _WS.match(self.text, self.pos)
        assert m is not None
        self.pos = m.end()

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def document(self) -> Any:
        self.skip_ws()
        value = self.value(())
        self.skip_ws()
        if self.pos != len(self.text):
            raise self.fail("unexpected text after the top-level value")
        return value

    def value(self, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.limit("too-many-values", MAX_NODES)
        if len(path) > MAX_DEPTH:  # the path grows by one per nesting level
            raise self.limit("too-deep", MAX_DEPTH)
        self.source.values.setdefault(path, self.span(self.pos))
        ch = self.peek()
        if ch == "{":
            return self.obj(path)
        if ch == "[":
            return self.array(path)
        if ch == '"':
            return self.string()
        for literal, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(literal, self.pos):
                self.pos += len(literal)
                return result
        m = _NUMBER.match(self.text, self.pos)
        if m and m.end() > self.pos:
            span = self.span(self.pos)
            too_long = number_too_long(self.file, span.line, span.col, m.group())
            if too_long:
                raise too_long
            self.pos = m.end()
            return float(m.group()) if (m.group(1) or m.group(2)) else int(m.group())
        if not ch:
            raise self.fail("unexpected end of file")
        raise self.fail(f"unexpected character {ch!r}")

    def string(self) -> str:
        start = self.pos
        self.pos += 1
        parts: list[str] = []
        while True:
            m = _STRING_CHUNK.match(self.text, self.pos)
            assert m is not None
            parts.append(m.group())
            self.pos = m.end()
            ch = self.peek()
            if ch == '"':
                self.pos += 1
                return "".join(parts)
            if ch == "\\":
                esc = self.text[self.pos + 1 : self.pos + 2]
                if esc in _ESCAPES:
                    parts.append(_ESCAPES[esc])
                    self.pos += 2
                elif esc == "u":
                    parts.append(self.unicode_escape())
                else:
                    raise self.fail(f"invalid escape '\\{esc}'")
            elif not ch:
                raise self.fail("unterminated string", start)
            else:
                raise self.fail("control character in string")

    def unicode_escape(self) -> str:
        def hex4(at: int) -> int:
            digits = self.text[at : at + 4]
            if not re.fullmatch(r"[0-9a-fA-F]{4}", digits):
                raise self.fail("invalid \\u escape", at - 2)
            return int(digits, 16)

        code = hex4(self.pos + 2)
        self.pos += 6
        if 0xD800 <= code < 0xDC00 and self.text.startswith("\\u", self.pos):
            low = hex4(self.pos + 2)
            if 0xDC00 <= low < 0xE000:
                self.pos += 6
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
        if 0xD800 <= code < 0xE000:
            raise self.fail("unpaired surrogate in \\u escape", self.pos - 6)
        return chr(code)

    def obj(self, path: Path) -> dict[str, Any]:
        self.pos += 1
        result: dict[str, Any] = {}
        self.skip_ws()
        if self.peek() == "}":
            self.pos += 1
            return result
        while True:
            self.skip_ws()
            if self.peek() != '"':
                raise self.fail("expected a string key")
            key_span = self.span(self.pos)
            key = self.string()
            self.skip_ws()
            if self.peek() != ":":
                raise self.fail("expected ':' after the key")
            self.pos += 1
            self.skip_ws()
            if key in result:
                first = self.source.keys[(*path, key)]
                self.findings.append(rule_finding("SPEC002", key_span, key=key, line=first.line))
                self.value((*path, f"\x00dup{self.pos}"))  # parse and drop
            else:
                self.source.keys[(*path, key)] = key_span
                result[key] = self.value((*path, key))
            self.skip_ws()
            ch = self.peek()
            if ch == ",":
                self.pos += 1
                continue
            if ch == "}":
                self.pos += 1
                return result
            raise self.fail("expected ',' or '}'")

    def array(self, path: Path) -> list[Any]:
        self.pos += 1
        items: list[Any] = []
        self.skip_ws()
        if self.peek() == "]":
            self.pos += 1
            return items
        while True:
            self.skip_ws()
            items.append(self.value((*path, len(items))))
            self.skip_ws()
            ch = self.peek()
            if ch == ",":
                self.pos += 1
                continue
            if ch == "]":
                self.pos += 1
                return items
            raise self.fail("expected ',' or ']'")


def read_json(file: str, text: str) -> Document:
    parser = _Parser(file, text)
    data = parser.document()
    return Document(file, data, parser.source, parser.findings)
