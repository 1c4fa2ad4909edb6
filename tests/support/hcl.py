"""The one place the test suite parses HCL: a thin layer over python-hcl2 (pinned 8.1.4).

Two views of a ``.tf`` file:

* Dict view -- :func:`parse_tf`, :func:`parse_module`, :func:`parse_tf_with_meta`: python-hcl2's
  own output (comments dropped). Normalize its values with :func:`unquote`,
  :func:`literal_string`, :func:`literal_number`, :func:`literal_bool`, :func:`is_expression`.
* Block view -- :func:`parse_tf_blocks`, :func:`parse_text_blocks`,
  :func:`parse_module_blocks`: a small :class:`Block` /
  :class:`Attribute` model built from python-hcl2's rule tree, with the 1-based line of every
  block and attribute and each attribute's expression rule, which :func:`traversals` (references)
  and :func:`shape_of` (literal kinds) analyse.

python-hcl2 8.1.4 quirks (each checked against this version; see test_schema_conformance.py):

1. String values keep their quotes: ``a = "x"`` -> ``'"x"'``. So do block labels
   (``'"aws_vpc"'``) and quoted object keys; bare object keys do not.
2. Other expressions come back as ``'${...}'``: ``var.x`` -> ``'${var.x}'``. But a quoted
   template stays quoted: ``"${var.x}"`` -> ``'"${var.x}"'``.
3. A bare identifier has no ``${}``: ``ignore_changes = [tags]`` -> ``['tags']``. In the dict view
   only a quoted value is a string literal.
4. Quoted strings are returned as source text (escapes unprocessed). With
   ``strip_string_quotes=True`` backslash escapes are processed, but ``$${`` and ``%%{`` stay
   escaped, and ``"${var.x}"`` becomes indistinguishable from ``var.x``.
5. Heredocs come back as ``'"<<-EOT\\n    body\\n  EOT"'`` (markers kept; a ``<<-`` body is not
   dedented, because the marker line counts as zero indentation). Interpolations inside a heredoc
   are not parsed at all (the heredoc is one token); :func:`traversals` re-parses them.
6. ``1e3`` -> ``'${1e3}'``; ``-3`` -> ``-3``.
7. ``SerializationOptions(with_meta=True)`` is accepted and ignored: no ``__start_line__``. Line
   numbers exist only on the rule tree (``rule._meta.line``/``end_line``; tokens have none).
8. Duplicates in one body: a repeated attribute silently keeps the last value; a block followed by
   an attribute of the same name silently drops the block; the reverse order raises RuntimeError.
9. By default ``__comments__``/``__inline_comments__`` keys appear; every block dict carries
   ``'__is_block__': True`` (that marker is what tells ``x {}`` from ``x = {}``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import hcl2
from hcl2.rules.abstract import LarkElement, LarkRule, LarkToken
from hcl2.rules.base import AttributeRule, BlockRule, BodyRule
from hcl2.rules.containers import ObjectElemKeyRule, ObjectRule, TupleRule
from hcl2.rules.directives import TemplateForRule
from hcl2.rules.expressions import BinaryOpRule, ConditionalRule, ExprTermRule, UnaryOpRule
from hcl2.rules.for_expressions import ForObjectExprRule, ForTupleExprRule
from hcl2.rules.functions import FunctionCallRule
from hcl2.rules.indexing import (
    AttrSplatExprTermRule,
    FullSplatExprTermRule,
    GetAttrExprTermRule,
    GetAttrRule,
    IndexExprTermRule,
    ShortIndexRule,
    SqbIndexRule,
)
from hcl2.rules.literal_rules import FloatLitRule, IdentifierRule, IntLitRule, LiteralValueRule
from hcl2.rules.strings import HeredocTemplateRule, InterpolationRule, StringRule
from hcl2.utils import SerializationOptions, process_escape_sequences

__all__ = [
    "Attribute",
    "Block",
    "Shape",
    "Step",
    "Traversal",
    "is_expression",
    "literal_bool",
    "literal_number",
    "literal_string",
    "parse_module",
    "parse_module_blocks",
    "parse_text_blocks",
    "parse_tf",
    "parse_tf_blocks",
    "parse_tf_with_meta",
    "shape_of",
    "traversals",
    "unquote",
]

_OPTIONS = SerializationOptions(with_comments=False)


# --------------------------------------------------------------------------- dict view


def parse_tf(path: Path) -> dict[str, Any]:
    """python-hcl2's dict for one file, without comment keys (quirks in the module docstring)."""
    return dict(hcl2.loads(Path(path).read_text(encoding="utf-8"), serialization_options=_OPTIONS))


