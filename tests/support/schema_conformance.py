"""Check a generated Terraform module against the hashicorp/aws provider schema, offline.

``check_module(dir)`` parses every ``*.tf`` file in ``dir`` (through :mod:`tests.hcl`) and
reports :class:`SchemaIssue` s for ``resource``/``data`` blocks whose type starts with ``aws_``:

* the type exists in the schema (and is a resource, resp. a data source);
* every argument exists and is settable (not computed-only), and is not a nested block written
  as ``x = ...``; every nested block exists (``dynamic "x"`` counts as block ``x``) and is not an
  argument written as ``x {}`` (except list/set-of-object arguments, which Terraform accepts in
  block syntax); block labels fit the nesting mode; ``min_items``/``max_items`` hold (dynamic
  blocks count as unknown); required arguments are set; arguments are not set twice;
* literal values fit the schema type (string/number/bool/list/set/map/object). With
  ``strict_literals`` (the default) literals Terraform would convert (``443`` for a string,
  ``"443"`` for a number) are reported too; without it only inconvertible ones;
* meta-arguments (count, for_each, depends_on, provider, lifecycle with create_before_destroy,
  prevent_destroy, ignore_changes, replace_triggered_by, precondition, postcondition) are
  accepted and checked for shape; ``ignore_changes`` entries must name a schema attribute;
* references anywhere in the module (``aws_x.y.attr``, ``data.aws_x.y.attr``, inside templates,
  heredocs, ``for`` expressions, splats, indexes) must name a declared block, use instance keys
  exactly when it has count/for_each, and name attributes that exist -- through nested objects,
  lists (``[0]``, ``[*]``), maps and blocks; sets cannot be indexed. ``self`` in a postcondition
  is checked against the block's own schema. ``var.x``, ``local.x`` and ``module.x`` must be
  declared.

Cheaper structural checks: top-level block types, label counts, duplicate declarations,
``variable``/``output``/``locals`` contents, and ``provider "aws"`` arguments.

Not checked: provider-side rules outside the schema (ConflictsWith, ExactlyOneOf, value
validators), values of expressions (``var.x`` is never type-checked), module calls,
``*.tf.json`` files, and attribute access on ``each.value``/``for`` iterators.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support import hcl

__all__ = [
    "SCHEMA_PATH",
    "ProviderSchema",
    "SchemaIssue",
    "check_module",
    "format_issues",
    "load_schema",
    "mutate_remove_argument",
    "mutate_rename_argument",
]

SCHEMA_PATH = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "provider-schema"
    / "aws-provider-schema.json"
)
PROVIDER_KEY = "registry.terraform.io/hashicorp/aws"

Schema = dict[str, Any]  # a schema "block": {"attributes": {...}, "block_types": {...}}


@dataclass(frozen=True)
class SchemaIssue:
    file: str  # module-relative file name
    line: int  # 1-based line of the offending attribute, block or reference
    address: str  # e.g. aws_vpc_endpoint.s3, data.aws_subnet.a, output.x, var.x
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.address}: {self.message}"


def format_issues(issues: list[SchemaIssue]) -> str:
    """One issue per line, for assertion messages."""
    return "\n".join(str(i) for i in issues)


@dataclass(frozen=True, eq=False)
class ProviderSchema:
    """The provider's resource, data source and provider-configuration block schemas."""

    resources: Mapping[str, Schema]
    data_sources: Mapping[str, Schema]
    provider: Schema

    def block(self, kind: str, type_: str) -> Schema | None:
        """``kind`` is ``"resource"`` or ``"data"``."""
        table = self.resources if kind == "resource" else self.data_sources
        return table.get(type_)


def load_schema(path: Path | None = None) -> ProviderSchema:
    """Load (once per path) a ``terraform providers schema -json`` file's aws provider."""
    return _load_schema(Path(path or SCHEMA_PATH).resolve())


