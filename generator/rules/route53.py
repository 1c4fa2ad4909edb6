"""R53xxx: Route 53 private hosted zones next to endpoint private DNS.

The spec language declares no private hosted zones of its own; the only ones in play are the
AWS-managed zones that endpoint private DNS creates, which the IF rules cover.
"""

from __future__ import annotations

from generator.diagnostics import Severity
from generator.rules import sources
from generator.rules.base import Rule, Status

R53001 = Rule(
    id="R53001",
    name="private-zone-needs-vpc-dns",
    severity=Severity.ERROR,
    summary="Private hosted zones need enableDnsHostnames and enableDnsSupport on each "
    "associated VPC.",
    message="-",
    hint="enable both DNS attributes on the VPC",
    rationale="Without both attributes the VPC's resolver does not answer from private hosted "
    "zones.",
    source=f"R53-PHZ ({sources.R53_PHZ}), as quoted in hashicorp/terraform-provider-aws PR #7589",
    url=sources.R53_PHZ,
    status=Status.NOT_CHECKABLE,
    status_reason="the spec language declares no private hosted zones; the AWS-managed zone of "
    "endpoint private DNS has the same prerequisite, which IF009 checks (and guards at plan "
    "time when the VPC is a module input), so R53001 does not report it a second time",
)

R53002 = Rule(
    id="R53002",
    name="own-zone-conflicts-with-private-dns",
    severity=Severity.ERROR,
    summary="Your own private hosted zone for an AWS service domain cannot coexist in a VPC "
    "with endpoint private DNS for that service (ConflictingDomainExists).",
    message="-",
    hint="set private_dns: false on the endpoint when you manage the zone yourself",
    rationale="Endpoint private DNS associates an AWS-managed zone for the service domain with "
    "the VPC; a second zone for the same name cannot be associated.",
    source=f"I-PHZ ({sources.I_PHZ}, ConflictingDomainExists)",
    url=sources.I_PHZ,
    status=Status.NOT_CHECKABLE,
    status_reason="the spec language cannot declare private hosted zones or their VPC "
    "associations; zones made outside the module are unknown (two endpoints with private DNS "
    "for one service are IF011)",
)

R53003 = Rule(
    id="R53003",
    name="custom-name-to-endpoint-dns",
    severity=Severity.INFO,
    summary="For custom names, point a record at the endpoint's Regional DNS entry "
    "(`dns_entry[0].dns_name`, or an alias with `dns_entry[0].hosted_zone_id`).",
    message="-",
    hint="-",
    rationale="The endpoint's DNS names are assigned by AWS at creation.",
    source=f"TF-VPCE-DOC ({sources.TF_VPCE_DOC}, 'Non-AWS Service' example)",
    url=sources.TF_VPCE_DOC,
    status=Status.RENDERED,
    status_reason="the renderer outputs each interface endpoint's dns_entry (dns_name and "
    "hosted_zone_id) so callers can create such records; the module creates none itself",
)

RULES: tuple[Rule, ...] = (R53001, R53002, R53003)