def parse_module(module_dir: Path) -> dict[str, dict[str, Any]]:
    """``{file name: parse_tf(file)}`` for every ``*.tf`` file directly in ``module_dir``."""
    return {p.name: parse_tf(p) for p in sorted(Path(module_dir).glob("*.tf"))}


def parse_tf_with_meta(path: Path) -> dict[str, Any]:
    """Like :func:`parse_tf`, plus line metadata python-hcl2 8.1.4 does not provide.

    Every block dict (the one holding ``__is_block__``) also gets ``__start_line__`` and
    ``__end_line__``, and ``__attr_lines__``: ``{attribute name: line}``.
    """
    tree = hcl2.parses(Path(path).read_text(encoding="utf-8"))
    return _body_dict(tree.body)


def _body_dict(body: BodyRule) -> dict[str, Any]:
    result: dict[str, Any] = defaultdict(list)
    lines: dict[str, int] = {}
    for child in body.children:
        if isinstance(child, BlockRule):
            inner = _body_dict(child.body)
            inner.update(
                {"__is_block__": True, "__start_line__": _line(child), "__end_line__": _end(child)}
            )
            for label in reversed(child.labels[1:]):
                inner = {label.serialize(_OPTIONS): inner}
            result[child.labels[0].serialize(_OPTIONS)].append(inner)
        elif isinstance(child, AttributeRule):
            name = str(child.identifier.serialize(_OPTIONS))
            result[name] = child.expression.serialize(_OPTIONS)
            lines[name] = _line(child)
    if lines:
        result["__attr_lines__"] = lines
    return dict(result)


