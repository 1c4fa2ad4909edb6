"""Q00x: AWS PrivateLink and VPC quotas (default values; per account and Region unless noted).

Adjustable quotas are warnings: an account may have raised them, and the author then
suppresses the rule. A limit that no quota increase can lift is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit
from generator.rules.security_groups import rendered_rules
from generator.spec.endpoint_types import GATEWAY, GWLB, INTERFACE, RESOURCE, SERVICE_NETWORK


def _count_hit(ctx: Context, types: tuple[str, ...], quota: int) -> Iterator[Hit]:
    names = [name for name, _ in ctx.endpoints(*types)]
    if len(names) > quota:
        yield hit(("endpoints",), at_key=True, count=len(names))


def _count_message(what: str, quota: int) -> str:
    """The message of an endpoint count quota (one template for Q001-Q004)."""
    return f"this spec creates {{count}} {what} in one VPC; the default quota is {quota}"


def _count_hint(rule_id: str, quota_name: str) -> str:
    return (
        f"request an increase of the quota '{quota_name}' (Service Quotas), then suppress "
        f"{rule_id}; or split the endpoints across VPCs. Other modules in the same VPC count too."
    )


def _endpoint_lines(prefix: str, count: int, body: str) -> str:
    return "".join(f"  {prefix}{i:03d}: {body.format(i=i)}\n" for i in range(1, count + 1))


_CUSTOM = "com.amazonaws.vpce.eu-west-1.vpce-svc-{i:017x}"

# --- Q001 ----------------------------------------------------------------------------------


INTERFACE_PER_VPC = 50
GATEWAY_PER_REGION = 20
RESOURCE_PER_VPC = 200
SERVICE_NETWORK_PER_VPC = 50


def _check_interface_count(ctx: Context) -> Iterator[Hit]:
    yield from _count_hit(ctx, (INTERFACE, GWLB), INTERFACE_PER_VPC)


Q001 = Rule(
    id="Q001",
    name="too-many-interface-endpoints",
    severity=Severity.WARNING,
    summary="Interface plus Gateway Load Balancer endpoints per VPC: 50 by default "
    "(adjustable). Counts this spec's endpoints; other modules in the same VPC are unknown.",
    message=_count_message("interface and Gateway Load Balancer endpoints", INTERFACE_PER_VPC),
    hint=_count_hint("Q001", "Interface and Gateway Load Balancer endpoints per VPC"),
    rationale="Creating the 51st endpoint fails at apply time while the quota is at its "
    "default. The quota is adjustable, so this is a warning (the catalog lists it as an "
    "error): an account with a raised quota suppresses Q001, which an error would not allow.",
    source=f"AWS PrivateLink quotas, 'Interface and Gateway Load Balancer endpoints per VPC' "
    f"({sources.QUOTAS})",
    url=sources.QUOTAS,
    check=_check_interface_count,
    deviation="Severity warning, not v1's error: the quota is adjustable, and an account with a "
    "raised quota must be able to suppress the finding, which an error would not allow.",
)

# --- Q002 ----------------------------------------------------------------------------------

GATEWAY_PER_VPC_CEILING = 255


def _check_gateway_count(ctx: Context) -> Iterator[Hit]:
    count = sum(1 for _ in ctx.endpoints(GATEWAY))
    if count > GATEWAY_PER_VPC_CEILING:
        yield hit(("endpoints",), "ceiling", at_key=True, count=count)
        return
    yield from _count_hit(ctx, (GATEWAY,), GATEWAY_PER_REGION)


Q002 = Rule(
    id="Q002",
    name="too-many-gateway-endpoints",
    severity=Severity.WARNING,
    summary="Gateway endpoints per Region: 20 by default (adjustable), and never more than 255 "
    "per VPC. Counts this spec only; other VPCs of the Region are unknown.",
    message=_count_message("gateway endpoints", GATEWAY_PER_REGION),
    hint=_count_hint("Q002", "Gateway VPC endpoints per Region"),
    variants=(
        Variant(
            "ceiling",
            "this spec creates {count} gateway endpoints in one VPC; a VPC can hold at most "
            f"{GATEWAY_PER_VPC_CEILING}, whatever the Regional quota",
            "split the gateway endpoints across VPCs",
            severity=Severity.ERROR,
        ),
    ),
    rationale="The Regional quota is adjustable, hence a warning (the catalog lists it as an "
    "error) that an account with a raised quota can suppress; the per-VPC ceiling of 255 "
    "cannot be raised and is reported as an error.",
    source=f"AWS PrivateLink quotas, 'Gateway VPC endpoints per Region' ({sources.QUOTAS})",
    url=sources.QUOTAS,
    check=_check_gateway_count,
    deviation="Severity warning, not v1's error: the Regional quota is adjustable (suppressible "
    "once raised); the per-VPC ceiling of 255, which cannot be raised, stays an error.",
)

# --- Q003 / Q004 ---------------------------------------------------------------------------


def _check_resource_count(ctx: Context) -> Iterator[Hit]:
    yield from _count_hit(ctx, (RESOURCE,), RESOURCE_PER_VPC)


Q003 = Rule(
    id="Q003",
    name="too-many-resource-endpoints",
    severity=Severity.WARNING,
    summary="Resource (VPC Lattice) endpoints per VPC: 200 by default (adjustable).",
    message=_count_message("resource endpoints", RESOURCE_PER_VPC),
    hint=_count_hint("Q003", "Resource VPC endpoints per VPC"),
    rationale="Adjustable quota, hence a warning (the catalog lists it as an error) that an "
    "account with a raised quota can suppress.",
    source=f"AWS PrivateLink quotas, 'Resource VPC endpoints per VPC' ({sources.QUOTAS})",
    url=sources.QUOTAS,
    check=_check_resource_count,
    deviation="Severity warning, not v1's error: the quota is adjustable, and an account with a "
    "raised quota must be able to suppress the finding.",
)


def _check_service_network_count(ctx: Context) -> Iterator[Hit]:
    yield from _count_hit(ctx, (SERVICE_NETWORK,), SERVICE_NETWORK_PER_VPC)


Q004 = Rule(
    id="Q004",
    name="too-many-service-network-endpoints",
    severity=Severity.WARNING,
    summary="Service-network (VPC Lattice) endpoints per VPC: 50 by default (adjustable).",
    message=_count_message("service-network endpoints", SERVICE_NETWORK_PER_VPC),
    hint=_count_hint("Q004", "Service network VPC endpoints per VPC"),
    rationale="Adjustable quota, hence a warning (the catalog lists it as an error) that an "
    "account with a raised quota can suppress.",
    source=f"AWS PrivateLink quotas, 'Service network VPC endpoints per VPC' ({sources.QUOTAS})",
    url=sources.QUOTAS,
    check=_check_service_network_count,
    deviation="Severity warning, not v1's error: the quota is adjustable, and an account with a "
    "raised quota must be able to suppress the finding.",
)

# --- Q005 ----------------------------------------------------------------------------------

Q005 = Rule(
    id="Q005",
    name="endpoint-policy-size-quota",
    severity=Severity.ERROR,
    summary="Characters per VPC endpoint policy: 20,480 including white space (not "
    "adjustable); checked by POL003.",
    message="see POL003",
    hint="see POL003: shorten the policy",
    rationale="The same limit as POL003, listed here so the quota table is complete; one ID "
    "reports it so that a policy over the limit yields one finding, not two.",
    source=f"AWS PrivateLink quotas ({sources.QUOTAS}); endpoint policies ({sources.DOC_POL})",
    url=sources.QUOTAS,
    status=Status.RENDERED,
    status_reason="reported as POL003; the renderer writes each policy compacted "
    "(jsonencode), the form POL003 measures against 20,480 characters",
)

# --- Q006 ----------------------------------------------------------------------------------

RULES_PER_SG = 60
RULES_PER_SG_CEILING = 1000  # rules per SG x SGs per network interface <= 1,000


_SG_RULES = (
    "security group '{group}' renders {counts} {direction} rules; the default quota is "
    f"{RULES_PER_SG} {{direction}} rules per IP family"
)


def _check_sg_rule_count(ctx: Context) -> Iterator[Hit]:
    for sg_name in sorted(ctx.spec.security_groups):
        for direction in ("ingress", "egress"):
            rules = rendered_rules(ctx, sg_name, direction)
            worst = 0
            parts = []
            for family in ("ipv4", "ipv6"):
                count = sum(1 for r in rules if family in r.families)
                worst = max(worst, count)
                if count > RULES_PER_SG:
                    label = "IPv4" if family == "ipv4" else "IPv6"
                    parts.append(f"{count} {label}")
            if not parts:
                continue
            word = "inbound" if direction == "ingress" else "outbound"
            hard = worst > RULES_PER_SG_CEILING
            yield hit(
                ("security_groups", sg_name, direction),
                "ceiling" if hard else "",
                at_key=True,
                group=sg_name,
                counts=" and ".join(parts),
                direction=word,
            )


Q006 = Rule(
    id="Q006",
    name="too-many-security-group-rules",
    severity=Severity.WARNING,
    summary="Inbound or outbound rules per security group: 60 per IP family by default "
    "(adjustable; rules per group x groups per network interface <= 1,000). Each source entry "
    "is one rule; `from: vpc` is one per VPC CIDR; sg-/pl- sources count in both families. "
    "Security groups per interface are IF006.",
    message=_SG_RULES,
    hint="use a prefix list or a security group reference instead of many CIDRs, or split the "
    "rules over two groups; with a raised quota, suppress Q006",
    variants=(
        Variant(
            "ceiling",
            _SG_RULES + f", and no quota can exceed {RULES_PER_SG_CEILING}",
            "use a prefix list or a security group reference instead of many CIDRs, or split "
            "the rules over several groups",
            severity=Severity.ERROR,
        ),
    ),
    rationale="Past the quota, creating the 61st rule fails at apply time. The quota is "
    "adjustable, so this is a warning (the catalog lists it as an error) that an account with "
    "a raised quota can suppress; since rules per group times groups per network interface "
    "cannot exceed 1,000, more than 1,000 rules is an error. A customer-managed prefix list "
    "counts as its maximum number of entries, unknown here, so the count is a lower bound. "
    "When the spec leaves the VPC's CIDR blocks to the plan-time lookup, `from: vpc` becomes one "
    "managed prefix list per family (one rule each): IPv4 from every cidr_block_associations "
    'entry whose state is "associated"; IPv6 only from the VPC\'s first IPv6 block, because '
    'data "aws_vpc" exposes just ipv6_cidr_block / ipv6_association_id (the provider reads '
    "Ipv6CidrBlockAssociationSet[0], with no state check; no data source lists the others). A "
    "VPC with several IPv6 blocks must list them in network.vpc.cidr_blocks.",
    source=f"Amazon VPC quotas, security groups: 'Inbound or outbound rules per security "
    f"group' ({sources.VPC_QUOTAS}): 'This quota is enforced separately for IPv4 rules and "
    "IPv6 rules ... A rule that references a security group or prefix list ID counts as one "
    "rule for IPv4 and one rule for IPv6.'; terraform-provider-aws "
    "internal/service/ec2/vpc_data_source.go (dataSourceVPCRead: ipv6 from the first "
    "association) and the hashicorp/aws 6.47.0 schema of data aws_vpc",
    url=sources.VPC_QUOTAS,
    check=_check_sg_rule_count,
    deviation="Severity warning, not v1's error: the rules-per-group quota is adjustable "
    "(suppressible once raised); more than 1,000 rules, which no quota allows, stays an "
    "error.",
)

# --- Q007 / Q008 ---------------------------------------------------------------------------

Q007 = Rule(
    id="Q007",
    name="endpoint-bandwidth",
    severity=Severity.INFO,
    summary="Endpoint bandwidth: 10 Gbps per Availability Zone by default, scaling "
    "automatically to 100 Gbps per AZ.",
    message="-",
    hint="for more than 100 Gbps per AZ, spread traffic over several endpoints or AZs",
    rationale="Throughput is a property of the workload, not of the endpoint configuration.",
    source=f"AWS PrivateLink quotas, bandwidth ({sources.QUOTAS})",
    url=sources.QUOTAS,
    status=Status.NOT_CHECKABLE,
    status_reason="the spec language does not express expected throughput",
)

Q008 = Rule(
    id="Q008",
    name="privatelink-api-throttling",
    severity=Severity.INFO,
    summary="PrivateLink API calls are throttled per account and per AWS Organization "
    "(RequestLimitExceeded).",
    message="-",
    hint="for very large modules, lower Terraform's -parallelism",
    rationale="Throttling depends on everything else calling the API in the account and "
    "Organization at apply time.",
    source=f"AWS PrivateLink quotas, API throttling ({sources.QUOTAS})",
    url=sources.QUOTAS,
    status=Status.NOT_CHECKABLE,
    status_reason="depends on concurrent API use in the account and Organization at apply "
    "time; the AWS provider retries throttled calls",
)

RULES: tuple[Rule, ...] = (Q001, Q002, Q003, Q004, Q005, Q006, Q007, Q008)
