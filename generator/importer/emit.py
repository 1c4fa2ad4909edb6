"""The importer's output files: spec.yaml in the house style, imports.tf, policy files.

YAML is written by hand rather than by a dumper so it reads like the examples: block
mappings, short lists and rules in flow style, quotes only where YAML needs them. Every
document is read back and compared with the data before it is returned.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import yaml

from generator.importer.model import ImportResult
from generator.render import hcl

_PLAIN = re.compile(r"[A-Za-z0-9_./@*${}()+=,:-][A-Za-z0-9_./@*${}()+=,: -]*")
_WIDTH = 100


def _scalar(value: Any, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    plain = (
        _PLAIN.fullmatch(text)
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
        and not (flow and any(c in text for c in ",[]{}"))
        and not text.startswith(("*", "&", "!", "%", "@", "-", "?", "{", "["))
    )
    if plain:
        probe = f"[{text}]" if flow else text
        try:
            if yaml.safe_load(probe) == ([text] if flow else text):
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k, True)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value, True)


def _simple(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_simple(v) and not isinstance(v, dict) for v in value.values())
    if isinstance(value, list):
        return all(not isinstance(v, dict | list) for v in value)
    return True


def _block(value: Any, indent: int, lines: list[str], flow_rules: bool) -> None:
    pad = "  " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            key = _scalar(k)
            if isinstance(v, dict | list) and v:
                one = f"{pad}{key}: {_flow(v)}"
                if isinstance(v, list) and _simple(v) and len(one) <= _WIDTH:
                    lines.append(one)
                    continue
                lines.append(f"{pad}{key}:")
                _block(v, indent + 1, lines, flow_rules or k in ("ingress", "egress", "routes"))
            else:
                lines.append(f"{pad}{key}: {_flow(v)}")
        return
    for item in value:
        if isinstance(item, dict) and item:
            one = f"{pad}- {_flow(item)}"
            if flow_rules and _simple(item) and len(one) <= _WIDTH:
                lines.append(one)
                continue
            nested: list[str] = []
            _block(item, indent + 1, nested, flow_rules)
            first = nested[0].lstrip()
            lines.append(f"{pad}- {first}")
            lines.extend(nested[1:])
        elif isinstance(item, list):
            lines.append(f"{pad}- {_flow(item)}")
        else:
            lines.append(f"{pad}- {_scalar(item)}")


_SECTIONS = frozenset({"network", "security_groups", "defaults", "endpoints", "endpoint_services"})


def spec_yaml(result: ImportResult, header: Sequence[str]) -> str:
    lines = [f"# {line}" if line else "#" for line in header]
    spec = result.spec
    for key, value in spec.items():
        if key in _SECTIONS:
            lines.append("")
        part: list[str] = []
        _block({key: value}, 0, part, False)
        lines.extend(part)
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != json.loads(json.dumps(spec)):
        raise AssertionError("the spec YAML does not read back as the imported spec")
    return text


def imports_tf(result: ImportResult, module_address: str, header: Sequence[str]) -> str:
    """Import blocks for a root module that calls the generated module at `module_address`
    ("" when the generated module is itself the root module)."""
    prefix = f"{module_address}." if module_address else ""
    lines = [f"# {line}" if line else "#" for line in header]
    for adoption in result.adoptions:
        lines += [
            "",
            f"# {hcl.comment(adoption.what)}",
            "import {",
            f"  to = {prefix}{adoption.address}",
            f"  id = {hcl.string(adoption.import_id)}",
            "}",
        ]
    if result.not_imported:
        lines += [
            "",
            "# Not imported (the plan creates these; creating them changes nothing in AWS):",
        ]
        for item in result.not_imported:
            lines.append(f"#   {prefix}{hcl.comment(item.address)}")
            lines.append(f"#     {hcl.comment(item.why)}")
    return "\n".join(lines) + "\n"


def policy_file(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
