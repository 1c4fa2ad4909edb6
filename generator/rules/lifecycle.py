"""A module's life in AWS after its first plan: the provider it is called with, the provider
releases its features need, and changes AWS only finishes outside the plan (acceptance of an
endpoint, a private DNS name renamed or removed).

SPEC010 and SPEC011 are about the module's provider; GWLB009, ES014 and PDN007 about
objects whose state AWS changes on its own. All but SPEC011 are plan-time rules: the module
guards them (generator.plan_time).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.resolve import features
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, hit
from generator.spec.endpoint_types import GWLB

# --- SPEC010: the provider's Region ----------------------------------------------------------


def _guard_region(refs: ModuleRefs) -> Iterator[Placed]:
    region = refs.resolved.region
    refs.region_data()
    yield Placed(
        "region",
        "",
        Assertion(
            f"self.region == {hcl.string(region)}",
            hcl.template(
                f"SPEC010: this module was generated for {region}, but its aws provider is "
                "configured for ",
                hcl.Interp("self.region"),
                f"; pass it a provider for {region} (providers = {{ aws = aws.<alias> }}).",
            ),
        ),
    )


SPEC010 = Rule(
    id="SPEC010",
    name="provider-region-differs",
    severity=Severity.ERROR,
    summary="The module runs only with an aws provider configured for the spec's Region.",
    message="SPEC010: the module was generated for <region>, the provider is for another Region",
    hint="call the module with a provider for the spec's Region (a provider alias)",
    rationale="Service names, AZ IDs, subnet IDs and the plan-time lookups are the spec's "
    "Region's. With a provider for another Region the lookups fail with errors that do not "
    "name the cause, or, worse, find objects of the same ID shape elsewhere.",
    source=f"provider v6 Enhanced Region Support guide ({sources.TF_REGION_GUIDE}); data source "
    "aws_region: `region` (name and id are deprecated)",
    url=sources.TF_REGION_GUIDE,
    status=Status.PLAN_TIME,
    status_reason="the provider's Region is known only to Terraform: the module reads data "
    '"aws_region" "current" (no AWS call) and its postcondition `self.region == "<region>"` '
    "stops the plan with a message starting 'SPEC010'",
    deviation="New ID (not in contract v1): issue 12 asks modules to assert the Region they "
    "were generated for.",
    guard=_guard_region,
    guard_sites=("region",),
)


# --- SPEC011: a pinned provider version the module's features need --------------------------

_CLAUSE = re.compile(r"\s*(>=|<=|~>|!=|=|>|<)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*")


def lowest_admitted(constraint: str) -> features.Version | None:
    """The lowest release a Terraform version constraint admits (None: any, or unreadable)."""
    low: features.Version | None = None
    for clause in constraint.split(","):
        m = _CLAUSE.fullmatch(clause)
        if m is None:
            return None
        op = m[1] or "="
        version = (int(m[2]), int(m[3] or 0), int(m[4] or 0))
        if op in ("=", ">=", "~>"):
            bound = version
        elif op == ">":
            bound = (version[0], version[1], version[2] + 1)
        else:  # <, <=, != set no lower bound
            continue
        low = bound if low is None else max(low, bound)
    return low


def _check_provider_pin(ctx: Context) -> Iterator[Hit]:
    pinned = ctx.spec.terraform.aws_provider_version
    if pinned is None:
        return
    used = ctx.resolved.features
    floor = features.floor(used)
    low = lowest_admitted(pinned)
    if low is not None and low >= floor:
        return
    too_old = features.needing(used, low or (0, 0, 0)) or [features.BASE]
    yield hit(
        ("terraform", "aws_provider_version"),
        pinned=pinned,
        floor=features.text(floor),
        needs="; ".join(f"{f.what} ({features.text(f.floor)})" for f in too_old),
    )


SPEC011 = Rule(
    id="SPEC011",
    name="provider-version-too-old",
    severity=Severity.ERROR,
    summary="`terraform.aws_provider_version` admits no hashicorp/aws release older than the "
    "module's features need.",
    message="aws_provider_version '{pinned}' admits releases older than {floor}, which this "
    "module needs: {needs}",
    hint="set aws_provider_version to '>= {floor}, < 7.0.0', or leave it out (vpcegen then "
    "computes it)",
    rationale="An older provider either rejects an argument the module writes (an unsupported "
    "argument error at plan time) or sends it wrongly (AWS rejects the endpoint at apply time: "
    "provider issue 45846).",
    source="hashicorp/aws CHANGELOG (6.0.0, 6.28.0 and the features table in "
    "generator/resolve/features.py, each row quoting its line); docs/provider-floor.md",
    url=sources.TF_CHANGELOG,
    deviation="New ID (not in contract v1): v1 fixed the constraint at '>= 6.0'; modules now "
    "ask for the release their features need.",
    check=_check_provider_pin,
)


# --- GWLB009: no route through an endpoint that is not available ----------------------------


def _guard_available(refs: ModuleRefs) -> Iterator[Placed]:
    for ep in refs.resolved.endpoints_of(GWLB):
        if not ep.model.routes:
            continue
        state = f"aws_vpc_endpoint.{hcl.identifier(ep.key)}.state"
        yield Placed(
            "routes",
            ep.key,
            Assertion(
                f'{state} == "available"',
                hcl.template(
                    f"GWLB009: endpoint '{ep.key}' is ",
                    hcl.Interp(state),
                    ", not available: routes would send traffic into it and drop it. Ask the "
                    "service owner to accept the connection (or enable auto acceptance), then "
                    "apply again.",
                ),
            ),
        )


GWLB009 = Rule(
    id="GWLB009",
    name="route-before-endpoint-available",
    severity=Severity.ERROR,
    summary="Routes go through a Gateway Load Balancer endpoint only once AWS reports it "
    "available (accepted by the service owner).",
    message="GWLB009: endpoint <name> is pendingAcceptance; its routes are not created",
    hint="have the service owner accept the endpoint, then apply again",
    rationale="The provider treats pendingAcceptance as created, so without a guard the routes "
    "that send 0.0.0.0/0 to the endpoint go live before the service owner accepts it, and "
    "egress is dropped until then.",
    source=f"provider: waitVPCEndpointAvailable targets available and pendingAcceptance "
    f"({sources.TF_VPCE}); GWLB endpoints need acceptance unless the service auto-accepts "
    f"({sources.DOC_GWLBE})",
    url=sources.DOC_GWLBE,
    status=Status.PLAN_TIME,
    status_reason="acceptance is the service owner's act: every aws_route through the endpoint "
    'carries a precondition `aws_vpc_endpoint.<ep>.state == "available"` (message starting '
    "'GWLB009'). On the first apply it is checked once the endpoint exists; while the "
    "endpoint waits for acceptance the apply stops before any route is made, and the next "
    "apply after acceptance creates them.",
    deviation="New ID (not in contract v1): issue 12, nothing routes to an endpoint before it "
    "is available.",
    guard=_guard_available,
    guard_sites=("routes",),
)


# --- ES014 (warning): a private DNS name left on the service ---------------------------------


def _guard_removed_dns_name(refs: ModuleRefs) -> Iterator[Placed]:
    for key, svc in refs.resolved.endpoint_services:
        if svc.private_dns_name:
            continue
        ref = f"aws_vpc_endpoint_service.{hcl.identifier(key)}"
        name = f'({ref}.private_dns_name == null ? "" : {ref}.private_dns_name)'
        yield Placed(
            "check",
            f"es014_{hcl.identifier(key)}",
            Assertion(
                f'{name} == ""',
                hcl.template(
                    f"ES014: endpoint service '{key}' still has the private DNS name ",
                    hcl.Interp(name),
                    ", which the spec no longer sets and the provider never removes. Remove it "
                    "with: aws ec2 modify-vpc-endpoint-service-configuration --service-id ",
                    hcl.Interp(f"{ref}.id"),
                    " --remove-private-dns-name",
                ),
            ),
            comment=f"ES014: endpoint service '{key}' has no private DNS name in the spec.",
        )


ES014 = Rule(
    id="ES014",
    name="private-dns-name-left-behind",
    severity=Severity.WARNING,
    summary="Removing `private_dns_name` from the spec does not remove it from the endpoint "
    "service; the module reports one that is left behind.",
    message="ES014: endpoint service <name> still has private DNS name <dns name>",
    hint="remove it with aws ec2 modify-vpc-endpoint-service-configuration "
    "--remove-private-dns-name",
    rationale="private_dns_name is Optional+Computed in the provider and its update never sends "
    "RemovePrivateDnsName, so deleting the key from the configuration plans nothing and the "
    "name (and consumers' private DNS for it) stays.",
    source=f"provider vpc_endpoint_service.go (Optional+Computed private_dns_name; update sends "
    f"PrivateDnsName only) ({sources.TF_VPCES}); EC2 API ModifyVpcEndpointServiceConfiguration "
    f"RemovePrivateDnsName ({sources.API_MVESC})",
    url=sources.API_MVESC,
    status=Status.PLAN_TIME,
    status_reason="only the service's state knows a name from before: every endpoint service "
    "without private_dns_name gets a check block asserting the service has none (a warning "
    "with the command that removes it)",
    deviation="New ID (not in contract v1): issue 12, a removed private DNS name must really be "
    "gone.",
    guard=_guard_removed_dns_name,
    guard_sites=("check",),
)


# --- PDN007 (warning): the verification record after a rename --------------------------------


def _guard_stale_record(refs: ModuleRefs) -> Iterator[Placed]:
    for key, svc in refs.resolved.endpoint_services:
        if not (svc.private_dns_name and svc.private_dns_verification):
            continue
        ident = hcl.identifier(key)
        token = f'try(aws_vpc_endpoint_service.{ident}.private_dns_name_configuration[0].value, "")'
        published = f"aws_route53_record.{ident}_verification.records"
        yield Placed(
            "check",
            f"pdn007_{ident}",
            Assertion(
                f"contains({published}, {token})",
                message_for(key, svc.private_dns_name),
            ),
            comment=f"PDN007: the TXT record of endpoint service '{key}' carries AWS's current "
            "token.",
        )


def message_for(key: str, name: str) -> str:
    return hcl.string(
        f"PDN007: the verification TXT record of endpoint service '{key}' does not carry AWS's "
        f"current token for {name} (the name changed in this apply, and AWS issues the token "
        "only then). Run terraform apply again: it publishes the new record and verifies again."
    )


PDN007 = Rule(
    id="PDN007",
    name="verification-record-stale",
    severity=Severity.WARNING,
    summary="After a private DNS name changes, the TXT record carries AWS's new token only "
    "from the next apply on; the module says so.",
    message="PDN007: the verification TXT record of <service> carries an old token",
    hint="run terraform apply again to publish the new token and restart verification",
    rationale="AWS issues the verification token when the name is set; the provider reads it "
    "after the update, so the record (and the verification, which is replaced when the record "
    "changes) follows on the next plan. Until then the new name is unverified.",
    source=f"{sources.DOC_DNSNAMES}; provider vpc_endpoint_service_private_dns_verification.go "
    "(no update, no-op read)",
    url=sources.DOC_DNSNAMES,
    status=Status.PLAN_TIME,
    status_reason="a check block compares the published record with the service's current "
    "private_dns_name_configuration value; it warns after an apply that renamed the name",
    deviation="New ID (not in contract v1): issue 12, renaming a private DNS name restarts "
    "verification.",
    guard=_guard_stale_record,
    guard_sites=("check",),
)

RULES: tuple[Rule, ...] = (ES014, GWLB009, PDN007, SPEC010, SPEC011)