@functools.lru_cache(maxsize=4)
def _load_schema(path: Path) -> ProviderSchema:
    raw = json.loads(path.read_text(encoding="utf-8"))["provider_schemas"][PROVIDER_KEY]
    return ProviderSchema(
        resources={k: v["block"] for k, v in raw.get("resource_schemas", {}).items()},
        data_sources={k: v["block"] for k, v in raw.get("data_source_schemas", {}).items()},
        provider=raw.get("provider", {}).get("block", {}),
    )


# --------------------------------------------------------------------------- built-in schemas


def _attr(type_: Any = "dynamic", *, required: bool = False) -> dict[str, Any]:
    return {"type": type_, "required": True} if required else {"type": type_, "optional": True}


_CONDITION_BLOCK = {
    "nesting_mode": "list",
    "block": {
        "attributes": {
            "condition": _attr("bool", required=True),
            "error_message": _attr("string", required=True),
        }
    },
}
_LIFECYCLE_RESOURCE: Schema = {
    "attributes": {
        "create_before_destroy": _attr("bool"),
        "prevent_destroy": _attr("bool"),
        "ignore_changes": _attr(),
        "replace_triggered_by": _attr(),
    },
    "block_types": {"precondition": _CONDITION_BLOCK, "postcondition": _CONDITION_BLOCK},
}
_LIFECYCLE_DATA: Schema = {
    "block_types": {"precondition": _CONDITION_BLOCK, "postcondition": _CONDITION_BLOCK}
}
_VARIABLE: Schema = {
    "attributes": {
        "type": _attr(),
        "default": _attr(),
        "description": _attr("string"),
        "sensitive": _attr("bool"),
        "nullable": _attr("bool"),
        "ephemeral": _attr("bool"),
    },
    "block_types": {"validation": _CONDITION_BLOCK},
}
_OUTPUT: Schema = {
    "attributes": {
        "value": _attr(required=True),
        "description": _attr("string"),
        "sensitive": _attr("bool"),
        "ephemeral": _attr("bool"),
        "depends_on": _attr(),
    },
    "block_types": {"precondition": _CONDITION_BLOCK},
}
_DYNAMIC: Schema = {
    "attributes": {"for_each": _attr(required=True), "iterator": _attr(), "labels": _attr()}
}
_RESOURCE_META_ARGS = frozenset({"count", "for_each", "depends_on", "provider"})
_TOP_LEVEL = {
    "terraform": None,
    "provider": 1,
    "variable": 1,
    "output": 1,
    "locals": 0,
    "module": 1,
    "resource": 2,
    "data": 2,
    "moved": 0,
    "import": 0,
    "removed": 0,
    "check": 1,
    "ephemeral": 2,
}
# terraform: settings only; moved/import/removed may name resources that no longer exist;
# check: may declare scoped data sources, which this checker does not model.
_NO_REFERENCE_CHECK = {"terraform", "moved", "import", "removed", "check"}
_NOT_REFERENCES = {"each", "count", "path", "terraform", "self", "provider", "ephemeral"}


# --------------------------------------------------------------------------- checker


@dataclass
class _Decl:
    file: str
    block: hcl.Block
    address: str
    kind: str  # "resource" | "data"
    type: str

    @property
    def has_count(self) -> bool:
        return "count" in self.block.attributes

    @property
    def has_for_each(self) -> bool:
        return "for_each" in self.block.attributes


@dataclass
class _Module:
    files: dict[str, hcl.Block] = field(default_factory=dict)
    resources: dict[tuple[str, str], _Decl] = field(default_factory=dict)
    data: dict[tuple[str, str], _Decl] = field(default_factory=dict)
    variables: set[str] = field(default_factory=set)
    locals: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)


def check_module(
    module_dir: Path, schema: ProviderSchema | None = None, *, strict_literals: bool = True
) -> list[SchemaIssue]:
    """Every schema conformance issue in the ``*.tf`` files of ``module_dir``, sorted."""
    module_dir = Path(module_dir)
    paths = sorted(module_dir.glob("*.tf"))
    if not paths:
        raise FileNotFoundError(f"no *.tf files in {module_dir}")
    checker = _Checker(schema or load_schema(), strict_literals)
    for path in paths:
        try:
            checker.module.files[path.name] = hcl.parse_tf_blocks(path)
        except Exception as exc:  # lark raises several exception types; all mean "bad syntax"
            line = getattr(exc, "line", None)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            checker.report(
                path.name, line if isinstance(line, int) else 1, "(syntax)", f"HCL: {first}"
            )
    checker.run()
    return sorted(set(checker.issues), key=lambda i: (i.file, i.line, i.address, i.message))


