"""PDN00x: private DNS names of endpoint services and their domain verification."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit
from generator.rules.plan_helpers import message

MAX_NAME = 255
MAX_LABEL = 63
LDH_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")

NLB_ARN = (
    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/orders/0123456789abcdef"
)

# --- PDN001 --------------------------------------------------------------------------------


def _check_verification(ctx: Context) -> Iterator[Hit]:
    for name in sorted(ctx.spec.endpoint_services):
        svc = ctx.spec.endpoint_services[name]
        base = ("endpoint_services", name)
        if svc.private_dns_name is None:
            if svc.private_dns_verification is not None:
                yield hit((*base, "private_dns_verification"), "no-name", at_key=True, service=name)
        elif svc.private_dns_verification is None and svc.gateway_load_balancer_arns is None:
            yield hit((*base, "private_dns_name"), service=name, dns_name=svc.private_dns_name)


PDN001 = Rule(
    id="PDN001",
    name="private-dns-name-unverified",
    severity=Severity.WARNING,
    summary="A private DNS name is usable only after its domain is verified with a TXT record "
    "(name `_<token>.<domain>`, value `vpce:<token>`); without `private_dns_verification` the "
    "module does not publish it.",
    message="endpoint service '{service}' sets private_dns_name '{dns_name}' without "
    "private_dns_verification: consumers cannot use the name until you prove you own the domain",
    hint="add private_dns_verification: {{route53_zone_id: <public zone of the domain>}} so the "
    "module publishes the TXT record; or publish the record the module outputs "
    "(private_dns_name_configuration: name and value) at your DNS provider and run "
    "'aws ec2 start-vpc-endpoint-service-private-dns-verification --service-id <id>'",
    variants=(
        Variant(
            "no-name",
            "endpoint service '{service}' has private_dns_verification but no private_dns_name "
            "to verify",
            "add private_dns_name, or remove private_dns_verification",
            severity=Severity.ERROR,
        ),
    ),
    rationale="Until verification succeeds, consumers' endpoints cannot use the name (the "
    "state stays pendingVerification). Verification can be done outside the module (another "
    "DNS provider), so a missing verification block is a warning; the catalog's error case "
    "(a consumer relying on the name) is on the consumer's side, outside this spec. A "
    "verification block without a name has nothing to verify and is an error.",
    source=f"DOC-DNSNAMES ({sources.DOC_DNSNAMES}): 'Before you can configure a private DNS "
    "name for your endpoint service, you must prove that you own the domain'; DNS-VERIFY-OLD "
    f"({sources.DNS_VERIFY_OLD}): TXT record name and value",
    url=sources.DOC_DNSNAMES,
    check=_check_verification,
    deviation="Severity warning, not v1's error: verification can be done outside the module "
    "(another DNS provider), so a missing verification block is not certain to fail; "
    "v1's error case (a consumer relying on an unverified name) is on the consumer "
    "side, outside the spec.",
)

# --- PDN002 --------------------------------------------------------------------------------


def _guard_verification_zone(refs: ModuleRefs) -> Iterator[Placed]:
    for key, svc in refs.resolved.endpoint_services:
        if not (svc.private_dns_name and svc.private_dns_verification):
            continue
        zone_id = svc.private_dns_verification.route53_zone_id
        zone = refs.zone_data(key, zone_id)
        dns_name = hcl.string(svc.private_dns_name.removeprefix("*."))
        zone_name = f'trimsuffix({zone}.name, ".")'
        yield Placed(
            "verification_record",
            key,
            Assertion(
                f"!{zone}.private_zone",
                message(
                    "PDN002",
                    f"hosted zone {zone_id} is private; domain verification for "
                    f"{svc.private_dns_name} needs the public zone of the domain.",
                ),
            ),
        )
        yield Placed(
            "verification_record",
            key,
            Assertion(
                f'{dns_name} == {zone_name} || endswith({dns_name}, ".${{{zone_name}}}")',
                message(
                    "PDN002",
                    f"hosted zone {zone_id} is not the zone of {svc.private_dns_name} "
                    "or of a parent domain.",
                ),
            ),
        )


PDN002 = Rule(
    id="PDN002",
    name="verification-zone-not-public",
    severity=Severity.ERROR,
    summary="Domain verification needs a public hosted zone of the name's domain (or a "
    "parent); a private hosted zone cannot verify.",
    message="PDN002: hosted zone <id> is private / is not the domain of <name>",
    hint="give the public hosted zone of the private DNS name's domain",
    rationale="AWS looks the TXT record up in public DNS, so a record in a private hosted zone "
    "is never found and verification fails. Route 53 also refuses a record whose name is "
    "outside the zone.",
    source=f"DOC-DNSNAMES ({sources.DOC_DNSNAMES}): 'To verify a domain, you must have a public "
    f"hostname or a public DNS provider'; data source aws_route53_zone ({sources.TF_R53_ZONE_DS})",
    url=sources.DOC_DNSNAMES,
    status=Status.PLAN_TIME,
    status_reason="the zone is given by ID only, so whether it is public and which domain it "
    'serves is known at plan time. The module reads data "aws_route53_zone" (zone_id = the '
    "spec's route53_zone_id) and guards the TXT record with two preconditions whose messages "
    "start with 'PDN002': `!data.aws_route53_zone.<svc>.private_zone` (the zone must be "
    'public) and `<private_dns_name> == trimsuffix(<zone>.name, ".")` or '
    '`endswith(<private_dns_name>, ".${trimsuffix(<zone>.name, ".")}")` (the zone serves '
    "the name's domain); a leading '*.' of a wildcard name is stripped first",
    guard=_guard_verification_zone,
    guard_sites=("verification_record",),
)

# --- PDN003 --------------------------------------------------------------------------------


def _name_problems(name: str) -> Iterator[tuple[str, dict[str, object]]]:
    """(PDN003 variant, its fields) for each way `name` is not a DNS host name."""
    if name.endswith("."):
        yield "trailing-dot", {}
        return
    if len(name) > MAX_NAME:
        yield "too-long", {"length": len(name), "limit": MAX_NAME}
    labels = name.split(".")
    if len(labels) < 2:
        yield "single-label", {}
    for i, label in enumerate(labels):
        if i == 0 and label == "*" and len(labels) > 2:
            continue  # wildcard name, like AWS services' *.dkr.ecr.<region>.amazonaws.com
        if not label:
            yield "empty-label", {}
        elif len(label) > MAX_LABEL:
            yield "long-label", {"length": len(label), "start": label[:20], "limit": MAX_LABEL}
        elif not LDH_LABEL.fullmatch(label):
            if not label.isascii():
                yield "not-ascii", {"label": label}
            elif "*" in label:
                yield "wildcard", {}
            else:
                yield "", {"label": label}


def _check_name_syntax(ctx: Context) -> Iterator[Hit]:
    for name in sorted(ctx.spec.endpoint_services):
        dns_name = ctx.spec.endpoint_services[name].private_dns_name
        if dns_name is None:
            continue
        path = ("endpoint_services", name, "private_dns_name")
        for variant, fields in _name_problems(dns_name):
            yield hit(path, variant, service=name, dns_name=dns_name, **fields)


_NAME = "endpoint service '{service}': private_dns_name '{dns_name}' "

PDN003 = Rule(
    id="PDN003",
    name="invalid-private-dns-name",
    severity=Severity.ERROR,
    summary="A private DNS name is a host name: labels of letters, digits and inner hyphens, "
    "each at most 63 characters, at most 255 in all, at least two labels; `*` only as a whole "
    "first label.",
    message=_NAME + "has label '{label}', which may hold only letters, digits and inner hyphens",
    hint="use a host name like orders.example.com: labels of letters, digits and hyphens, each "
    "at most 63 characters, 255 in all",
    variants=(
        Variant("trailing-dot", _NAME + "ends with a dot", "write the name without the dot"),
        Variant("too-long", _NAME + "has {length} characters; a domain name has at most {limit}"),
        Variant(
            "single-label",
            _NAME + "is a single label",
            "use a domain you control in public DNS",
        ),
        Variant("empty-label", _NAME + "has an empty label (two dots in a row)"),
        Variant(
            "long-label",
            _NAME + "has a label of {length} characters ('{start}...'); at most {limit}",
        ),
        Variant(
            "not-ascii",
            _NAME + "has label '{label}', which is not ASCII",
            "use its punycode (xn--) form",
        ),
        Variant(
            "wildcard",
            _NAME + "has a '*' that is not the whole first label",
            "'*' may only be the whole first label (*.example.com)",
        ),
    ),
    rationale="The name is verified in public DNS and served to consumers from a private "
    "hosted zone, so it must be a valid DNS host name (RFC 1034, which the AWS page cites). "
    "Wildcard names are accepted because AWS's own endpoint services publish them (for "
    "example *.dkr.ecr.<region>.amazonaws.com); no AWS page found forbids them for customer "
    "services.",
    source=f"DOC-DNSNAMES ({sources.DOC_DNSNAMES}): 'As specified in RFC 1034, each DNS label "
    "can have up to 63 characters and the whole domain name must not exceed a total length of "
    "255 characters'",
    url=sources.DOC_DNSNAMES,
    check=_check_name_syntax,
)

# --- PDN004 / PDN005 / PDN006 --------------------------------------------------------------

PDN004 = Rule(
    id="PDN004",
    name="subdomain-needs-verified-domain",
    severity=Severity.WARNING,
    summary="Verifying a parent domain covers names under it; a new name needs it or a parent "
    "verified.",
    message="-",
    hint="verify the name or a parent domain",
    rationale="Verification state belongs to the account's existing endpoint services.",
    source=f"DOC-DNSNAMES ({sources.DOC_DNSNAMES}): 'If you add an additional subdomain, you "
    "must verify the subdomain, or the domain.'",
    url=sources.DOC_DNSNAMES,
    status=Status.NOT_CHECKABLE,
    status_reason="which domains are already verified is account state no spec holds; the "
    "zone/domain match for names the module verifies itself is PDN002's plan-time guard",
)

PDN005 = Rule(
    id="PDN005",
    name="public-record-for-private-name",
    severity=Severity.WARNING,
    summary="Older docs: do not create a public A record for the private DNS name; newer docs "
    "allow reusing a public endpoint's name (public resolvers answer publicly, consumer VPCs "
    "privately).",
    message="-",
    hint="confirm that public resolution of the name is intended",
    rationale="The China-Region copy of the page still says 'You must not create an A record "
    "for the private DNS name'; the current page describes the shared-name pattern.",
    source=f"DOC-DNSNAMES ({sources.DOC_DNSNAMES}; the cn and current copies differ)",
    url=sources.DOC_DNSNAMES,
    status=Status.NOT_CHECKABLE,
    status_reason="public DNS records are outside the spec language; the module only writes "
    "the verification TXT record",
)

PDN006 = Rule(
    id="PDN006",
    name="verification-order",
    severity=Severity.INFO,
    summary="aws_vpc_endpoint_service_private_dns_verification only starts verification: the "
    "TXT record must exist first; waiting is optional (create timeout 30m); deleting it does "
    "not stop verification; it cannot be imported.",
    message="-",
    hint="-",
    rationale="Starting verification before the record is published makes it fail.",
    source=f"TF-PDNSV ({sources.TF_PDNSV}, code and doc page)",
    url=sources.TF_PDNSV,
    status=Status.RENDERED,
    status_reason="for each service with private_dns_verification the renderer writes an "
    "aws_route53_record (type TXT, zone_id = route53_zone_id, name and records from the "
    "service's private_dns_name_configuration[0].name/.value; the provider completes a "
    "relative name with the zone's domain, as AWS CDK's VpcEndpointServiceDomainName does) "
    "and then "
    "aws_vpc_endpoint_service_private_dns_verification with depends_on on that record",
)

RULES: tuple[Rule, ...] = (PDN001, PDN002, PDN003, PDN004, PDN005, PDN006)
