"""POL012: a hand-written endpoint policy on S3 or STS that denies flows AWS documents.

The presets carry AWS's documented exceptions (generator.policy_document.PRESET_EXCEPTIONS);
a policy written by hand is checked for the same flows: each flow is a request (action and
resource) whose caller has no aws:PrincipalOrgID / aws:PrincipalAccount of yours, and the
policy must have an Allow statement that matches it without conditioning on the caller's
identity, and no Deny that catches it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Severity
from generator.policy_document import (
    BUCKET_ACTION,
    BUCKET_FLOWS,
    FEDERATION_ACTIONS,
    PRESET_EXCEPTIONS,
    STS_POLICIES_DOC,
)
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.rules.policy import P, as_list, effective_policy, statements
from generator.spec.endpoint_types import types_taking

# Condition keys that describe the caller's identity: absent from anonymous requests, from
# requests signed by AWS-owned accounts and from federated STS calls.
_IDENTITY_KEYS = frozenset(
    {"aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:principalorgpaths"}
)


def _matches(patterns: Any, value: str) -> bool:
    return any(
        isinstance(p, str) and fnmatch.fnmatchcase(value.lower(), p.lower())
        for p in as_list(patterns)
    )


def _identity_condition(st: dict[str, Any]) -> bool:
    condition = st.get("Condition")
    if not isinstance(condition, dict):
        return False
    return any(
        isinstance(keys, dict) and any(str(k).lower() in _IDENTITY_KEYS for k in keys)
        for keys in condition.values()
    )


def _any_principal(st: dict[str, Any]) -> bool:
    principal = st.get("Principal", "*")  # none at all: POL002 reports it
    if principal == "*":
        return True
    return isinstance(principal, dict) and any(v in ("*", ["*"]) for v in principal.values())


def _allowed(sts: list[dict[str, Any]], action: str, resource: str) -> bool:
    """Whether a request the caller's identity cannot vouch for passes the policy."""
    for st in sts:
        if (
            st.get("Effect") == "Deny"
            and _matches(st.get("Action"), action)
            and _matches(st.get("Resource"), resource)
            and (not st.get("Condition") or _identity_condition(st))
        ):
            return False
    return any(
        st.get("Effect") == "Allow"
        and _any_principal(st)
        and _matches(st.get("Action"), action)
        and _matches(st.get("Resource"), resource)
        and not _identity_condition(st)
        for st in sts
    )


def _check(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(*types_taking("policy")):
        service = ctx.service_short(ep)
        if service not in ("s3", "sts"):
            continue
        site = effective_policy(ctx, name)
        if site is None or site.kind == "preset" or site.document is None:
            continue
        sts = [st for _, st, _ in statements(site)]
        if service == "s3":
            region = ctx.service_home_region(ep) or ctx.spec.region
            missing = [
                flow.flow
                for flow in BUCKET_FLOWS
                if not all(
                    _allowed(sts, BUCKET_ACTION, arn.replace("/*", "/object"))
                    for arn in flow.arns(ctx.spec.partition, region)
                )
            ]
            if missing:
                yield hit(site.at(), policy=site.label, endpoint=name, flows="; ".join(missing))
        elif not all(_allowed(sts, action, "*") for action in FEDERATION_ACTIONS):
            yield hit(site.at(), "sts", policy=site.label, endpoint=name)


def _exceptions_text() -> str:
    return " ".join(
        f"({i}) {e.sid}"
        + (f" (endpoints to {', '.join(e.services)})" if e.services else " (every endpoint)")
        + f": {e.what}; why: {e.why}. Source: {e.source}."
        for i, e in enumerate(PRESET_EXCEPTIONS, 1)
    )


POL012 = Rule(
    id="POL012",
    name="policy-denies-documented-aws-flows",
    severity=Severity.WARNING,
    summary="An endpoint policy on S3 or STS must let through the requests AWS documents as "
    "having no caller of yours: AWS-owned buckets (ECR layers, Amazon Linux repositories, SSM "
    "and CloudWatch agents) on S3, federated role assumption on STS. The presets do.",
    message=P + "S3 endpoint '{endpoint}' denies requests to AWS-owned buckets that carry no "
    "identity of yours, which breaks: {flows}",
    hint='add an Allow statement with Principal "*", Action s3:GetObject and these buckets as '
    "Resource, no condition (or use a preset, which carries it: vpcegen explain POL012)",
    variants=(
        Variant(
            "sts",
            P + "STS endpoint '{endpoint}' denies sts:AssumeRoleWithWebIdentity / "
            "sts:AssumeRoleWithSAML to federated callers (EKS service-account roles, OIDC CI, "
            "SAML), which have no aws:PrincipalOrgID or aws:PrincipalAccount",
            "add an Allow statement for those two actions conditioned on aws:ResourceOrgID (or "
            "aws:ResourceAccount) instead of the caller's identity, or use a preset",
        ),
    ),
    rationale="Identity-perimeter endpoint policies allow only principals of your organization "
    "or accounts. Some documented AWS flows pass through the endpoint with no such caller: S3 "
    "GETs to AWS-owned buckets that are anonymous or presigned by AWS-owned accounts (ECR "
    "image layers, Amazon Linux repositories, SSM Agent and CloudWatch agent downloads), and "
    "federated STS calls, whose request context lacks aws:PrincipalOrgID/PrincipalAccount "
    '("if your VPC endpoint policy relies only on aws:PrincipalOrgID ... federated '
    "AssumeRoleWithSAML and AssumeRoleWithWebIdentity calls are implicitly denied\"). AWS's "
    "own data-perimeter endpoint policies carry an exception for each. The presets carry "
    "these exceptions: " + _exceptions_text() + " A hand-written policy is reported when no "
    "Allow statement matches such a request without conditioning on the caller's identity "
    "(aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgPaths), or "
    "when a Deny catches it; the check reads Action and Resource patterns only (NotAction, "
    "NotResource and other condition keys are taken as not restricting).",
    source=f"IAM User Guide, Control access to AWS STS with VPC endpoint policies "
    f"({STS_POLICIES_DOC}); aws-samples/data-perimeter-policy-examples, "
    "vpc_endpoint_policies/ (s3_endpoint_policy.json, sts_endpoint_policy.json, README) and "
    "issue #15; Amazon ECR, Minimum Amazon S3 bucket permissions "
    "(https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"
    "#ecr-minimum-s3-perms); SSM Agent communications with AWS managed S3 buckets "
    "(https://docs.aws.amazon.com/systems-manager/latest/userguide/"
    "ssm-agent-minimum-s3-permissions.html)",
    url=STS_POLICIES_DOC,
    deviation="New ID (not in contract v1): issue 13, the presets broke documented AWS flows; "
    "they now carry AWS's exceptions, and hand-written policies are checked for them.",
    check=_check,
)

RULES: tuple[Rule, ...] = (POL012,)