class _Checker:
    def __init__(self, schema: ProviderSchema, strict: bool) -> None:
        self.schema = schema
        self.strict = strict
        self.module = _Module()
        self.issues: list[SchemaIssue] = []

    def report(self, file: str, line: int, address: str, message: str) -> None:
        self.issues.append(SchemaIssue(file, line, address, message))

    def run(self) -> None:
        for file, root in self.module.files.items():
            self._declare(file, root)
        for file, root in self.module.files.items():
            for name, attr in root.attributes.items():
                self.report(file, attr.line, name, f'top-level argument "{name}" is not allowed')
            for block in root.blocks:
                self._check_top_block(file, block)
        for file, root in self.module.files.items():
            for block in root.blocks:
                self._check_references(file, block)

    # ----------------------------------------------------------------- declarations

    def _declare(self, file: str, root: hcl.Block) -> None:
        seen_outputs: dict[str, int] = {}
        for block in root.blocks:
            labels = block.labels
            if block.type not in _TOP_LEVEL:
                hint = _suggest(block.type, list(_TOP_LEVEL))
                self.report(file, block.line, block.type, f"unknown top-level block{hint}")
                continue
            want = _TOP_LEVEL[block.type]
            if want is not None and len(labels) != want:
                self.report(
                    file,
                    block.line,
                    block.type,
                    f'"{block.type}" block needs {want} label(s), has {len(labels)}',
                )
                continue
            if block.type in ("resource", "data"):
                table = self.module.resources if block.type == "resource" else self.module.data
                prefix = "data." if block.type == "data" else ""
                address = f"{prefix}{labels[0]}.{labels[1]}"
                if (labels[0], labels[1]) in table:
                    first = table[labels[0], labels[1]]
                    self.report(
                        file, block.line, address, f"duplicate {block.type} (first in {first.file})"
                    )
                    continue
                table[labels[0], labels[1]] = _Decl(file, block, address, block.type, labels[0])
            elif block.type == "variable":
                self._declare_name(file, block, self.module.variables, f"var.{labels[0]}")
            elif block.type == "module":
                self._declare_name(file, block, self.module.modules, f"module.{labels[0]}")
            elif block.type == "output":
                if labels[0] in seen_outputs:
                    self.report(file, block.line, f"output.{labels[0]}", "duplicate output")
                seen_outputs[labels[0]] = block.line
            elif block.type == "locals":
                for name, attr in block.attributes.items():
                    if name in self.module.locals:
                        self.report(file, attr.line, f"local.{name}", "duplicate local value")
                    self.module.locals.add(name)

    def _declare_name(self, file: str, block: hcl.Block, names: set[str], address: str) -> None:
        if block.labels[0] in names:
            self.report(file, block.line, address, f"duplicate {block.type}")
        names.add(block.labels[0])

    # ----------------------------------------------------------------- block bodies

    def _check_top_block(self, file: str, block: hcl.Block) -> None:
        kind, labels = block.type, block.labels
        if _TOP_LEVEL.get(kind, -1) not in (None, len(labels)):
            return  # already reported by _declare
        if kind in ("resource", "data") and labels[0].startswith("aws_"):
            address = f"data.{labels[0]}.{labels[1]}" if kind == "data" else ".".join(labels)
            schema = self.schema.block(kind, labels[0])
            if schema is None:
                self.report(file, block.line, address, self._unknown_type(kind, labels[0]))
                return
            lifecycle = _LIFECYCLE_RESOURCE if kind == "resource" else _LIFECYCLE_DATA
            meta_blocks: dict[str, Callable[[hcl.Block], None]] = {
                "lifecycle": lambda b: self._check_lifecycle(file, address, b, lifecycle, schema)
            }
            if kind == "resource":
                meta_blocks.update(provisioner=_ignore, connection=_ignore)
            self._check_body(file, address, block, schema, "", _RESOURCE_META_ARGS, meta_blocks)
            if "count" in block.attributes and "for_each" in block.attributes:
                line = block.attributes["for_each"].line
                self.report(file, line, address, '"count" and "for_each" are mutually exclusive')
        elif kind == "provider" and labels[0] == "aws":
            meta = frozenset({"alias", "version"})
            self._check_body(file, "provider.aws", block, self.schema.provider, "", meta, {})
        elif kind == "variable":
            self._check_body(file, f"var.{labels[0]}", block, _VARIABLE, "", frozenset(), {})
        elif kind == "output":
            self._check_body(file, f"output.{labels[0]}", block, _OUTPUT, "", frozenset(), {})
        elif kind == "locals":
            for nested in block.blocks:
                self.report(file, nested.line, "locals", f'unexpected block "{nested.type}"')

    def _unknown_type(self, kind: str, type_: str) -> str:
        noun = "data source" if kind == "data" else "resource type"
        other = self.schema.block("resource" if kind == "data" else "data", type_)
        if other is not None:
            real = "resource" if kind == "data" else "data source"
            return f'"{type_}" is a {real}, not a {noun}'
        known = self.schema.data_sources if kind == "data" else self.schema.resources
        hint = _suggest(type_, list(known))
        return f'{noun} "{type_}" is not in the aws provider schema{hint}'

    def _check_body(
        self,
        file: str,
        address: str,
        block: hcl.Block,
        schema: Schema,
        path: str,
        meta_args: frozenset[str],
        meta_blocks: Mapping[str, Callable[[hcl.Block], None]],
    ) -> None:
        """Check one body against a schema block; ``path`` prefixes names in messages."""
        attributes: dict[str, Any] = schema.get("attributes", {})
        block_types: dict[str, Any] = schema.get("block_types", {})
        for attr in block.attributes.values():
            name = attr.name
            if name in meta_args:
                continue
            where = f'"{path}{name}"'
            if name in attributes:
                spec = attributes[name]
                if spec.get("computed") and not (spec.get("optional") or spec.get("required")):
                    msg = f"argument {where} is computed-only (read-only) and cannot be set"
                    self.report(file, attr.line, address, msg)
                else:
                    self._check_literal(file, address, where, hcl.shape_of(attr.expr), spec)
            elif name in block_types:
                msg = f"{where} is a nested block: write `{name} {{ ... }}`, not `{name} = ...`"
                self.report(file, attr.line, address, msg)
            else:
                hint = _suggest(name, [*attributes, *meta_args])
                self.report(file, attr.line, address, f"unknown argument {where}{hint}")
        for dup in block.duplicates:
            msg = f'argument "{path}{dup.name}" is set more than once'
            self.report(file, dup.line, address, msg)

        static: dict[str, list[hcl.Block]] = {}
        dynamic: Counter[str] = Counter()
        for nested in block.blocks:
            if nested.type in meta_blocks:
                meta_blocks[nested.type](nested)
                continue
            name = nested.labels[0] if nested.type == "dynamic" and nested.labels else nested.type
            where = f'"{path}{name}"'
            target = _nested_schema(attributes, block_types, name)
            if nested.type == "dynamic":
                if len(nested.labels) != 1:
                    self.report(file, nested.line, address, 'a "dynamic" block needs one label')
                    continue
                if target is None:
                    hint = _suggest(name, list(block_types))
                    self.report(file, nested.line, address, f"unknown nested block {where}{hint}")
                    continue
                dynamic[name] += 1
                self._check_dynamic(file, address, nested, target, f"{path}{name}.")
                continue
            if target is None:
                spec = attributes.get(name, {})
                if spec.get("computed") and not (spec.get("optional") or spec.get("required")):
                    msg = f"{where} is computed-only (read-only) and cannot be set"
                    self.report(file, nested.line, address, msg)
                elif name in attributes:
                    msg = f"{where} is an argument: write `{name} = ...`, not `{name} {{ ... }}`"
                    self.report(file, nested.line, address, msg)
                else:
                    hint = _suggest(name, list(block_types))
                    self.report(file, nested.line, address, f"unknown nested block {where}{hint}")
                continue
            mode = block_types[name]["nesting_mode"] if name in block_types else "list"
            want = 1 if mode == "map" else 0
            if len(nested.labels) != want:
                msg = f"nested block {where} takes {want} label(s), has {len(nested.labels)}"
                self.report(file, nested.line, address, msg)
            static.setdefault(name, []).append(nested)
            self._check_body(file, address, nested, target, f"{path}{name}.", frozenset(), {})

        for name, spec in attributes.items():
            if spec.get("required") and name not in block.attributes:
                msg = f'missing required argument "{path}{name}"'
                self.report(file, block.line, address, msg)
        for name, spec in block_types.items():
            blocks = static.get(name, [])
            single = spec["nesting_mode"] in ("single", "group")
            most = 1 if single else spec.get("max_items")
            least = spec.get("min_items") or 0
            if most is not None and len(blocks) > most:
                msg = f'at most {most} "{path}{name}" block(s) allowed, found {len(blocks)}'
                self.report(file, blocks[most].line, address, msg)
            if not dynamic[name] and len(blocks) < least:
                msg = f'at least {least} "{path}{name}" block(s) required, found {len(blocks)}'
                self.report(file, block.line, address, msg)

    def _check_dynamic(
        self, file: str, address: str, block: hcl.Block, target: Schema, path: str
    ) -> None:
        def check_content(content: hcl.Block) -> None:
            self._check_body(file, address, content, target, path, frozenset(), {})

        contents = block.blocks_of("content")
        if len(contents) != 1:
            msg = f'dynamic "{path[:-1]}" needs exactly one "content" block, has {len(contents)}'
            self.report(file, block.line, address, msg)
        self._check_body(
            file,
            address,
            block,
            _DYNAMIC,
            f"dynamic.{path}",
            frozenset(),
            {"content": check_content},
        )

    def _check_lifecycle(
        self, file: str, address: str, block: hcl.Block, lifecycle: Schema, own: Schema
    ) -> None:
        self._check_body(file, address, block, lifecycle, "lifecycle.", frozenset(), {})
        ignore = block.attributes.get("ignore_changes")
        if ignore is None or "ignore_changes" not in lifecycle.get("attributes", {}):
            return
        known = {**own.get("attributes", {}), **own.get("block_types", {})}
        refs = hcl.traversals(ignore.expr, line=ignore.line)
        if [r.root for r in refs] == ["all"] and not refs[0].steps:
            return
        for ref in refs:
            if ref.root not in known:
                msg = f'lifecycle.ignore_changes names unknown attribute "{ref.root}"'
                self.report(file, ref.line, address, msg + _suggest(ref.root, list(known)))

    def _check_literal(
        self, file: str, address: str, where: str, shape: hcl.Shape, spec: Mapping[str, Any]
    ) -> None:
        for line, problem, hard in _type_problems(shape, _attr_type(spec)):
            if hard or self.strict:
                self.report(file, line or shape.line, address, f"argument {where}: {problem}")

    # ----------------------------------------------------------------- references

    def _check_references(self, file: str, block: hcl.Block) -> None:
        kind, labels = block.type, block.labels
        if kind in _NO_REFERENCE_CHECK or _TOP_LEVEL.get(kind, -1) not in (None, len(labels)):
            return
        own: Schema | None = None
        address = kind
        if kind in ("resource", "data"):
            address = f"data.{labels[0]}.{labels[1]}" if kind == "data" else ".".join(labels)
            own = self.schema.block(kind, labels[0])
        elif labels:
            address = {"variable": "var", "output": "output", "provider": "provider"}.get(
                kind, kind
            ) + f".{labels[0]}"
        skip = {"variable": {"type"}, "module": {"providers"}}.get(kind, set()) | {"provider"}
        self._refs_in_body(file, address, block, frozenset(), own, skip)

    def _refs_in_body(
        self,
        file: str,
        address: str,
        block: hcl.Block,
        bound: frozenset[str],
        own: Schema | None,
        skip: set[str],
        self_ok: bool = False,
    ) -> None:
        for attr in [*block.attributes.values(), *block.duplicates]:
            if attr.name in skip:
                continue
            for ref in hcl.traversals(attr.expr, bound, attr.line):
                self._check_ref(file, address, ref, own if self_ok else None)
        for nested in block.blocks:
            if nested.type == "dynamic" and nested.labels:
                iterator = nested.labels[0]
                if "iterator" in nested.attributes:
                    names = hcl.traversals(nested.attributes["iterator"].expr)
                    iterator = names[0].root if names else iterator
                for_each = nested.attributes.get("for_each")
                if for_each is not None:
                    for ref in hcl.traversals(for_each.expr, bound, for_each.line):
                        self._check_ref(file, address, ref, None)
                inner = bound | {iterator}
                self._refs_in_body(file, address, nested, inner, own, {"for_each", "iterator"})
            elif nested.type == "lifecycle":
                self._refs_in_body(file, address, nested, bound, own, {"ignore_changes"})
            elif nested.type == "postcondition":
                self._refs_in_body(file, address, nested, bound, own, set(), self_ok=True)
            else:
                self._refs_in_body(file, address, nested, bound, own, set())

    def _check_ref(
        self, file: str, address: str, ref: hcl.Traversal, self_schema: Schema | None
    ) -> None:
        steps = ref.steps
        if not steps or steps[0].kind != "attr" or steps[0].name is None:
            return
        first = steps[0].name
        tables = {
            "var": self.module.variables,
            "local": self.module.locals,
            "module": self.module.modules,
        }
        nouns = {"var": "input variable", "local": "local value", "module": "module"}
        if ref.root in tables:
            if first not in tables[ref.root]:
                msg = f"reference to undeclared {nouns[ref.root]} {ref.root}.{first}"
                self.report(file, ref.line, address, msg + _suggest(first, tables[ref.root]))
            return
        if ref.root == "self":
            if self_schema is not None:
                self._check_path(file, address, ref, "self", self_schema, steps)
            return
        if ref.root in _NOT_REFERENCES:
            return
        if ref.root == "data":
            if len(steps) < 2 or steps[1].kind != "attr" or steps[1].name is None:
                return
            key, rest = (first, steps[1].name), steps[2:]
            decl = self.module.data.get(key)
            missing = f"reference to undeclared data source data.{key[0]}.{key[1]}"
        else:
            key, rest = (ref.root, first), steps[1:]
            decl = self.module.resources.get(key)
            missing = f"reference to undeclared resource {key[0]}.{key[1]}"
        if decl is None:
            self.report(file, ref.line, address, f"{missing} (in {ref.text})")
            return
        self._check_instance_path(file, address, ref, decl, rest)

    def _check_instance_path(
        self, file: str, address: str, ref: hcl.Traversal, decl: _Decl, rest: tuple[hcl.Step, ...]
    ) -> None:
        multi = decl.has_count or decl.has_for_each
        owner = decl.address
        if rest and rest[0].kind == "index":
            if not multi:
                msg = f"{decl.address} has no count or for_each, so it cannot be indexed"
                self.report(file, ref.line, address, f"{msg} (in {ref.text})")
                return
            owner, rest = owner + str(rest[0]), rest[1:]
        elif rest and rest[0].kind == "splat":
            if decl.has_for_each:
                msg = f"{decl.address} uses for_each (a map of instances): [*] does not apply;"
                self.report(file, ref.line, address, f"{msg} use values(...) (in {ref.text})")
                return
            owner, rest = owner + "[*]", rest[1:]
        elif rest and multi:
            meta = "count" if decl.has_count else "for_each"
            msg = f'{decl.address} has "{meta}" set: select an instance before ".{rest[0].name}"'
            self.report(file, ref.line, address, f"{msg} (in {ref.text})")
            return
        schema = self.schema.block(decl.kind, decl.type) if decl.type.startswith("aws_") else None
        if schema is not None and rest:
            self._check_path(file, address, ref, owner, schema, rest)

    def _check_path(
        self,
        file: str,
        address: str,
        ref: hcl.Traversal,
        owner: str,
        schema: Schema,
        steps: tuple[hcl.Step, ...],
    ) -> None:
        problem = _path_problem(_block_as_type(schema), steps, owner)
        if problem is not None:
            self.report(file, ref.line, address, f"{problem} (in {ref.text})")


