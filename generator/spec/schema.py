"""The JSON Schema of the spec language, for editors (`# yaml-language-server: $schema=...`).

Draft-07, the newest draft yaml-language-server validates with ("Supports JSON Schema 7 and
below": https://github.com/redhat-developer/yaml-language-server#readme; newer drafts are
redhat-developer/yaml-language-server#856). Draft-07 has what per-type completion needs:
`if`/`then` on a `const` discriminator (OpenAPI's `discriminator` keyword is not JSON Schema
and editors ignore it). Siblings of `$ref` are ignored in draft-07, so they go into `allOf`.

Built from the models (pydantic's schema), the endpoint-type table (which keys each `type`
takes) and the IAM grammar of generator.policy_document. It is stricter than the loader on
purpose: the loader accepts every endpoint key on every type so that catalog rules report
misuse with their IDs; an editor flags it as you type.
"""

from __future__ import annotations

import json
from typing import Any

from generator.policy_document import (
    IAM_ACTION_PATTERN,
    IAM_CONDITION_OPERATORS,
    IAM_POLICY_VERSIONS,
    IAM_PRINCIPAL_TYPES,
    IAM_STATEMENT_KEYS,
    IAM_TOP_KEYS,
)
from generator.spec.endpoint_types import ENDPOINT_TYPES, KINDS
from generator.spec.models import PolicyFile, Spec

SCHEMA_ID = "https://vpcegen.dev/schema/spec-v1.json"
DRAFT = "http://json-schema.org/draft-07/schema#"
_REF = "#/definitions/"

JSON = dict[str, Any]


def _ref(name: str) -> JSON:
    return {"$ref": _REF + name}


def _tidy(node: Any) -> Any:
    """Pydantic's 2020-12 output made draft-07 and editor-friendly (recursively)."""
    if isinstance(node, list):
        return [_tidy(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _tidy(v) for k, v in node.items() if not (k == "title" and isinstance(v, str))}
    if out.get("default", 0) is None:
        del out["default"]  # editors would complete `null`
    if "$ref" in out and len(out) > 1:
        out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
    if "patternProperties" in out:  # dict[Name, X]: any name of the form, nothing else
        [(pattern, value)] = out.pop("patternProperties").items()
        out["propertyNames"] = {**out.get("propertyNames", {}), "pattern": pattern}
        out["additionalProperties"] = value
    return out


def _discriminated(key: str, branches: dict[str, str], description: str) -> JSON:
    """An object whose `key` picks the definition it must match (one `if`/`then` per value)."""
    return {
        "type": "object",
        "description": description,
        "properties": {key: {"enum": list(branches), "description": description}},
        "required": [key],
        "allOf": [
            {
                "if": {"properties": {key: {"const": value}}, "required": [key]},
                "then": _ref(name),
            }
            for value, name in branches.items()
        ],
    }


def _mapping(schema: JSON, key: str) -> dict[str, str]:
    """{value: definition name} of pydantic's discriminated union on `key`, found anywhere."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            disc = node.get("discriminator")
            if isinstance(disc, dict) and disc.get("propertyName") == key:
                found.update({v: ref.rsplit("/", 1)[1] for v, ref in disc["mapping"].items()})
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    return found


def _endpoint_definitions(defs: JSON, by_type: dict[str, str]) -> None:
    """Each endpoint type's definition keeps `type`, `tags` and the keys the table gives it."""
    for type_name, def_name in by_type.items():
        definition = defs[def_name]
        keep = {"type", "tags"} | KINDS[type_name].fields
        definition["properties"] = {k: v for k, v in definition["properties"].items() if k in keep}
        definition["properties"]["type"] = {
            "const": type_name,
            "description": f"A {KINDS[type_name].label} endpoint.",
        }
        definition["description"] = (
            f"A {KINDS[type_name].label} endpoint: the keys this type takes."
        )
    defs["Endpoint"] = _discriminated(
        "type",
        by_type,
        "The endpoint type, which decides the keys it takes: " + ", ".join(ENDPOINT_TYPES) + ".",
    )


def _strings(item: JSON | None = None) -> JSON:
    """IAM's "a string or a non-empty list of strings"."""
    one = {"type": "string", **(item or {})}
    return {"anyOf": [one, {"type": "array", "minItems": 1, "items": one}]}


def _condition_operator_pattern() -> str:
    takes_if_exists = [op for op in IAM_CONDITION_OPERATORS if op != "Null"]
    return (
        "^(?:ForAllValues:|ForAnyValue:)?(?:(?:"
        + "|".join(takes_if_exists)
        + ")(?:IfExists)?|Null)$"
    )


def iam_definitions() -> JSON:
    """An IAM policy document as rule POL001 (and POL002: a Principal in every statement)
    accepts it. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
    """
    scalar = {"type": ["string", "number", "boolean"]}
    action = _strings({"pattern": f"^(?:{IAM_ACTION_PATTERN})$"})
    resource = _strings({"pattern": "^(?:\\*|arn:.*)$"})
    statement_keys: dict[str, JSON] = {
        "Sid": {"type": "string", "description": "Statement ID, unique in the policy."},
        "Effect": {"enum": ["Allow", "Deny"], "description": "Allow or Deny."},
        "Principal": {"allOf": [_ref("IamPrincipal")], "description": "Who it applies to."},
        "NotPrincipal": {"allOf": [_ref("IamPrincipal")], "description": "Everyone but these."},
        "Action": {**action, "description": "Actions: service:Action (wildcards allowed) or *."},
        "NotAction": {**action, "description": "Every action but these."},
        "Resource": {**resource, "description": "Resource ARNs (wildcards allowed) or *."},
        "NotResource": {**resource, "description": "Every resource but these."},
        "Condition": {
            "type": "object",
            "description": "Condition operator -> {condition key: value or values}.",
            "propertyNames": {"pattern": _condition_operator_pattern()},
            "additionalProperties": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {
                    "anyOf": [scalar, {"type": "array", "minItems": 1, "items": scalar}]
                },
            },
        },
    }
    assert tuple(statement_keys) == IAM_STATEMENT_KEYS
    top_keys: dict[str, JSON] = {
        "Version": {
            "enum": list(IAM_POLICY_VERSIONS),
            "description": "Policy language version; write it quoted.",
        },
        "Id": {"type": "string", "description": "Policy ID."},
        "Statement": {
            "anyOf": [
                _ref("IamStatement"),
                {"type": "array", "minItems": 1, "items": _ref("IamStatement")},
            ],
            "description": "The statements: a list (or one statement).",
        },
    }
    assert tuple(top_keys) == IAM_TOP_KEYS
    return {
        "IamPolicyDocument": {
            "type": "object",
            "description": "An IAM policy document written inline.",
            "properties": top_keys,
            "required": ["Statement"],
            "additionalProperties": False,
        },
        "IamStatement": {
            "type": "object",
            "properties": statement_keys,
            "required": ["Effect"],
            "additionalProperties": False,
            "allOf": [
                {"anyOf": [{"required": ["Principal"]}, {"required": ["NotPrincipal"]}]},
                {"oneOf": [{"required": ["Action"]}, {"required": ["NotAction"]}]},
                {"oneOf": [{"required": ["Resource"]}, {"required": ["NotResource"]}]},
            ],
        },
        "IamPrincipal": {
            "anyOf": [
                {"const": "*"},
                {
                    "type": "object",
                    "minProperties": 1,
                    "properties": {t: _strings() for t in IAM_PRINCIPAL_TYPES},
                    "additionalProperties": False,
                },
            ]
        },
    }


