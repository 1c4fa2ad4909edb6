"""The JSON Schema for editors: a valid draft-07 schema, precise per endpoint type (from the
table), `policy` typed, the committed copy current, and in agreement with the loader and the
policy rules on what it accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.api import validate_paths
from generator.diagnostics import Severity
from generator.spec.endpoint_types import ALL_FIELDS, ENDPOINT_TYPES, GATEWAY, INTERFACE, KINDS
from generator.spec.reference import SECTIONS, example_value
from generator.spec.reference_examples import EXAMPLES
from generator.spec.schema import DRAFT, json_schema, schema_text
from tests.support.paths import ROOT

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json_schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
BASE: dict[str, Any] = {"version": 1, "name": "x", "region": "eu-west-1"}
ORG = {"preset": "organization", "organization_id": "o-a1b2c3d4e5"}


def errors(spec: dict[str, Any]) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(spec)]


def with_endpoint(endpoint: dict[str, Any]) -> dict[str, Any]:
    return {**BASE, "endpoints": {"e": endpoint}}


def with_policy(type_name: str, policy: Any) -> dict[str, Any]:
    return with_endpoint({"type": type_name, "service": "s3", "policy": policy})


def test_is_a_valid_draft_07_schema() -> None:
    assert SCHEMA["$schema"] == DRAFT == jsonschema.Draft7Validator.META_SCHEMA["$schema"]
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_committed_copy_is_current() -> None:
    committed = (ROOT / "docs" / "vpcegen-spec.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "stale: python scripts/regen.py"


def _walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for v in node.values():
            found += _walk(v)
    elif isinstance(node, list):
        for v in node:
            found += _walk(v)
    return found


def test_refs_resolve_and_every_definition_is_used() -> None:
    refs = {n["$ref"] for n in _walk(SCHEMA) if isinstance(n.get("$ref"), str)}
    names = {r.removeprefix("#/definitions/") for r in refs}
    assert all(r.startswith("#/definitions/") for r in refs), refs
    assert names == set(SCHEMA["definitions"])


def test_no_keywords_draft_07_editors_ignore() -> None:
    """No OpenAPI `discriminator`, no 2019-09 `$defs`, no siblings beside a `$ref`."""
    nodes = _walk(SCHEMA)
    assert not [n for n in nodes if "discriminator" in n or "$defs" in n]
    assert not [n for n in nodes if isinstance(n.get("$ref"), str) and len(n) > 1]


def _loader_errors(tmp_path: Path, spec: dict[str, Any]) -> list[str]:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    result = validate_paths([str(path)])
    return [f.rule_id for f in result.findings if f.severity is Severity.ERROR]


@pytest.mark.parametrize("spec", sorted(ROOT.glob("output-examples/*/spec.yaml")), ids=str)
def test_every_golden_example_validates(spec: Path) -> None:
    assert errors(yaml.safe_load(spec.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_reference_example_validates(name: str) -> None:
    assert errors(yaml.safe_load(EXAMPLES[name])) == []


def test_endpoint_definitions_follow_the_table() -> None:
    endpoint = SCHEMA["definitions"]["Endpoint"]
    assert endpoint["properties"]["type"]["enum"] == list(ENDPOINT_TYPES)
    branches = {
        b["if"]["properties"]["type"]["const"]: b["then"]["$ref"] for b in endpoint["allOf"]
    }
    assert set(branches) == set(ENDPOINT_TYPES)
    for type_name, ref in branches.items():
        definition = SCHEMA["definitions"][ref.removeprefix("#/definitions/")]
        assert definition["additionalProperties"] is False
        expected = {"type", "tags"} | KINDS[type_name].fields
        assert set(definition["properties"]) == expected, type_name


def test_defaults_definitions_follow_the_table() -> None:
    defaults = SCHEMA["definitions"]["Defaults"]["properties"]
    for type_name, kind in KINDS.items():
        ref = defaults[type_name].get("$ref") or defaults[type_name]["allOf"][0]["$ref"]
        ref = ref.removeprefix("#/definitions/")
        assert set(SCHEMA["definitions"][ref]["properties"]) == set(kind.defaults), type_name


_ENDPOINTS = next(s for s in SECTIONS if s.title.startswith("endpoints.") and s.where[-1] == "*")
_DATA = {name: yaml.safe_load(text) for name, text in EXAMPLES.items()}


@pytest.mark.parametrize("field", ALL_FIELDS)
@pytest.mark.parametrize("type_name", ENDPOINT_TYPES)
def test_each_type_takes_exactly_its_keys(type_name: str, field: str) -> None:
    """A value the reference quotes for the key: accepted on types that take the key, an
    error on the others (the loader leaves those to rules with IDs)."""
    value = example_value(_ENDPOINTS, field, _DATA)
    found = errors(with_endpoint({"type": type_name, field: value}))
    if KINDS[type_name].takes(field):
        assert found == []
    else:
        assert found == [f"Additional properties are not allowed ('{field}' was unexpected)"]


def test_gateway_endpoint_with_security_groups_is_flagged() -> None:
    spec = with_endpoint({"type": GATEWAY, "service": "s3", "security_groups": ["endpoints"]})
    assert errors(spec) == [
        "Additional properties are not allowed ('security_groups' was unexpected)"
    ]


def test_unknown_type_and_missing_type_are_flagged() -> None:
    assert "'gatway' is not one of" in errors(with_endpoint({"type": "gatway"}))[0]
    assert errors(with_endpoint({"service": "s3"})) == ["'type' is a required property"]


def test_names_are_checked() -> None:
    spec = {**BASE, "endpoints": {"S3": {"type": GATEWAY, "service": "s3"}}}
    assert errors(spec) == ["'S3' does not match '^(?:[a-z][a-z0-9_-]{0,63})$'"]


def test_id_formats_are_checked() -> None:
    spec = {**BASE, "network": {"vpc": {"id": "vpc-123"}}}
    assert len(errors(spec)) == 1


def _leaf_messages(spec: dict[str, Any]) -> list[str]:
    """Messages of the innermost errors (under anyOf / if-then)."""
    out: list[str] = []

    def walk(err: Any) -> None:
        if err.context:
            for sub in err.context:
                walk(sub)
        else:
            out.append(err.message)

    for err in VALIDATOR.iter_errors(spec):
        walk(err)
    return out


def test_policy_forms() -> None:
    assert errors(with_policy(GATEWAY, ORG)) == []
    assert (
        errors(with_policy(INTERFACE, {"preset": "account", "account_ids": ["111122223333"]})) == []
    )
    assert errors(with_policy(INTERFACE, {"file": "policies/p.json"})) == []
    assert errors(with_policy(INTERFACE, None)) == []


@pytest.mark.parametrize(
    ("policy", "leaf"),
    [
        ({"preset": "organisation", "organization_id": "o-a1b2c3d4e5"}, "'organisation' is not"),
        ({"preset": "account", "organization_id": "o-a1b2c3d4e5"}, "'account_ids' is a required"),
        ({"preset": "organization", "organization_id": "a1b2"}, "'a1b2' does not match"),
        ({"preset": "account", "account_ids": []}, "[] should be non-empty"),
        ({"file": "p.json", "preset": "account"}, "Additional properties are not allowed"),
        ({"Version": "2012-10-17", "Statment": []}, "Additional properties are not allowed"),
    ],
)
def test_bad_policies_are_flagged(policy: dict[str, Any], leaf: str) -> None:
    spec = with_policy(GATEWAY, policy)
    assert errors(spec), policy
    assert any(m.startswith(leaf) for m in _leaf_messages(spec)), _leaf_messages(spec)


def _statement(**extra: Any) -> dict[str, Any]:
    st = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}
    st.update(extra)
    return {k: v for k, v in st.items() if v is not None}


# IAM documents the schema and the policy rules (POL001, POL002) must agree on.
DOCUMENTS: list[tuple[str, dict[str, Any], bool]] = [
    ("minimal", {"Statement": [_statement()]}, True),
    ("one statement, not a list", {"Version": "2012-10-17", "Statement": _statement()}, True),
    ("old version", {"Version": "2008-10-17", "Statement": [_statement()]}, True),
    ("id", {"Id": "p1", "Statement": [_statement(Sid="A")]}, True),
    ("lists", {"Statement": [_statement(Action=["s3:Get*", "s3:List?"], Resource=["*"])]}, True),
    (
        "principal types",
        {
            "Statement": [
                _statement(
                    Principal={
                        "AWS": ["arn:aws:iam::111122223333:root"],
                        "Service": "ec2.amazonaws.com",
                    }
                )
            ]
        },
        True,
    ),
    (
        "deny not-principal",
        {
            "Statement": [
                _statement(
                    Effect="Deny",
                    Principal=None,
                    NotPrincipal={"AWS": "arn:aws:iam::111122223333:root"},
                )
            ]
        },
        True,
    ),
    (
        "not-action not-resource",
        {
            "Statement": [
                _statement(
                    Action=None,
                    NotAction="s3:Delete*",
                    Resource=None,
                    NotResource="arn:aws:s3:::b/*",
                )
            ]
        },
        True,
    ),
    (
        "condition",
        {
            "Statement": [
                _statement(
                    Condition={
                        "ForAnyValue:StringLikeIfExists": {"aws:PrincipalTag/team": ["a*", "b"]},
                        "Bool": {"aws:SecureTransport": True},
                        "NumericLessThan": {"s3:max-keys": 10},
                        "Null": {"aws:PrincipalOrgID": "false"},
                    }
                )
            ]
        },
        True,
    ),
    ("no statement", {"Version": "2012-10-17"}, False),
    ("empty statement list", {"Statement": []}, False),
    ("unknown top element", {"Statement": [_statement()], "Statment": []}, False),
    ("bad version", {"Version": "2012-10-18", "Statement": [_statement()]}, False),
    ("lower-case effect", {"Statement": [_statement(Effect="allow")]}, False),
    ("no effect", {"Statement": [_statement(Effect=None)]}, False),
    ("no principal", {"Statement": [_statement(Principal=None)]}, False),
    (
        "principal not star",
        {"Statement": [_statement(Principal="arn:aws:iam::111122223333:root")]},
        False,
    ),
    ("unknown principal type", {"Statement": [_statement(Principal={"Aws": "*"})]}, False),
    ("action and not-action", {"Statement": [_statement(NotAction="s3:*")]}, False),
    ("no action", {"Statement": [_statement(Action=None)]}, False),
    ("no resource", {"Statement": [_statement(Resource=None)]}, False),
    ("bad action", {"Statement": [_statement(Action="GetObject")]}, False),
    ("empty action list", {"Statement": [_statement(Action=[])]}, False),
    ("resource not an ARN", {"Statement": [_statement(Resource="my-bucket")]}, False),
    ("unknown statement element", {"Statement": [_statement(Principals="*")]}, False),
    ("unknown operator", {"Statement": [_statement(Condition={"StringEqual": {"k": "v"}})]}, False),
    (
        "null takes no IfExists",
        {"Statement": [_statement(Condition={"NullIfExists": {"k": "true"}})]},
        False,
    ),
    ("empty operator block", {"Statement": [_statement(Condition={"StringEquals": {}})]}, False),
    (
        "mapping as condition value",
        {"Statement": [_statement(Condition={"StringEquals": {"k": {"a": 1}}})]},
        False,
    ),
    ("sid not a string", {"Statement": [_statement(Sid=1)]}, False),
    ("statement not a mapping", {"Statement": ["Allow"]}, False),
]


@pytest.mark.parametrize(
    ("doc", "valid"), [(d, v) for _, d, v in DOCUMENTS], ids=[n for n, _, _ in DOCUMENTS]
)
def test_policy_documents_agree_with_the_rules(
    tmp_path: Path, doc: dict[str, Any], valid: bool
) -> None:
    spec = {
        **BASE,
        "network": {"route_table_groups": {"private": {}}},
        "endpoints": {"s3": {"type": INTERFACE, "service": "s3", "policy": doc}},
    }
    schema_ok = errors(spec) == []
    policy_errors = [r for r in _loader_errors(tmp_path, spec) if r in ("POL001", "POL002")]
    assert schema_ok is valid, errors(spec)
    assert (policy_errors == []) is valid, policy_errors