# --------------------------------------------------------------------------- type helpers


def _ignore(_: hcl.Block) -> None:
    return None


def _suggest(name: str, candidates: Any) -> str:
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _attr_type(spec: Mapping[str, Any]) -> Any:
    """The cty type of an attribute, also for protocol-6 ``nested_type`` attributes."""
    if "type" in spec:
        return spec["type"]
    nested = spec.get("nested_type")
    if not nested:
        return "dynamic"
    obj = ["object", {k: _attr_type(v) for k, v in nested.get("attributes", {}).items()}]
    mode = nested.get("nesting_mode", "single")
    return obj if mode == "single" else [mode, obj]


def _block_as_type(schema: Schema) -> Any:
    """A schema block as the cty object type that references to it see."""
    fields = {k: _attr_type(v) for k, v in schema.get("attributes", {}).items()}
    for name, spec in schema.get("block_types", {}).items():
        obj = _block_as_type(spec["block"])
        mode = spec["nesting_mode"]
        fields[name] = obj if mode in ("single", "group") else [mode, obj]
    return ["object", fields]


def _nested_schema(attributes: Mapping[str, Any], block_types: Mapping[str, Any], name: str) -> Any:
    """Schema for a nested block ``name``: a block type, or a list/set-of-object argument
    (Terraform accepts those in block syntax), else None."""
    if name in block_types:
        return block_types[name]["block"]
    spec = attributes.get(name)
    if spec is None or (spec.get("computed") and not spec.get("optional")):
        return None
    ty = _attr_type(spec)
    if isinstance(ty, list) and ty[0] in ("list", "set") and _is_object(ty[1]):
        return {"attributes": {k: _attr(v) for k, v in ty[1][1].items()}}
    return None