def unquote(value: str) -> str:
    """Strip one pair of surrounding double quotes (block labels, quoted object keys)."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


_INTERP = re.compile(r"(?<![$%])[$%]\{")
_HEREDOC = re.compile(r"<<(-?)([A-Za-z][A-Za-z0-9._-]*)\n(.*)\n[ \t]*\2\Z", re.S)


def literal_string(value: Any) -> str | None:
    """The string a dict-view value denotes, or None if it is not a static string literal.

    ``'"abc"'`` -> ``'abc'`` (escapes resolved); heredocs are unwrapped (and dedented for
    ``<<-``); templates with ``${...}``/``%{...}``, expressions (``'${var.x}'``), bare
    identifiers (``'tags'``), numbers and bools give None.
    """
    if not isinstance(value, str) or len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return None
    inner = value[1:-1]
    heredoc = _HEREDOC.match(inner) if inner.startswith("<<") and "\n" in inner else None
    if heredoc is not None:
        lines = heredoc.group(3).split("\n")
        if heredoc.group(1):
            indents = [len(ln) - len(ln.lstrip(" ")) for ln in lines if ln.strip()]
            cut = min(indents, default=0)
            lines = [ln[cut:] for ln in lines]
        inner = "\n".join(lines)
    elif "\n" not in inner:
        inner = process_escape_sequences(inner)
    if _INTERP.search(inner):
        return None
    return inner.replace("$${", "${").replace("%%{", "%{")


def literal_number(value: Any) -> int | float | None:
    """A dict-view number (also scientific notation, which python-hcl2 wraps as ``'${1e3}'``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and re.fullmatch(r"\$\{-?\d+(\.\d+)?[eE][-+]?\d+\}", value):
        return float(value[2:-1])
    return None


def literal_bool(value: Any) -> bool | None:
    """A dict-view bool (python-hcl2 returns real bools for ``true``/``false``)."""
    return value if isinstance(value, bool) else None


def is_expression(value: Any) -> bool:
    """True for dict-view values that are not literals: ``'${...}'`` and bare identifiers.

    Quoted templates (``'"a-${var.x}"'``) are strings, hence not expressions here.
    """
    return isinstance(value, str) and not (len(value) >= 2 and value[0] == value[-1] == '"')


# --------------------------------------------------------------------------- block view


@dataclass
class Attribute:
    """``name = expr`` with the lines it spans; ``expr`` is python-hcl2's expression rule."""

    name: str
    line: int
    end_line: int
    expr: Any

    @property
    def value(self) -> Any:
        """The same value the dict view gives for this attribute."""
        return self.expr.serialize(_OPTIONS)


@dataclass
class Block:
    """A block with unquoted labels. The file itself is a Block with ``type == ""``.

    ``attributes`` keeps the first definition of each name; later ones go to ``duplicates``
    (python-hcl2's dict view silently keeps the last one instead).
    """

    type: str
    labels: tuple[str, ...]
    line: int
    end_line: int
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    duplicates: list[Attribute] = field(default_factory=list)

    def blocks_of(self, block_type: str) -> list[Block]:
        """Direct child blocks of one type."""
        return [b for b in self.blocks if b.type == block_type]


def parse_tf_blocks(path: Path) -> Block:
    """Parse one file into the block view (raises python-hcl2/lark errors on bad syntax)."""
    return parse_text_blocks(Path(path).read_text(encoding="utf-8"))


def parse_text_blocks(text: str) -> Block:
    """Parse HCL text into the block view."""
    tree = hcl2.parses(text)
    return _block("", (), tree.body, 1, text.count("\n") + 1)


def parse_module_blocks(module_dir: Path) -> dict[str, Block]:
    """``{file name: parse_tf_blocks(file)}`` for every ``*.tf`` file directly in ``module_dir``."""
    return {p.name: parse_tf_blocks(p) for p in sorted(Path(module_dir).glob("*.tf"))}


def _block(type_: str, labels: tuple[str, ...], body: BodyRule, line: int, end: int) -> Block:
    block = Block(type_, labels, line, end)
    for child in body.children:
        if isinstance(child, AttributeRule):
            name = str(child.identifier.serialize(_OPTIONS))
            attr = Attribute(name, _line(child), _end(child), child.expression)
            if name in block.attributes:
                block.duplicates.append(attr)
            else:
                block.attributes[name] = attr
        elif isinstance(child, BlockRule):
            names = [unquote(str(label.serialize(_OPTIONS))) for label in child.labels]
            block.blocks.append(_block(names[0], tuple(names[1:]), child.body, *_span(child)))
    return block


def _line(node: LarkElement, default: int = 0) -> int:
    line = getattr(getattr(node, "_meta", None), "line", None)
    return line if isinstance(line, int) else default


def _end(node: LarkElement) -> int:
    end = getattr(getattr(node, "_meta", None), "end_line", None)
    return end if isinstance(end, int) else _line(node)


def _span(node: LarkElement) -> tuple[int, int]:
    return _line(node), _end(node)


# --------------------------------------------------------------------------- references


@dataclass(frozen=True)
class Step:
    """One step of a traversal: ``.name``, ``[key]`` (key None when not a literal) or ``[*]``."""

    kind: Literal["attr", "index", "splat"]
    name: str | None = None
    key: str | int | None = None

    def __str__(self) -> str:
        if self.kind == "attr":
            return f".{self.name}"
        if self.kind == "splat":
            return "[*]"
        if self.key is None:
            return "[...]"
        return f'["{self.key}"]' if isinstance(self.key, str) else f"[{self.key}]"


@dataclass(frozen=True)
class Traversal:
    """A reference such as ``aws_vpc_endpoint.x.dns_entry[0].dns_name`` found in an expression."""

    root: str
    steps: tuple[Step, ...]
    line: int

    @property
    def text(self) -> str:
        return self.root + "".join(str(s) for s in self.steps)


_CHAIN = (GetAttrExprTermRule, IndexExprTermRule, AttrSplatExprTermRule, FullSplatExprTermRule)


def traversals(expr: Any, bound: frozenset[str] = frozenset(), line: int = 0) -> list[Traversal]:
    """Every variable reference in ``expr``, outermost first.

    Names bound by ``for`` expressions and ``%{ for }`` directives (and any in ``bound``, e.g. a
    dynamic block's iterator) are skipped, as are function names and bare object keys.
    Interpolations and ``%{for/if}`` directives inside heredocs are re-parsed (line numbers kept).
    ``line`` is the fallback when a node carries no position.
    """
    out: list[Traversal] = []
    _walk(expr, bound, out, line)
    return out


def _walk(node: Any, bound: frozenset[str], out: list[Traversal], line: int) -> None:
    if node is None or isinstance(node, LarkToken):
        return
    line = _line(node, line)
    if isinstance(node, (*_CHAIN, IdentifierRule)) or (
        isinstance(node, ExprTermRule) and not node.parentheses
    ):
        base, steps, index_exprs = _flatten(node)
        for index_expr in index_exprs:
            _walk(index_expr, bound, out, line)
        if isinstance(base, IdentifierRule):
            name = _ident(base)
            if name not in bound:
                out.append(Traversal(name, tuple(steps), _line(base, line)))
        else:
            _walk(base, bound, out, line)
        return
    if isinstance(node, FunctionCallRule):
        if node.arguments is not None:
            for argument in node.arguments.arguments:
                _walk(argument, bound, out, line)
        return
    if isinstance(node, ObjectElemKeyRule):
        if not isinstance(node.value, IdentifierRule):
            _walk(node.value, bound, out, line)
        return
    if isinstance(node, ForTupleExprRule | ForObjectExprRule):
        intro = node.for_intro
        _walk(intro.iterable, bound, out, line)
        names = {_ident(i) for i in (intro.first_iterator, intro.second_iterator) if i is not None}
        for child in node.children:
            if child is not intro:
                _walk(child, bound | names, out, line)
        return
    if isinstance(node, TemplateForRule):
        start = node.children[0]
        _walk(start.collection, bound, out, line)
        names = {_ident(i) for i in (start.iterator, start.key_iterator) if i is not None}
        for child in node.children[1:]:
            _walk(child, bound | names, out, line)
        return
    if isinstance(node, HeredocTemplateRule):
        _walk_heredoc(str(node.heredoc.value), bound, out, line)
        return
    _walk_children(node, bound, out, line)


def _walk_children(node: Any, bound: frozenset[str], out: list[Traversal], line: int) -> None:
    if isinstance(node, ExprTermRule):
        _walk(node.expression, bound, out, line)
    elif isinstance(node, LarkRule):
        for child in node.children:
            _walk(child, bound, out, line)


def _flatten(node: Any) -> tuple[Any, list[Step], list[Any]]:
    """Split ``a.b[0][*].c`` into base ``a``, its steps, and non-literal index expressions."""
    steps: list[Step] = []
    index_exprs: list[Any] = []
    cur = node
    while True:
        if isinstance(cur, ExprTermRule) and not cur.parentheses:
            cur = cur.expression
        elif isinstance(cur, GetAttrExprTermRule):
            steps.insert(0, Step("attr", name=_ident(cur.get_attr.identifier)))
            cur = cur.expr_term
        elif isinstance(cur, IndexExprTermRule):
            steps.insert(0, _index_step(cur.children[1], index_exprs))
            cur = cur.children[0]
        elif isinstance(cur, AttrSplatExprTermRule | FullSplatExprTermRule):
            accessors = [Step("splat")]
            for acc in cur.children[1].children[1:]:
                if isinstance(acc, GetAttrRule):
                    accessors.append(Step("attr", name=_ident(acc.identifier)))
                elif acc is not None:
                    accessors.append(_index_step(acc, index_exprs))
            steps[0:0] = accessors
            cur = cur.children[0]
        else:
            return cur, steps, index_exprs


def _index_step(index: Any, index_exprs: list[Any]) -> Step:
    if isinstance(index, ShortIndexRule):
        return Step("index", key=int(str(index.index.value)))
    if isinstance(index, SqbIndexRule):
        shape = shape_of(index.index_expression)
        if shape.kind == "number" and shape.value is not None and shape.value.lstrip("-").isdigit():
            return Step("index", key=int(shape.value))
        if shape.kind == "string" and shape.value is not None:
            return Step("index", key=shape.value)
        index_exprs.append(index.index_expression)
    return Step("index")


def _ident(node: Any) -> str:
    return str(node.serialize(_OPTIONS))


_DIRECTIVE_FOR = re.compile(r"~?\s*for\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\s+")


def _walk_heredoc(raw: str, bound: frozenset[str], out: list[Traversal], line: int) -> None:
    """Approximate: ``%{ for }`` iterator names are treated as bound in the whole heredoc."""
    pieces: list[tuple[int, str]] = []  # (line, expression source)
    names: set[str] = set()
    for match in _INTERP.finditer(raw):
        inner = _balanced(raw, match.end())
        if inner is None:
            continue
        at = line + raw.count("\n", 0, match.start())
        if raw[match.start()] == "$":
            pieces.append((at, inner.strip("~ \t")))
            continue
        directive = inner.strip()
        loop = _DIRECTIVE_FOR.match(directive)
        if loop:
            names.update(n for n in loop.groups() if n)
            pieces.append((at, directive[loop.end() :].rstrip("~ \t")))
        elif re.match(r"~?\s*if\s", directive):
            pieces.append((at, re.sub(r"^~?\s*if\s", "", directive).rstrip("~ \t")))
    for at, source in pieces:
        try:
            tree = hcl2.parses(f"x = {source}\n")
        except Exception:  # not an expression python-hcl2 can parse: skip it
            continue
        attribute = next(c for c in tree.body.children if isinstance(c, AttributeRule))
        for ref in traversals(attribute.expression, bound | names, 1):
            out.append(Traversal(ref.root, ref.steps, at + ref.line - 1))


def _balanced(text: str, start: int) -> str | None:
    """The text from ``start`` up to the ``}`` closing an opened ``${``/``%{``."""
    depth, i, quoted = 1, start, False
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start:i]
        i += 1
    return None


