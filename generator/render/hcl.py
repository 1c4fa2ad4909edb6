"""HCL literals and identifiers. Every value a spec supplies reaches HCL through here.

Escaping follows the HCL native syntax spec: in a quoted template, `\\` and `"` are escaped,
control characters use `\\n`, `\\r`, `\\t` or `\\uNNNN`, and the template sequences `${` and `%{`
are written `$${` and `%%{` so that IAM policy variables such as `${aws:username}` reach AWS
unchanged. https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-expressions
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
# Anything string() must escape; most values contain none of it.
_NEEDS_ESCAPE = re.compile(r"[\\\"\x00-\x1f\x7f\u2028\u2029]|[$%]\{")
_NOT_IDENT_CHAR = re.compile(r"[^a-z0-9_]")
_SIMPLE_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SCALARS = (str, int, float, bool)


def _escape_control(match: re.Match[str]) -> str:
    ch = match.group()
    return _SIMPLE_ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def string(value: str) -> str:
    """A quoted HCL string literal whose value is exactly `value`."""
    if _NEEDS_ESCAPE.search(value) is None:
        return f'"{value}"'
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("${", "$${").replace("%{", "%%{")
    text = _CONTROL.sub(_escape_control, text)
    return f'"{text}"'


def boolean(value: bool) -> str:
    return "true" if value else "false"


def number(value: int | float) -> str:
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} has no HCL literal")
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    return str(value)


_KEYWORDS = {"for", "in", "if", "null", "true", "false", "endfor", "endif"}


@lru_cache(maxsize=4096)
def key(name: str) -> str:
    """An object key: bare when it is a plain identifier, quoted otherwise (and for keywords,
    which would start a `for` expression or read as literals)."""
    return name if _IDENT.fullmatch(name) and name not in _KEYWORDS else string(name)


@lru_cache(maxsize=4096)
def identifier(name: str) -> str:
    """A Terraform block label / resource name from a spec key (snake_case)."""
    ident = _NOT_IDENT_CHAR.sub("_", name.lower())
    if not ident or not ident[0].isalpha():
        ident = "x_" + ident
    return ident


class Expr(str):
    """An HCL expression to write as it is inside a value() (a reference, not a literal)."""


def value(obj: Any, indent: int = 0) -> str:
    """Any JSON-like value as an HCL expression, multi-line for non-empty collections.

    Objects keep their key order; the caller sorts where order carries no meaning.
    """
    # Exact types first (the common case), then the general checks in the documented order.
    kind = type(obj)
    if kind is str:
        return string(obj)
    if kind is Expr:
        return str(obj)
    if obj is None:
        return "null"
    if kind is bool or isinstance(obj, bool):
        return "true" if obj else "false"
    if isinstance(obj, int | float):
        return number(obj)
    if isinstance(obj, str):
        return string(obj)
    pad = "  " * indent
    inner = "  " * (indent + 1)
    if kind is dict or isinstance(obj, Mapping):
        if not obj:
            return "{}"
        lines = [f"{inner}{key(str(k))} = {value(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + "\n".join(lines) + f"\n{pad}}}"
    if kind is list or kind is tuple or isinstance(obj, Sequence):
        if not obj:
            return "[]"
        if all(v is None or isinstance(v, _SCALARS) for v in obj):
            one_line = "[" + ", ".join([value(v) for v in obj]) + "]"
            if len(one_line) + len(pad) <= 100:
                return one_line
        lines = [f"{inner}{value(v, indent + 1)}," for v in obj]
        return "[\n" + "\n".join(lines) + f"\n{pad}]"
    raise TypeError(f"no HCL literal for {type(obj).__name__}")


def string_list(values: Sequence[str], indent: int = 1) -> str:
    """A list of strings for an attribute at nesting level `indent` (1 = resource body)."""
    return value(list(values), indent)


def jsonencode(document: Any, indent: int = 0) -> str:
    """`jsonencode(<document as an HCL object>)`: readable in the module, exact in AWS."""
    # Round-trip through JSON so only JSON types remain (and key order is the user's).
    plain = json.loads(json.dumps(document))
    return f"jsonencode({value(plain, indent)})"


class Interp(str):
    """An expression to interpolate, unescaped, inside a template()."""


def template(*parts: str) -> str:
    """A quoted string mixing literal text (escaped) and `${...}` interpolations (Interp)."""
    out = []
    for part in parts:
        if isinstance(part, Interp):
            out.append("${" + part + "}")
        else:
            out.append(string(part)[1:-1])
    return '"' + "".join(out) + '"'


def comment(text: str) -> str:
    """Text safe inside a `#` comment: one line, no control characters."""
    return _CONTROL.sub(" ", text).strip()