def _is_object(ty: Any) -> bool:
    return isinstance(ty, list) and ty[0] == "object"


def _type_name(ty: Any) -> str:
    if isinstance(ty, str):
        return ty
    if ty[0] == "object":
        return "object"
    if ty[0] == "tuple":
        return "tuple"
    return f"{ty[0]}({_type_name(ty[1])})"


_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _type_problems(shape: hcl.Shape, ty: Any) -> list[tuple[int, str, bool]]:
    """``(line, problem, hard)`` for a literal of this shape given to type ``ty``.

    ``hard`` problems are ones Terraform rejects; the others Terraform converts silently.
    """
    if shape.kind in ("unknown", "null") or ty == "dynamic":
        return []
    line = shape.line
    expected = f"expected {_type_name(ty)}, got {shape.describe()}"
    if isinstance(ty, str):
        if shape.kind == ty:
            return []
        if ty == "string" and shape.kind in ("number", "bool"):
            return [(line, expected + " (Terraform converts it)", False)]
        if ty in ("number", "bool") and shape.kind == "string":
            ok = (
                shape.value is None
                or (ty == "number" and _NUMBER.fullmatch(shape.value) is not None)
                or (ty == "bool" and shape.value in ("true", "false"))
            )
            return [(line, expected + (" (Terraform converts it)" if ok else ""), not ok)]
        return [(line, expected, True)]
    kind = ty[0]
    if kind in ("list", "set") and shape.kind == "tuple":
        found: list[tuple[int, str, bool]] = []
        for element in shape.elements or ():
            found += [(ln, f"element: {p}", h) for ln, p, h in _type_problems(element, ty[1])]
        return found
    if kind == "map" and shape.kind == "object":
        found = []
        for key, value in shape.items or ():
            label = f"key {key!r}" if key is not None else "value"
            found += [(ln, f"{label}: {p}", h) for ln, p, h in _type_problems(value, ty[1])]
        return found
    if kind == "object" and shape.kind == "object":
        found = []
        for key, value in shape.items or ():
            if key is not None and key not in ty[1]:
                found.append((value.line or line, f"object has no attribute {key!r}", True))
            elif key is not None:
                found += [(ln, f"{key}: {p}", h) for ln, p, h in _type_problems(value, ty[1][key])]
        return found
    if kind == "tuple" and shape.kind == "tuple":
        return []
    return [(line, expected, True)]