# --------------------------------------------------------------------------- literal shapes

ShapeKind = Literal["string", "number", "bool", "null", "tuple", "object", "unknown"]


@dataclass(frozen=True)
class Shape:
    """What an expression statically is.

    ``value`` is the literal text of a fully static string/number/bool (None otherwise);
    ``elements``/``items`` describe tuple/object literals (None when built by a ``for``
    expression or function); object keys are None when computed.
    """

    kind: ShapeKind
    line: int = 0
    value: str | None = None
    elements: tuple[Shape, ...] | None = None
    items: tuple[tuple[str | None, Shape], ...] | None = None

    def describe(self) -> str:
        if self.kind == "string" and self.value is not None:
            shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
            return f"string {shown!r}"
        if self.kind in ("number", "bool") and self.value is not None:
            return f"{self.kind} {self.value}"
        return {"tuple": "a list/tuple", "object": "an object/map"}.get(self.kind, self.kind)


_FUNCTION_RESULTS: tuple[tuple[ShapeKind, str], ...] = (
    (
        "string",
        "jsonencode yamlencode format join lower upper title replace trimspace trim trimprefix "
        "trimsuffix substr templatefile file filebase64 base64encode base64decode tostring "
        "cidrhost cidrnetmask cidrsubnet md5 sha1 sha256 sha512 uuid timestamp chomp indent "
        "urlencode abspath basename dirname pathexpand formatdate strrev",
    ),
    ("number", "length tonumber max min abs ceil floor parseint pow sum log signum"),
    ("bool", "tobool contains can startswith endswith strcontains alltrue anytrue issensitive"),
    (
        "tuple",
        "tolist toset concat distinct compact flatten sort keys values formatlist split slice "
        "reverse range setunion setintersection setproduct setsubtract chunklist cidrsubnets",
    ),
    ("object", "merge tomap zipmap transpose"),
)
_FUNCTION_KINDS = {name: kind for kind, names in _FUNCTION_RESULTS for name in names.split()}
_ARITHMETIC = {"+", "-", "*", "/", "%"}


