"""PRN00x: `allowed_principals` of endpoint services (who may connect)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit

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


def _principals(ctx: Context) -> Iterator[tuple[str, int, str]]:
    for name in sorted(ctx.spec.endpoint_services):
        for i, principal in enumerate(ctx.spec.endpoint_services[name].allowed_principals):
            yield name, i, principal


def _path(name: str, i: int) -> tuple[str, str, str, int]:
    return ("endpoint_services", name, "allowed_principals", i)


# --- PRN001 --------------------------------------------------------------------------------


def _principal_problem(principal: str, partition: str) -> tuple[str, dict[str, str]] | None:
    """(PRN001 variant, its fields) for a principal AWS does not take, else None."""
    if (
        principal == ANY
        or ACCOUNT_ID.fullmatch(principal)
        or SERVICE_PRINCIPAL.fullmatch(principal)
    ):
        return None  # '*' is PRN003/PRN005, bare account IDs are PRN002
    m = IAM_ARN.fullmatch(principal)
    if m is None:
        if ORG_UNIT_ARN.fullmatch(principal):
            ou_partition = principal.split(":")[1]
            if ou_partition != partition:
                return "ou-partition", {"other": ou_partition, "partition": partition}
            return None
        if principal.startswith("arn:") and ":sts::" in principal:
            return "sts", {"partition": partition}
        return "", {"partition": partition}
    if m["partition"] != partition:
        return "partition", {"other": m["partition"], "partition": partition}
    if m["kind"] is not None:
        name = m["name"]
        if "/" in name:
            last = name.rsplit("/", 1)[1]
            return "path", {
                "kind": m["kind"],
                "iam_name": name,
                "account": m["account"],
                "last": last,
                "partition": partition,
            }
        if not IAM_NAME.fullmatch(name):
            return "iam-name", {"kind": m["kind"], "iam_name": name}
    return None


def _check_principal_format(ctx: Context) -> Iterator[Hit]:
    partition = ctx.spec.partition
    for name, i, principal in _principals(ctx):
        problem = _principal_problem(principal, partition)
        if problem is not None:
            variant, fields = problem
            yield hit(_path(name, i), variant, service=name, principal=principal, **fields)


_PRINCIPAL = "endpoint service '{service}': allowed principal '{principal}' "
_ARN_FORMS = "arn:{partition}:iam::<account-id>:root, :user/<name> or :role/<name>"

PRN001 = Rule(
    id="PRN001",
    name="invalid-allowed-principal",
    severity=Severity.ERROR,
    summary="Each allowed principal is `*`, an IAM account root, user or role ARN without a "
    "path (`arn:<partition>:iam::<12 digits>:root|user/<name>|role/<name>`) in the spec's "
    "partition, an AWS service principal (`<service>.amazonaws.com`) or an Organizations OU "
    "ARN.",
    message=_PRINCIPAL + "is not an IAM account, user or role ARN",
    hint="use " + _ARN_FORMS,
    variants=(
        Variant(
            "sts",
            _PRINCIPAL + "is an STS session ARN; AWS refuses it (InvalidPrincipal)",
            "name the IAM role instead: " + _ARN_FORMS,
        ),
        Variant(
            "partition",
            _PRINCIPAL + "is in partition '{other}', not the spec's '{partition}'",
            "use arn:{partition}:iam::...",
        ),
        Variant(
            "ou-partition",
            _PRINCIPAL + "is in partition '{other}', not '{partition}'",
            "use arn:{partition}:organizations::...",
        ),
        Variant(
            "path",
            _PRINCIPAL + "has a path ('{kind}/{iam_name}'); principal ARNs with path components "
            "are not supported",
            "drop the path: arn:{partition}:iam::{account}:{kind}/{last}",
        ),
        Variant(
            "iam-name",
            _PRINCIPAL + "has an invalid IAM {kind} name '{iam_name}'",
            "IAM names use letters, digits and + = , . @ _ - (at most 64)",
        ),
    ),
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
)

# --- PRN002 --------------------------------------------------------------------------------


def _check_bare_account(ctx: Context) -> Iterator[Hit]:
    partition = ctx.spec.partition
    for name, i, principal in _principals(ctx):
        if ACCOUNT_ID.fullmatch(principal):
            yield hit(_path(name, i), service=name, principal=principal, partition=partition)


PRN002 = Rule(
    id="PRN002",
    name="bare-account-id-principal",
    severity=Severity.ERROR,
    summary="Allowed principals are ARNs; a bare 12-digit account ID is not one.",
    message="endpoint service '{service}': allowed principal '{principal}' is an account ID, not "
    "an ARN",
    hint="write arn:{partition}:iam::{principal}:root to allow the whole account",
    variants=(
        Variant(
            "unquoted",
            "endpoint service '{service}': allowed principal {principal} is an unquoted account "
            "ID (a number), not an ARN",
            'write "arn:aws:iam::{principal}:root" (quoted)',
        ),
    ),
    rationale="AddAllowedPrincipals takes 'The Amazon Resource Names (ARN) of the principals'. "
    "The catalog's severity column said warning while its condition said error; this is an "
    "error because no AWS document says a bare ID is accepted, and if the API normalised it "
    "to the root ARN the principal read back would differ from the one configured, leaving "
    "the module with a permanent diff. The fix is mechanical and always safe.",
    source=f"API-PERM ({sources.API_PERM}): AddAllowedPrincipals.N 'The Amazon Resource Names "
    "(ARN) of the principals'",
    url=sources.API_PERM,
    check=_check_bare_account,
    deviation="Severity error, not v1's warning: v1's severity column said warning while its "
    "condition said error; no AWS document says a bare account ID is accepted, and a "
    "normalised principal would leave a permanent diff. The fix is mechanical.",
)

# --- PRN003 --------------------------------------------------------------------------------


def _check_public(ctx: Context) -> Iterator[Hit]:
    for name, i, principal in _principals(ctx):
        svc = ctx.spec.endpoint_services[name]
        # Without the opt-in PRN005 reports '*'; without acceptance ES004 does.
        if principal == ANY and svc.allow_any_principal and svc.acceptance_required:
            yield hit(_path(name, i), service=name)


PRN003 = Rule(
    id="PRN003",
    name="public-endpoint-service",
    severity=Severity.WARNING,
    summary="`*` in allowed_principals makes the endpoint service public (each connection "
    "still needs acceptance unless acceptance_required is false, which ES004 reports).",
    message="endpoint service '{service}' allows any AWS principal ('*'): the service is "
    "public, and anyone who knows its name can request a connection",
    hint="keep acceptance_required: true and accept only known consumers; suppress PRN003 if "
    "the service is meant to be public",
    rationale="Any AWS account that learns a public service's name can request an endpoint; "
    "with acceptance required each request still waits for approval. The stronger case "
    "(acceptance_required: false) is reported once, as ES004, rather than twice.",
    source=f"API-PERM ({sources.API_PERM}): 'If you grant permissions to all principals, the "
    "service is public. Any users who know the name of a public service can send a request to "
    "attach an endpoint.'",
    url=sources.API_PERM,
    check=_check_public,
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
            yield hit(_path(name, i), service=name)


PRN005 = Rule(
    id="PRN005",
    name="any-principal-without-opt-in",
    severity=Severity.ERROR,
    summary="`*` principals need an explicit opt-in: `allow_any_principal: true`.",
    message="endpoint service '{service}' allows '*' (every AWS principal) without "
    "allow_any_principal: true",
    hint="to make the service public on purpose, add allow_any_principal: true; otherwise "
    "list the account, user or role ARNs that may connect",
    rationale="vpcegen's defaults are secure: nothing is opened that the spec does not ask for "
    "explicitly. A single '*' turns a private service into a public one (API-PERM), so it must "
    "be confirmed by a second, unambiguous key; a stray '*' is then caught at review time.",
    source=f"{sources.SPEC_MD}, secure defaults (allow_any_principal); API-PERM "
    f"({sources.API_PERM}): 'If you grant permissions to all principals, the service is "
    "public.'",
    url=sources.API_PERM,
    check=_check_opt_in,
    deviation="New ID (not in contract v1): vpcegen's secure default asks for an explicit "
    "allow_any_principal: true before '*' makes a service public; v1 had only the "
    "PRN003 warning.",
)

RULES: tuple[Rule, ...] = (PRN001, PRN002, PRN003, PRN004, PRN005)