def _path_problem(ty: Any, steps: tuple[hcl.Step, ...], owner: str) -> str | None:
    """Why ``steps`` cannot be followed into a value of type ``ty``, or None if they can."""
    where = owner
    splatted = False
    for step in steps:
        if ty == "dynamic":
            return None
        if step.kind == "splat":
            if splatted:
                return None
            splatted = True
            if isinstance(ty, list) and ty[0] in ("list", "set", "tuple"):
                ty = ty[1] if ty[0] != "tuple" else "dynamic"
            where += "[*]"
            continue
        if isinstance(ty, str):
            what = "attributes" if step.kind == "attr" else "index"
            return f"{where} is a {ty}: it has no {what}"
        kind = ty[0]
        if kind == "object":
            name = step.name if step.kind == "attr" else step.key
            if not isinstance(name, str):
                return None
            if name not in ty[1]:
                hint = _suggest(name, ty[1])
                if hint == "" and len(ty[1]) <= 8:
                    hint = f" (has: {', '.join(sorted(ty[1]))})"
                return f'{where} has no attribute "{name}"{hint}'
            ty = ty[1][name]
            where += f".{name}"
        elif kind in ("list", "tuple"):
            if step.kind != "index":
                return f'{where} is a {_type_name(ty)}: use [index] or [*] before ".{step.name}"'
            ty = ty[1] if kind == "list" else "dynamic"
            where += "[...]" if step.key is None else f"[{step.key!r}]"
        elif kind == "set":
            what = "indexed" if step.kind == "index" else f'accessed with ".{step.name}"'
            return f"{where} is a {_type_name(ty)} and cannot be {what}: use [*], one() or tolist()"
        elif kind == "map":
            ty = ty[1]
            where += f".{step.name}" if step.kind == "attr" else "[...]"
        else:
            return None
    return None


