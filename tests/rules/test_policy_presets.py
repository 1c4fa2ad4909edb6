"""The policy presets carry AWS's documented exceptions for the endpoint's service (issue 13)."""

from __future__ import annotations

from typing import Any

from generator.policy_document import (
    AWS_OWNED_BUCKETS_SID,
    FEDERATION_SID,
    MAX_POLICY_CHARS,
    SERVICE_PRINCIPALS_SID,
    account_policy,
    organization_policy,
    policy_json,
)


def _by_sid(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {st["Sid"]: st for st in doc["Statement"]}


def test_s3_preset_reads_the_aws_owned_buckets_of_its_region() -> None:
    doc = organization_policy("o-a1b2c3d4e5", "s3", "eu-central-1")
    st = _by_sid(doc)[AWS_OWNED_BUCKETS_SID]
    assert st["Principal"] == "*" and st["Action"] == "s3:GetObject" and "Condition" not in st
    assert "arn:aws:s3:::prod-eu-central-1-starport-layer-bucket/*" in st["Resource"]
    assert "arn:aws:s3:::amazon-ssm-eu-central-1/*" in st["Resource"]
    assert "arn:aws:s3:::al2023-repos-eu-central-1-de612dc2/*" in st["Resource"]
    assert len(policy_json(doc)) < MAX_POLICY_CHARS // 4


def test_s3_preset_uses_the_partition_and_regional_bucket_names() -> None:
    st = _by_sid(account_policy(["111122223333"], "s3", "me-south-1", "aws"))
    assert (
        "arn:aws:s3:::patch-baseline-snapshot-me-south-1-uduvl7q8/*"
        in (st[AWS_OWNED_BUCKETS_SID]["Resource"])
    )
    cn = _by_sid(organization_policy("o-a1b2c3d4e5", "s3", "cn-north-1", "aws-cn"))
    assert all(r.startswith("arn:aws-cn:s3:::") for r in cn[AWS_OWNED_BUCKETS_SID]["Resource"])


def test_sts_preset_lets_federated_callers_into_own_roles() -> None:
    org = _by_sid(organization_policy("o-a1b2c3d4e5", "sts", "eu-west-1"))[FEDERATION_SID]
    assert org["Action"] == ["sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"]
    assert org["Condition"] == {"StringEquals": {"aws:ResourceOrgID": "o-a1b2c3d4e5"}}
    acc = _by_sid(account_policy(["111122223333"], "sts", "eu-west-1"))[FEDERATION_SID]
    assert acc["Condition"] == {"StringEquals": {"aws:ResourceAccount": ["111122223333"]}}


def test_other_services_get_the_identity_and_service_principal_statements_only() -> None:
    doc = organization_policy("o-a1b2c3d4e5", "ecr.api", "eu-west-1")
    assert list(_by_sid(doc)) == ["AllowOrganization", SERVICE_PRINCIPALS_SID]
    assert _by_sid(doc)[SERVICE_PRINCIPALS_SID]["Condition"] == {
        "Bool": {"aws:PrincipalIsAWSService": "true"}
    }