def shape_of(expr: Any) -> Shape:
    """Classify an expression rule: a literal (with its parts) or a call/operator whose result
    kind is obvious (``jsonencode`` -> string, ``merge``/``tomap`` -> object, ``a == b`` -> bool,
    ...); anything else (references, conditionals of mixed kinds, ...) is ``unknown``.
    ``"${x}"`` alone is ``unknown`` too: HCL returns the interpolated value unconverted.
    """
    line = _line(expr)
    while isinstance(expr, ExprTermRule):
        expr = expr.expression
    if isinstance(expr, StringRule):
        return _string_shape(expr, line)
    if isinstance(expr, HeredocTemplateRule):
        text = expr.serialize(
            SerializationOptions(strip_string_quotes=True, preserve_heredocs=False)
        )
        return Shape("string", line, None if _INTERP.search(text) else text)
    if isinstance(expr, IntLitRule | FloatLitRule):
        return Shape("number", line, str(expr.token.value))
    if isinstance(expr, LiteralValueRule):
        word = str(expr.token.value)
        return Shape("null", line) if word == "null" else Shape("bool", line, word)
    if isinstance(expr, UnaryOpRule):
        inner = shape_of(expr.expr_term)
        if expr.operator.strip() == "-":
            value = f"-{inner.value}" if inner.kind == "number" and inner.value else None
            return Shape("number", line, value)
        return Shape("bool", line)
    if isinstance(expr, BinaryOpRule):
        operator = str(expr.binary_term.binary_operator.serialize(_OPTIONS)).strip()
        return Shape("number" if operator in _ARITHMETIC else "bool", line)
    if isinstance(expr, TupleRule):
        return Shape("tuple", line, elements=tuple(shape_of(e) for e in expr.elements))
    if isinstance(expr, ObjectRule):
        items = tuple((_object_key(e.key), shape_of(e.expression)) for e in expr.elements)
        return Shape("object", line, items=items)
    if isinstance(expr, ForTupleExprRule):
        return Shape("tuple", line)
    if isinstance(expr, ForObjectExprRule):
        return Shape("object", line)
    if isinstance(expr, FunctionCallRule):
        names = [_ident(i) for i in expr.identifiers]
        kind = _FUNCTION_KINDS.get(names[0], "unknown") if len(names) == 1 else "unknown"
        return Shape(kind, line)
    if isinstance(expr, ConditionalRule):
        kinds = {shape_of(expr.if_true).kind, shape_of(expr.if_false).kind} - {"null"}
        only = kinds.pop() if len(kinds) == 1 else "unknown"
        return Shape(only, line)
    return Shape("unknown", line)


def _string_shape(expr: StringRule, line: int) -> Shape:
    parts = [p.content for p in expr.string_parts]
    if len(parts) == 1 and isinstance(parts[0], InterpolationRule):
        return Shape("unknown", line)
    text: list[str] = []
    for part in parts:
        if not isinstance(part, LarkToken):
            return Shape("string", line)
        raw = str(part.value)
        kind = part.lark_name()
        text.append(process_escape_sequences(raw) if kind == "STRING_CHARS" else raw[1:])
    return Shape("string", line, "".join(text))


def _object_key(key: Any) -> str | None:
    value = getattr(key, "value", None) if isinstance(key, ObjectElemKeyRule) else None
    if isinstance(value, IdentifierRule):
        return _ident(value)
    if value is not None:
        return shape_of(value).value
    return None