def _policy_definitions(defs: JSON, presets: dict[str, str]) -> None:
    """`policy`: a file, a preset or a document, told apart as the loader does
    (generator.spec.models._policy_kind: `file` first, then `preset`, else a document)."""
    defs.update(iam_definitions())
    defs["PolicyPreset"] = _discriminated(
        "preset", presets, "A policy vpcegen writes: " + ", ".join(presets) + "."
    )
    hint = "(completion: write `file`, `preset`, or an IAM policy document's keys)"
    defs["Policy"] = {
        "type": "object",
        "description": "An IAM policy document, {file: path}, or a preset. " + hint,
        "properties": {
            "file": {"description": PolicyFile.model_fields["file"].description},
            "preset": {"enum": list(presets), "description": "A policy vpcegen writes."},
            **{k: {} for k in IAM_TOP_KEYS},
        },
        "if": {"required": ["file"]},
        "then": _ref(PolicyFile.__name__),
        "else": {
            "if": {"required": ["preset"]},
            "then": _ref("PolicyPreset"),
            "else": _ref("IamPolicyDocument"),
        },
    }


def _type_policies(node: Any) -> Any:
    """Every `policy` key (endpoints and defaults) takes the Policy definition."""
    if isinstance(node, list):
        return [_type_policies(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _type_policies(v) for k, v in node.items()}
    props = out.get("properties")
    if isinstance(props, dict) and "policy" in props:
        old = props["policy"]
        props["policy"] = {
            "anyOf": [_ref("Policy"), {"type": "null"}],
            **({"description": old["description"]} if "description" in old else {}),
        }
    return out


def json_schema() -> JSON:
    raw = Spec.model_json_schema(by_alias=True, mode="validation", ref_template=_REF + "{model}")
    found = _mapping(raw, "type")
    endpoints_by_type: dict[str, str] = {t: found[t] for t in ENDPOINT_TYPES if t in found}
    presets = _mapping(raw, "preset")
    assert set(endpoints_by_type) == set(ENDPOINT_TYPES)
    schema: JSON = _tidy(raw)
    defs: JSON = schema.pop("$defs")
    _endpoint_definitions(defs, endpoints_by_type)
    _policy_definitions(defs, presets)
    schema["properties"]["endpoints"]["additionalProperties"] = _ref("Endpoint")
    schema = _type_policies(schema)
    defs = _type_policies(defs)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "vpcegen spec v1",
        "description": "AWS VPC endpoints and PrivateLink endpoint services, rendered to a "
        "Terraform/OpenTofu module by vpcegen. Reference: docs/spec-language.md.",
        **schema,
        "definitions": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as `vpcegen schema` prints it and docs/vpcegen-spec.schema.json holds it."""
    return json.dumps(json_schema(), indent=2, sort_keys=False) + "\n"  # as generator.cli
