"""Endpoint policies: left out when AWS's default, a preset when one matches, else inline or
in a file beside the spec when long."""

from __future__ import annotations

import json
from typing import Any

from generator.importer.model import Options
from generator.policy_document import account_policy, is_full_access, organization_policy


def _preset(document: Any) -> dict[str, Any] | None:
    statements = document.get("Statement") if isinstance(document, dict) else None
    if not isinstance(statements, list) or len(statements) != 1:
        return None
    condition = statements[0].get("Condition") if isinstance(statements[0], dict) else None
    equals = condition.get("StringEquals") if isinstance(condition, dict) else None
    if not isinstance(equals, dict) or len(equals) != 1:
        return None
    org = equals.get("aws:PrincipalOrgID")
    if isinstance(org, str) and organization_policy(org) == document:
        return {"preset": "organization", "organization_id": org}
    accounts = equals.get("aws:PrincipalAccount")
    if isinstance(accounts, list) and accounts and account_policy(accounts) == document:
        return {"preset": "account", "account_ids": [str(a) for a in accounts]}
    return None


def policy_value(
    raw: Any, key: str, options: Options, files: dict[str, Any]
) -> dict[str, Any] | None:
    """The spec's `policy` for a policy document as describe prints it (a JSON string)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        document = json.loads(raw)
    except json.JSONDecodeError:
        return None
    statements = document.get("Statement") if isinstance(document, dict) else None
    if is_full_access(document) and isinstance(statements, list) and len(statements) == 1:
        return None  # AWS's default policy: nothing to say
    preset = _preset(document)
    if preset is not None:
        return preset
    if not isinstance(document, dict):
        return None
    if len(json.dumps(document)) <= options.inline_policy_chars:
        return document
    path = f"policies/{key}.json"
    files[path] = document
    return {"file": path}