# --------------------------------------------------------------------------- mutations


def _find_argument(
    text: str, resource_type: str, arg: str, name: str | None, kind: str
) -> hcl.Attribute:
    """The argument ``arg`` of the first ``kind "resource_type" [name]`` block, which must sit
    on lines of its own (the mutations edit whole lines)."""
    labels = (resource_type,) if name is None else (resource_type, name)
    for block in hcl.parse_text_blocks(text).blocks_of(kind):
        if block.labels[: len(labels)] == labels:
            break
    else:
        raise ValueError(f"no {kind} block {'.'.join(labels)} in text")
    attr = block.attributes.get(arg)
    if attr is None:
        raise ValueError(f"{'.'.join(block.labels)} has no argument {arg!r}")
    if attr.line == block.line or attr.end_line == block.end_line:
        raise ValueError(f"{'.'.join(block.labels)}.{arg} shares a line with its block")
    return attr


def mutate_remove_argument(
    text: str, resource_type: str, arg: str, *, name: str | None = None, kind: str = "resource"
) -> str:
    """Delete argument ``arg`` (all its lines) from the first ``kind "resource_type"`` block
    (or the one labelled ``name``). Raises ValueError if there is no such block or argument."""
    attr = _find_argument(text, resource_type, arg, name, kind)
    lines = text.splitlines(keepends=True)
    del lines[attr.line - 1 : attr.end_line]
    return "".join(lines)


def mutate_rename_argument(
    text: str,
    resource_type: str,
    old: str,
    new: str,
    *,
    name: str | None = None,
    kind: str = "resource",
) -> str:
    """Rename argument ``old`` to ``new`` in the first matching block (see
    :func:`mutate_remove_argument`), keeping its value and line."""
    attr = _find_argument(text, resource_type, old, name, kind)
    lines = text.splitlines(keepends=True)
    index = attr.line - 1
    lines[index] = re.sub(rf"^(\s*){re.escape(old)}\b", rf"\g<1>{new}", lines[index], count=1)
    return "".join(lines)
