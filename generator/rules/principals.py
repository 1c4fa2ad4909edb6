"""PRN00x: `allowed_principals` of endpoint services (who may connect)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.rules import sources
from generator.rules.base import Context, Example, Hit, Rule, Status

ACCOUNT_ID = re.compile(r"[0-9]{12}")
IAM_ARN = re.compile(
    r"arn:(?P<partition>[a-z0-9-]+):iam::(?P<account>[0-9]{12}):"
    r"(?P<resource>root|(?P<kind>user|role)/(?P<name>.+))"
)
IAM_NAME = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)
ORG_UNIT_ARN = re.compile(
    r"arn:(?P<partition>[a-z0-9-]+):organizations::[0-9]{12}:"
    r"ou/o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}"
)
SERVICE_PRINCIPAL = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?")
ANY = "*"

NLB_ARN = (
    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/orders/0123456789abcdef"
)


def _service_head(name: str) -> str:
    return f"endpoint_services:\n  {name}:\n    network_load_balancer_arns:\n      - {NLB_ARN}\n"


def _principals(ctx: Context) -> Iterator[tuple[str, int, str]]:
    for name in sorted(ctx.spec.endpoint_services):
        for i, principal in enumerate(ctx.spec.endpoint_services[name].allowed_principals):
            yield name, i, principal


def _path(name: str, i: int) -> tuple[str, str, str, int]:
    return ("endpoint_services", name, "allowed_principals", i)


# --- PRN001 --------------------------------------------------------------------------------


def _principal_problem(principal: str, partition: str) -> tuple[str, str] | None:
    """(what is wrong, what to do) for a principal AWS does not take, else None."""
    if (
        principal == ANY
        or ACCOUNT_ID.fullmatch(principal)
        or SERVICE_PRINCIPAL.fullmatch(principal)
    ):
        return None  # '*' is PRN003/PRN005, bare account IDs are PRN002
    example = f"arn:{partition}:iam::<account-id>:root, :user/<name> or :role/<name>"
    m = IAM_ARN.fullmatch(principal)
    if m is None:
        if ORG_UNIT_ARN.fullmatch(principal):
            ou_partition = principal.split(":")[1]
            if ou_partition != partition:
                return (
                    f"is in partition '{ou_partition}', not '{partition}'",
                    f"use arn:{partition}:organizations::...",
                )
            return None
        if principal.startswith("arn:") and ":sts::" in principal:
            return (
                "is an STS session ARN; AWS refuses it (InvalidPrincipal)",
                f"name the IAM role instead: {example}",
            )
        return ("is not an IAM account, user or role ARN", f"use {example}")
    if m["partition"] != partition:
        return (
            f"is in partition '{m['partition']}', not the spec's '{partition}'",
            f"use arn:{partition}:iam::...",
        )
    if m["kind"] is not None:
        name = m["name"]
        if "/" in name:
            last = name.rsplit("/", 1)[1]
            return (
                f"has a path ('{m['kind']}/{name}'); principal ARNs with path components are "
                "not supported",
                f"drop the path: arn:{partition}:iam::{m['account']}:{m['kind']}/{last}",
            )
        if not IAM_NAME.fullmatch(name):
            return (
                f"has an invalid IAM {m['kind']} name '{name}'",
                "IAM names use letters, digits and + = , . @ _ - (at most 64)",
            )
    return None


def _check_principal_format(ctx: Context) -> Iterator[Hit]:
    partition = ctx.spec.partition
    for name, i, principal in _principals(ctx):
        problem = _principal_problem(principal, partition)
        if problem is not None:
            what, hint = problem
            yield Hit(
                _path(name, i),
                f"endpoint service '{name}': allowed principal '{principal}' {what}",
                hint,
            )


PRN001 = Rule(
    id="PRN001",
    name="invalid-allowed-principal",
    severity=Severity.ERROR,
    summary="Each allowed principal is `*`, an IAM account root, user or role ARN without a "
    "path (`arn:<partition>:iam::<12 digits>:root|user/<name>|role/<name>`) in the spec's "
    "partition, an AWS service principal (`<service>.amazonaws.com`) or an Organizations OU "
    "ARN.",
    message="endpoint service '<name>': allowed principal '<p>' has a path / is not an IAM "
    "account, user or role ARN",
    hint="use arn:<partition>:iam::<account-id>:root, :user/<name> or :role/<name>",
    rationale="ModifyVpcEndpointServicePermissions grants access to AWS accounts, users and "
    "IAM roles by ARN and states that principal ARNs with path components aren't supported; "
    "STS session ARNs fail with InvalidPrincipal. The API's principal types also include "
    "Service and OrganizationUnit, and service principals are documented to work (AWS CDK), so "
    "those forms are accepted rather than reported.",
    source=f"API-PERM ({sources.API_PERM}): 'service consumers (AWS accounts, users, and IAM "
    f"roles) ... Principal ARNs with path components aren't supported'; AllowedPrincipal "
    f"principalType ({sources.API_ALLOWED_PRINCIPAL}); InvalidPrincipal for an STS ARN "
    f"({sources.I_INVALID_PRINCIPAL}); service principals ({sources.CDK_SERVICE_PRINCIPAL})",
    url=sources.API_PERM,
    check=_check_principal_format,
    examples=(
        Example(
            True,
            _service_head("orders-api")
            + "    allowed_principals:\n      - arn:aws:iam::444455556666:root\n"
            "      - arn:aws:iam::444455556666:role/team/orders-client  # expect: PRN001\n",
            "a role ARN with a path",
        ),
        Example(
            False,
            _service_head("orders-api")
            + "    allowed_principals:\n      - arn:aws:iam::444455556666:root\n"
            "      - arn:aws:iam::777788889999:role/orders-client\n",
        ),
    ),
)

# --- PRN002 --------------------------------------------------------------------------------


def _check_bare_account(ctx: Context) -> Iterator[Hit]:
    partition = ctx.spec.partition
    for name, i, principal in _principals(ctx):
        if ACCOUNT_ID.fullmatch(principal):
            yield Hit(
                _path(name, i),
                f"endpoint service '{name}': allowed principal '{principal}' is an account "
                "ID, not an ARN",
                f"write arn:{partition}:iam::{principal}:root to allow the whole account",
            )


PRN002 = Rule(
    id="PRN002",
    name="bare-account-id-principal",
    severity=Severity.ERROR,
    summary="Allowed principals are ARNs; a bare 12-digit account ID is not one.",
    message="endpoint service '<name>': allowed principal '<id>' is an account ID, not an ARN",
    hint="write arn:aws:iam::<id>:root",
    rationale="AddAllowedPrincipals takes 'The Amazon Resource Names (ARN) of the principals'. "
    "The catalog's severity column said warning while its condition said error; this is an "
    "error because no AWS document says a bare ID is accepted, and if the API normalised it "
    "to the root ARN the principal read back would differ from the one configured, leaving "
    "the module with a permanent diff. The fix is mechanical and always safe.",
    source=f"API-PERM ({sources.API_PERM}): AddAllowedPrincipals.N 'The Amazon Resource Names "
    "(ARN) of the principals'",
    url=sources.API_PERM,
    check=_check_bare_account,
    examples=(
        Example(
            True,
            _service_head("orders-api")
            + "    allowed_principals:\n      - '444455556666'  # expect: PRN002\n",
        ),
        Example(
            False,
            _service_head("orders-api")
            + "    allowed_principals:\n      - arn:aws:iam::444455556666:root\n",
        ),
    ),
)

# --- PRN003 --------------------------------------------------------------------------------


def _check_public(ctx: Context) -> Iterator[Hit]:
    for name, i, principal in _principals(ctx):
        svc = ctx.spec.endpoint_services[name]
        # Without the opt-in PRN005 reports '*'; without acceptance ES004 does.
        if principal == ANY and svc.allow_any_principal and svc.acceptance_required:
            yield Hit(
                _path(name, i),
                f"endpoint service '{name}' allows any AWS principal ('*'): the service is "
                "public, and anyone who knows its name can request a connection",
                "keep acceptance_required: true and accept only known consumers; suppress "
                "PRN003 if the service is meant to be public",
            )


PRN003 = Rule(
    id="PRN003",
    name="public-endpoint-service",
    severity=Severity.WARNING,
    summary="`*` in allowed_principals makes the endpoint service public (each connection "
    "still needs acceptance unless acceptance_required is false, which ES004 reports).",
    message="endpoint service '<name>' allows any AWS principal ('*'): the service is public",
    hint="allow named principals, or suppress PRN003 for a deliberately public service",
    rationale="Any AWS account that learns a public service's name can request an endpoint; "
    "with acceptance required each request still waits for approval. The stronger case "
    "(acceptance_required: false) is reported once, as ES004, rather than twice.",
    source=f"API-PERM ({sources.API_PERM}): 'If you grant permissions to all principals, the "
    "service is public. Any users who know the name of a public service can send a request to "
    "attach an endpoint.'",
    url=sources.API_PERM,
    check=_check_public,
    examples=(
        Example(
            True,
            _service_head("public-api")
            + "    allowed_principals: ['*']  # expect: PRN003\n    allow_any_principal: true\n",
        ),
        Example(
            False,
            _service_head("orders-api")
            + "    allowed_principals: [arn:aws:iam::444455556666:root]\n",
        ),
    ),
)

# --- PRN004 --------------------------------------------------------------------------------

PRN004 = Rule(
    id="PRN004",
    name="consumer-not-allowed",
    severity=Severity.WARNING,
    summary="Consumers in other accounts need a permission entry before they can create an "
    "endpoint to the service.",
    message="-",
    hint="add each consumer account's root ARN (or its role) to allowed_principals",
    rationale="Without a permission the service is not even visible to the consumer.",
    source=f"DOC-SHARE ({sources.DOC_SHARE}): 'You grant permission to specific AWS principals "
    "so that they can connect to your service'",
    url=sources.DOC_SHARE,
    status=Status.NOT_CHECKABLE,
    status_reason="a spec describes the provider's side only; its consumers (other accounts' "
    "endpoints) are not in it",
)

# --- PRN005 --------------------------------------------------------------------------------


def _check_opt_in(ctx: Context) -> Iterator[Hit]:
    for name, i, principal in _principals(ctx):
        if principal == ANY and not ctx.spec.endpoint_services[name].allow_any_principal:
            yield Hit(
                _path(name, i),
                f"endpoint service '{name}' allows '*' (every AWS principal) without "
                "allow_any_principal: true",
                "to make the service public on purpose, add allow_any_principal: true; "
                "otherwise list the account, user or role ARNs that may connect",
            )


PRN005 = Rule(
    id="PRN005",
    name="any-principal-without-opt-in",
    severity=Severity.ERROR,
    summary="`*` principals need an explicit opt-in: `allow_any_principal: true`.",
    message="endpoint service '<name>' allows '*' (every AWS principal) without "
    "allow_any_principal: true",
    hint="add allow_any_principal: true, or list named principals",
    rationale="vpcegen's defaults are secure: nothing is opened that the spec does not ask for "
    "explicitly. A single '*' turns a private service into a public one (API-PERM), so it must "
    "be confirmed by a second, unambiguous key; a stray '*' is then caught at review time.",
    source=f"{sources.SPEC_MD}, secure defaults (allow_any_principal); API-PERM "
    f"({sources.API_PERM}): 'If you grant permissions to all principals, the service is "
    "public.'",
    url=sources.API_PERM,
    check=_check_opt_in,
    examples=(
        Example(
            True,
            _service_head("public-api") + "    allowed_principals: ['*']  # expect: PRN005\n",
        ),
        Example(
            False,
            _service_head("public-api")
            + "    allowed_principals: ['*']\n    allow_any_principal: true\n",
            "deliberately public: PRN003 warns, and no error",
        ),
    ),
)

RULES: tuple[Rule, ...] = (PRN001, PRN002, PRN003, PRN004, PRN005)
