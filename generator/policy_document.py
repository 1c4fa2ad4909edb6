"""The effective IAM policy document of an endpoint: inline, read from a file, or a preset.

A spec gives an endpoint policy in one of three forms (docs/spec-language.md, `policy`):

* an IAM policy document written inline as YAML/JSON: used as it is;
* `{file: relative/path.json}`: the loader has already read the file into
  ``LoadedSpec.policy_files[<path of the policy key>]``;
* a preset: ``{preset: organization, organization_id: o-...}`` or
  ``{preset: account, account_ids: [...]}``, rendered to a real IAM document here.

The renderer emits ``jsonencode(<document>)`` and the policy rules (POL0xx) check the same
document, so everything here is pure and deterministic: same input, same output, no I/O.

Presets follow AWS's own data-perimeter wording: one statement that allows every action on
every resource through the endpoint, but only to principals of the organization
(``aws:PrincipalOrgID``) or of the listed accounts (``aws:PrincipalAccount``), with
``Principal: "*"``. A `*` principal is what AWS requires for gateway endpoints ("you must set
the Principal element to *"), so one preset works for gateway and interface endpoints alike.
Condition values are exact (`StringEquals`, no wildcards), as AWS requires for global keys that
reference system-generated IDs (rule POL008).
https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
https://github.com/aws-samples/data-perimeter-policy-examples (vpc_endpoint_policies/)
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.loader.load import LoadedSpec
    from generator.loader.source import Path
    from generator.rules.base import Context

__all__ = [
    "ACCOUNT_SID",
    "IAM_ACTION_PATTERN",
    "IAM_CONDITION_OPERATORS",
    "IAM_POLICY_VERSIONS",
    "IAM_PRINCIPAL_TYPES",
    "IAM_STATEMENT_KEYS",
    "IAM_TOP_KEYS",
    "MAX_POLICY_CHARS",
    "ORGANIZATION_SID",
    "POLICY_VERSION",
    "account_policy",
    "is_full_access",
    "organization_policy",
    "policy_json",
    "policy_kind",
    "resolve_policy",
]

POLICY_VERSION = "2012-10-17"
ORGANIZATION_SID = "AllowOrganization"
ACCOUNT_SID = "AllowAccounts"
# "The size of an endpoint policy cannot exceed 20,480 characters, including white space."
MAX_POLICY_CHARS = 20_480

# The IAM policy grammar vpcegen accepts in an endpoint policy: rule POL001 checks documents
# against it and the JSON Schema (generator.spec.schema) gives it to editors.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
IAM_TOP_KEYS = ("Version", "Id", "Statement")
IAM_STATEMENT_KEYS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
IAM_POLICY_VERSIONS = (POLICY_VERSION, "2008-10-17")
IAM_PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")
IAM_ACTION_PATTERN = r"\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+"
# Operators without the ForAllValues:/ForAnyValue: prefixes and the IfExists suffix (which
# every operator but Null takes).
IAM_CONDITION_OPERATORS = (
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
)


def organization_policy(organization_id: str) -> dict[str, Any]:
    """Allow every action through the endpoint to principals of one AWS Organization."""
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Sid": ORGANIZATION_SID,
                "Effect": "Allow",
                "Principal": "*",
                "Action": "*",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": organization_id}},
            }
        ],
    }


def account_policy(account_ids: Sequence[str]) -> dict[str, Any]:
    """Allow every action through the endpoint to principals of the listed accounts.

    The IDs keep the order the spec gives (duplicates dropped), so a diff of the spec reads
    like a diff of the rendered policy.
    """
    unique = list(dict.fromkeys(account_ids))
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Sid": ACCOUNT_SID,
                "Effect": "Allow",
                "Principal": "*",
                "Action": "*",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalAccount": unique}},
            }
        ],
    }


def policy_kind(raw: Any) -> str | None:
    """'file', 'preset' or 'document' for the raw value of a `policy` key (None if absent).

    Mirrors the discriminator of the `Policy` model in generator.spec.models.
    """
    if not isinstance(raw, dict):
        return None
    if "file" in raw:
        return "file"
    if "preset" in raw:
        return "preset"
    return "document"


def _at(data: Any, path: Path) -> Any:
    node = data
    for elem in path:
        if isinstance(node, dict) and elem in node:  # noqa: SIM114 (index types differ)
            node = node[elem]
        elif isinstance(node, list) and isinstance(elem, int) and 0 <= elem < len(node):
            node = node[elem]
        else:
            return None
    return node


def resolve_policy(source: Context | LoadedSpec, path: Path) -> dict[str, Any] | None:
    """The effective policy document at `path` (the path of a `policy` key), or None.

    `path` is where the `policy` key sits, e.g. ``("endpoints", "s3", "policy")`` or
    ``("defaults", "interface", "policy")``. Returns None when there is no policy there, when
    a policy file could not be read, or when its content is not a JSON object (rule POL001
    reports those). The result is a fresh copy: callers may not mutate the spec through it.
    """
    loaded: LoadedSpec = source.loaded if hasattr(source, "loaded") else source
    raw = _at(loaded.data, path)
    kind = policy_kind(raw)
    if kind == "file":
        result = loaded.policy_files.get(tuple(path))
        if result is None or not isinstance(result.data, dict):
            return None
        return copy.deepcopy(result.data)
    if kind == "preset":
        preset = raw.get("preset")
        if preset == "organization" and isinstance(raw.get("organization_id"), str):
            return organization_policy(raw["organization_id"])
        ids = raw.get("account_ids")
        if preset == "account" and isinstance(ids, list) and all(isinstance(i, str) for i in ids):
            return account_policy(ids)
        return None
    if kind == "document":
        return copy.deepcopy(raw)  # type: ignore[no-any-return]
    return None


# Go's encoding/json (used by the provider's NormalizeJsonString before the policy is sent)
# escapes these characters inside strings; they count as six characters each.
_GO_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def policy_json(document: Any) -> str:
    """The policy as the AWS provider sends it: compact JSON, keys sorted, HTML-escaped.

    terraform-provider-aws normalizes `policy` (``structure.NormalizeJsonString``: unmarshal and
    marshal with Go's encoding/json) before calling CreateVpcEndpoint, so the text AWS measures
    against its 20,480-character limit has no insignificant white space, sorted object keys,
    non-ASCII characters as themselves and ``<``, ``>``, ``&`` escaped as ``\\u003c`` etc.
    Non-finite numbers (which JSON cannot represent) are written as null.
    """
    text = json.dumps(
        _finite(document),
        separators=(",", ":"),
        ensure_ascii=False,
        sort_keys=True,
        allow_nan=False,
    )
    for char, escaped in _GO_ESCAPES.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def is_full_access(document: Any) -> bool:
    """Whether a document grants what AWS's default endpoint policy grants, and no less.

    True when some Allow statement has principal `*`, action `*` and resource `*` without a
    condition, and no statement denies anything.
    """
    if not isinstance(document, dict):
        return False
    statements = _as_list(document.get("Statement"))
    full = False
    for st in statements:
        if not isinstance(st, dict):
            return False
        if st.get("Effect") == "Deny":
            return False
        principal = st.get("Principal")
        star_principal = principal == "*" or (
            isinstance(principal, dict)
            and list(principal) == ["AWS"]
            and principal["AWS"] in ("*", ["*"])
        )
        if (
            st.get("Effect") == "Allow"
            and star_principal
            and "*" in _as_list(st.get("Action"))
            and "*" in _as_list(st.get("Resource"))
            and not st.get("Condition")
        ):
            full = True
    return full
