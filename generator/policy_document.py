"""The effective IAM policy document of an endpoint: inline, read from a file, or a preset.

A spec gives an endpoint policy in one of three forms (docs/spec-language.md, `policy`):

* an IAM policy document written inline as YAML/JSON: used as it is;
* `{file: relative/path.json}`: the loader has already read the file into
  ``LoadedSpec.policy_files[<path of the policy key>]``;
* a preset: ``{preset: organization, organization_id: o-...}`` or
  ``{preset: account, account_ids: [...]}``, rendered to a real IAM document here.

The renderer emits ``jsonencode(<document>)`` and the policy rules (POL0xx) check the same
document, so everything here is pure and deterministic: same input, same output, no I/O.

Presets follow AWS's own data-perimeter endpoint policies: one statement that allows every
action on every resource through the endpoint, but only to principals of the organization
(``aws:PrincipalOrgID``) or of the listed accounts (``aws:PrincipalAccount``), plus the
exceptions AWS documents so that no AWS flow breaks (PRESET_EXCEPTIONS: AWS service principals
everywhere, AWS-owned buckets on S3, federated role assumption on STS), all with
``Principal: "*"``. Presets add no resource condition (aws:ResourceOrgID on every request), so
the AWS samples' resource-side exceptions (AWS-owned ECR repositories, SSM documents, Lambda
layers) are not needed: your own principals may read AWS-owned resources. A `*` principal
is what AWS requires for gateway endpoints ("you must set the Principal element to *"), so
one preset works for gateway and interface endpoints alike.
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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.loader.load import LoadedSpec
    from generator.loader.source import Path
    from generator.rules.base import Context

__all__ = [
    "ACCOUNT_SID",
    "BUCKET_FLOWS",
    "IAM_ACTION_PATTERN",
    "IAM_CONDITION_OPERATORS",
    "IAM_POLICY_VERSIONS",
    "IAM_PRINCIPAL_TYPES",
    "IAM_STATEMENT_KEYS",
    "IAM_TOP_KEYS",
    "MAX_POLICY_CHARS",
    "ORGANIZATION_SID",
    "POLICY_VERSION",
    "PRESET_EXCEPTIONS",
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
SERVICE_PRINCIPALS_SID = "AllowAwsServicePrincipals"
AWS_OWNED_BUCKETS_SID = "AllowAwsOwnedBuckets"
FEDERATION_SID = "AllowFederatedRoleAssumption"
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


_SAMPLES = "https://github.com/aws-samples/data-perimeter-policy-examples"
STS_POLICIES_DOC = (
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_policies.html"
)


@dataclass(frozen=True)
class BucketFlow:
    """AWS-owned S3 buckets a documented AWS flow reads through your S3 endpoint, without a
    caller of your organization (anonymous GETs, or URLs presigned by AWS's own accounts)."""

    flow: str
    buckets: tuple[str, ...]  # bucket names; {region} is the service's Region
    source: str
    regional: tuple[tuple[str, str, str], ...] = ()  # (region, bucket template, real name)

    def arns(self, partition: str, region: str) -> list[str]:
        names = []
        for template in self.buckets:
            name = template.format(region=region)
            for where, which, real in self.regional:
                if where == region and which == template:
                    name = real
            names.append(f"arn:{partition}:s3:::{name}/*")
        return names


# The flows the S3 presets keep working (aws-fidelity research 1.3.1: the AWS-owned buckets of
# the data-perimeter sample s3_endpoint_policy.json, with the service document behind each).
# Only flows common in private subnets are in; the sample's longer list (EMR, Image Builder,
# MGN, DRS, Elastic Beanstalk, ...) is for a hand-written policy.
BUCKET_FLOWS: tuple[BucketFlow, ...] = (
    BucketFlow(
        "Amazon ECR image layers (docker pull through ECR interface endpoints)",
        ("prod-{region}-starport-layer-bucket",),
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"
        "#ecr-minimum-s3-perms",
    ),
    BucketFlow(
        "Amazon Linux 2 and AL2023 package repositories (yum/dnf, kernel live patching)",
        (
            "packages.{region}.amazonaws.com",
            "repo.{region}.amazonaws.com",
            "amazonlinux.{region}.amazonaws.com",
            "amazonlinux-2-repos-{region}",
            "al2023-{region}",
            "al2023-repos-{region}-de612dc2",
        ),
        "https://docs.aws.amazon.com/linux/al2/ug/al2-live-patching.html; "
        "https://docs.aws.amazon.com/linux/al2023/ug/live-patching.html; "
        f"{_SAMPLES} (vpc_endpoint_policies/s3_endpoint_policy.json)",
    ),
    BucketFlow(
        "AWS Systems Manager Agent (updates, Patch Manager, Distributor, documents)",
        (
            "aws-ssm-{region}",
            "aws-windows-downloads-{region}",
            "amazon-ssm-{region}",
            "amazon-ssm-packages-{region}",
            "{region}-birdwatcher-prod",
            "aws-ssm-distributor-file-{region}",
            "aws-ssm-document-attachments-{region}",
            "patch-baseline-snapshot-{region}",
            "aws-patchmanager-macos-{region}",
        ),
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
        "ssm-agent-minimum-s3-permissions.html",
        regional=(
            (
                "me-south-1",
                "patch-baseline-snapshot-{region}",
                "patch-baseline-snapshot-me-south-1-uduvl7q8",
            ),
        ),
    ),
    BucketFlow(
        "Amazon CloudWatch agent downloads",
        ("amazoncloudwatch-agent-{region}", "amazoncloudwatch-agent"),
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/"
        "download-cloudwatch-agent-commandline.html",
    ),
    BucketFlow(
        "AWS CodeDeploy agent downloads",
        ("aws-codedeploy-{region}",),
        "https://docs.aws.amazon.com/codedeploy/latest/userguide/instances-ec2-configure.html",
    ),
)

BUCKET_ACTION = "s3:GetObject"
FEDERATION_ACTIONS = ("sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity")


@dataclass(frozen=True)
class PresetException:
    """One statement a preset adds beside its identity condition, for the services it names."""

    sid: str
    services: tuple[str, ...]  # AWS service short names; () = every service
    what: str
    why: str
    source: str


PRESET_EXCEPTIONS: tuple[PresetException, ...] = (
    PresetException(
        SERVICE_PRINCIPALS_SID,
        (),
        "any action, any resource, when aws:PrincipalIsAWSService is true",
        "AWS services acting with their own service principal (CloudFormation responses, Lambda "
        "code download) are in no organization; every AWS data-perimeter endpoint policy "
        "example carries this statement",
        f"{_SAMPLES} (vpc_endpoint_policies/default_endpoint_policy.json, "
        "AllowRequestsByAWSServicePrincipals)",
    ),
    PresetException(
        AWS_OWNED_BUCKETS_SID,
        ("s3",),
        f"{BUCKET_ACTION} on AWS-owned buckets of the service's Region, no condition: "
        + "; ".join(f.flow for f in BUCKET_FLOWS),
        "these requests are unauthenticated or signed by AWS-owned accounts, so no "
        "aws:PrincipalOrgID / aws:PrincipalAccount of yours is in them",
        f"{_SAMPLES} (vpc_endpoint_policies/s3_endpoint_policy.json, "
        "AllowRequestsToAWSOwnedResources; issue #15); "
        + "; ".join(f.source for f in BUCKET_FLOWS),
    ),
    PresetException(
        FEDERATION_SID,
        ("sts",),
        "sts:AssumeRoleWithSAML and sts:AssumeRoleWithWebIdentity into roles of the "
        "organization (aws:ResourceOrgID) or of the accounts (aws:ResourceAccount)",
        "federated callers (EKS service-account roles, OIDC CI runners, SAML) have no AWS "
        "identity: aws:PrincipalOrgID / aws:PrincipalAccount are absent from their requests, "
        "so an identity-only policy denies them",
        f"IAM User Guide, Control access to AWS STS with VPC endpoint policies "
        f"({STS_POLICIES_DOC}); {_SAMPLES} (vpc_endpoint_policies/sts_endpoint_policy.json)",
    ),
)


def _statement(sid: str, condition: dict[str, Any] | None, **fields: Any) -> dict[str, Any]:
    st: dict[str, Any] = {"Sid": sid, "Effect": "Allow", "Principal": "*", **fields}
    if condition:
        st["Condition"] = condition
    return st


def _preset(
    sid: str,
    identity: dict[str, Any],
    resource_scope: dict[str, Any],
    service: str | None,
    region: str | None,
    partition: str,
) -> dict[str, Any]:
    statements = [
        _statement(sid, {"StringEquals": identity}, Action="*", Resource="*"),
        _statement(
            SERVICE_PRINCIPALS_SID,
            {"Bool": {"aws:PrincipalIsAWSService": "true"}},
            Action="*",
            Resource="*",
        ),
    ]
    if service == "s3" and region:
        arns = [arn for flow in BUCKET_FLOWS for arn in flow.arns(partition, region)]
        statements.append(
            _statement(AWS_OWNED_BUCKETS_SID, None, Action=BUCKET_ACTION, Resource=arns)
        )
    if service == "sts":
        statements.append(
            _statement(
                FEDERATION_SID,
                {"StringEquals": resource_scope},
                Action=list(FEDERATION_ACTIONS),
                Resource="*",
            )
        )
    return {"Version": POLICY_VERSION, "Statement": statements}


def organization_policy(
    organization_id: str,
    service: str | None = None,
    region: str | None = None,
    partition: str = "aws",
) -> dict[str, Any]:
    """Allow every action through the endpoint to principals of one AWS Organization, plus the
    exceptions AWS documents for the endpoint's service (PRESET_EXCEPTIONS)."""
    return _preset(
        ORGANIZATION_SID,
        {"aws:PrincipalOrgID": organization_id},
        {"aws:ResourceOrgID": organization_id},
        service,
        region,
        partition,
    )


def account_policy(
    account_ids: Sequence[str],
    service: str | None = None,
    region: str | None = None,
    partition: str = "aws",
) -> dict[str, Any]:
    """Allow every action through the endpoint to principals of the listed accounts, plus the
    exceptions AWS documents for the endpoint's service (PRESET_EXCEPTIONS).

    The IDs keep the order the spec gives (duplicates dropped), so a diff of the spec reads
    like a diff of the rendered policy.
    """
    unique = list(dict.fromkeys(account_ids))
    return _preset(
        ACCOUNT_SID,
        {"aws:PrincipalAccount": unique},
        {"aws:ResourceAccount": unique},
        service,
        region,
        partition,
    )


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


def _endpoint_facts(loaded: LoadedSpec, endpoint: str | None) -> tuple[str | None, str | None, str]:
    """(service short name, the service's Region, partition) a preset is rendered for."""
    spec = loaded.spec
    if spec is None:
        return None, None, "aws"
    ep = spec.endpoints.get(endpoint) if endpoint is not None else None
    if ep is None:
        return None, spec.region, spec.partition
    from generator.resolve import services

    return (
        services.service_short(ep),
        services.service_home_region(ep, spec.region),
        spec.partition,
    )


def resolve_policy(
    source: Context | LoadedSpec, path: Path, endpoint: str | None = None
) -> dict[str, Any] | None:
    """The effective policy document at `path` (the path of a `policy` key), or None.

    `path` is where the `policy` key sits, e.g. ``("endpoints", "s3", "policy")`` or
    ``("defaults", "interface", "policy")``. Returns None when there is no policy there, when
    a policy file could not be read, or when its content is not a JSON object (rule POL001
    reports those). The result is a fresh copy: callers may not mutate the spec through it.
    A preset is rendered for `endpoint` (the key of the endpoint the policy applies to): its
    service decides the exceptions it carries. Without one (a `defaults` entry seen on its
    own) the preset has the exceptions every service gets.
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
        service, region, partition = _endpoint_facts(loaded, endpoint)
        if preset == "organization" and isinstance(raw.get("organization_id"), str):
            return organization_policy(raw["organization_id"], service, region, partition)
        ids = raw.get("account_ids")
        if preset == "account" and isinstance(ids, list) and all(isinstance(i, str) for i in ids):
            return account_policy(ids, service, region, partition)
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
