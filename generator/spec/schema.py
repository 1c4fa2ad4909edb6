"""The JSON Schema of the spec language, for editors (`# yaml-language-server: $schema=...`)."""

from __future__ import annotations

from typing import Any

from generator.spec.models import Spec

SCHEMA_ID = "https://vpcegen.dev/schema/spec-v1.json"


def json_schema() -> dict[str, Any]:
    schema = Spec.model_json_schema(by_alias=True, mode="validation")
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
