"""The JSON Schema of the spec language, for editors (`# yaml-language-server: $schema=...`)."""

from __future__ import annotations

from typing import Any

from generator.spec.models import Spec

SCHEMA_ID = "https://vpcegen.dev/schema/spec-v1.json"


def _relax_untagged_unions(node: Any) -> Any:
    """`oneOf` without a discriminator becomes `anyOf`: a policy preset is also a mapping, so
    a document-or-preset union would match twice and fail `oneOf` in editors."""
    if isinstance(node, dict):
        out = {k: _relax_untagged_unions(v) for k, v in node.items()}
        if "oneOf" in out and "discriminator" not in out:
            out["anyOf"] = out.pop("oneOf")
        return out
    if isinstance(node, list):
        return [_relax_untagged_unions(v) for v in node]
    return node


def json_schema() -> dict[str, Any]:
    schema = _relax_untagged_unions(Spec.model_json_schema(by_alias=True, mode="validation"))
    schema.update(
        {
            "title": "vpcegen spec v1",
            "description": "AWS VPC endpoints and PrivateLink endpoint services, rendered to a "
            "Terraform/OpenTofu module by vpcegen.",
        }
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
