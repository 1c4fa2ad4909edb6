"""Q00x: AWS PrivateLink and VPC quotas (default values; per account and Region unless noted).

Adjustable quotas are warnings: an account may have raised them, and the author then
suppresses the rule. A limit that no quota increase can lift is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.rules import sources
from generator.rules.base import Context, Example, Hit, Rule, Status
from generator.rules.security_groups import WITHOUT_GROUPS, rendered_rules


def _count_hit(
    ctx: Context, types: tuple[str, ...], quota: int, what: str, quota_name: str, rule_id: str
) -> Iterator[Hit]:
    names = [name for name, _ in ctx.endpoints(*types)]
    if len(names) > quota:
        yield Hit(
            ("endpoints",),
            f"this spec creates {len(names)} {what} in one VPC; the default quota is {quota}",
            f"request an increase of the quota '{quota_name}' (Service Quotas), then suppress "
            f"{rule_id}; or split the endpoints across VPCs. Other modules in the same VPC "
            "count too.",
            at_key=True,
        )


def _endpoint_lines(prefix: str, count: int, body: str) -> str:
    return "".join(f"  {prefix}{i:03d}: {body.format(i=i)}\n" for i in range(1, count + 1))


_CUSTOM = "com.amazonaws.vpce.eu-west-1.vpce-svc-{i:017x}"

# --- Q001 ----------------------------------------------------------------------------------


def _check_interface_count(ctx: Context) -> Iterator[Hit]:
    yield from _count_hit(
        ctx,
        ("interface", "gateway-load-balancer"),
        50,
        "interface and Gateway Load Balancer endpoints",
        "Interface and Gateway Load Balancer endpoints per VPC",
        "Q001",
    )


Q001 = Rule(
    id="Q001",
    name="too-many-interface-endpoints",
    severity=Severity.WARNING,
    summary="Interface plus Gateway Load Balancer endpoints per VPC: 50 by default "
    "(adjustable). Counts this spec's endpoints; other modules in the same VPC are unknown.",
    message="this spec creates N interface and Gateway Load Balancer endpoints in one VPC; "
    "the default quota is 50",
    hint="request a quota increase and suppress Q001, or spread the endpoints over VPCs",
    rationale="Creating the 51st endpoint fails at apply time while the quota is at its "
    "default. The quota is adjustable, so this is a warning (the catalog lists it as an "
    "error): an account with a raised quota suppresses Q001, which an error would not allow.",
    source=f"AWS PrivateLink quotas, 'Interface and Gateway Load Balancer endpoints per VPC' "
    f"({sources.QUOTAS})",
    url=sources.QUOTAS,
    check=_check_interface_count,
    examples=(
        Example(
            True,
            "defaults:\n  interface:\n    subnet_group: private\n"
            "    security_groups: [endpoints]\n"
            "endpoints:  # expect: Q001\n"
            + _endpoint_lines("svc", 51, "{{type: interface, service_name: " + _CUSTOM + "}}"),
            "51 interface endpoints",
        ),
        Example(
            False,
            "defaults:\n  interface:\n    subnet_group: private\n"
            "    security_groups: [endpoints]\n"
            "endpoints:\n  ssm:\n    type: interface\n    service: ssm\n"
            "  ssmmessages:\n    type: interface\n    service: ssmmessages\n",
        ),
    ),
)

# --- Q002 ----------------------------------------------------------------------------------

GATEWAY_PER_VPC_CEILING = 255


def _check_gateway_count(ctx: Context) -> Iterator[Hit]:
    count = sum(1 for _ in ctx.endpoints("gateway"))
    if count > GATEWAY_PER_VPC_CEILING:
        yield Hit(
            ("endpoints",),
            f"this spec creates {count} gateway endpoints in one VPC; a VPC can hold at most "
            f"{GATEWAY_PER_VPC_CEILING}, whatever the Regional quota",
            "split the gateway endpoints across VPCs",
            severity=Severity.ERROR,
            at_key=True,
        )
        return
    yield from _count_hit(
        ctx, ("gateway",), 20, "gateway endpoints", "Gateway VPC endpoints per Region", "Q002"
    )


def _gateway_example(count: int) -> str:
    groups = "".join(f"    rt{i:03d}: {{}}\n" for i in range(1, count + 1))
    endpoints = _endpoint_lines(
        "s3", count, "{{type: gateway, service: s3, route_table_groups: [rt{i:03d}]}}"
    )
    return (
        "version: 1\nname: example\nregion: eu-west-1\nnetwork:\n  route_table_groups:\n"
        + groups
        + "endpoints:  # expect: Q002\n"
        + endpoints
    )


Q002 = Rule(
    id="Q002",
    name="too-many-gateway-endpoints",
    severity=Severity.WARNING,
    summary="Gateway endpoints per Region: 20 by default (adjustable), and never more than 255 "
    "per VPC. Counts this spec only; other VPCs of the Region are unknown.",
    message="this spec creates N gateway endpoints in one VPC; the default quota is 20",
    hint="request a quota increase and suppress Q002, or reuse gateway endpoints",
    rationale="The Regional quota is adjustable, hence a warning (the catalog lists it as an "
    "error) that an account with a raised quota can suppress; the per-VPC ceiling of 255 "
    "cannot be raised and is reported as an error.",
    source=f"AWS PrivateLink quotas, 'Gateway VPC endpoints per Region' ({sources.QUOTAS})",
    url=sources.QUOTAS,
    check=_check_gateway_count,
    examples=(
        Example(True, _gateway_example(21), "21 S3 gateway endpoints"),
        Example(
            False,
            "endpoints:\n  s3:\n    type: gateway\n    service: s3\n"
            "    route_table_groups: [private]\n"
            "  dynamodb:\n    type: gateway\n    service: dynamodb\n"
            "    route_table_groups: [private]\n",
        ),
    ),
)

# --- Q003 / Q004 ---------------------------------------------------------------------------


def _check_resource_count(ctx: Context) -> Iterator[Hit]:
    yield from _count_hit(
        ctx, ("resource",), 200, "resource endpoints", "Resource VPC endpoints per VPC", "Q003"
    )


_RCFG = "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-{i:017x}"

Q003 = Rule(
    id="Q003",
    name="too-many-resource-endpoints",
    severity=Severity.WARNING,
    summary="Resource (VPC Lattice) endpoints per VPC: 200 by default (adjustable).",
    message="this spec creates N resource endpoints in one VPC; the default quota is 200",
    hint="request a quota increase and suppress Q003",
    rationale="Adjustable quota, hence a warning (the catalog lists it as an error) that an "
    "account with a raised quota can suppress.",
    source=f"AWS PrivateLink quotas, 'Resource VPC endpoints per VPC' ({sources.QUOTAS})",
    url=sources.QUOTAS,
    check=_check_resource_count,
    examples=(
        Example(
            True,
            "defaults:\n  resource:\n    subnet_group: private\n"
            "    security_groups: [endpoints]\n"
            "endpoints:  # expect: Q003\n"
            + _endpoint_lines(
                "db", 201, "{{type: resource, resource_configuration_arn: " + _RCFG + "}}"
            ),
            "201 resource endpoints",
        ),
        Example(
            False,
            "endpoints:\n  orders-db:\n    type: resource\n"
            "    resource_configuration_arn: "
            "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/"
            "rcfg-0123456789abcdef0\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n",
        ),
    ),
)


def _check_service_network_count(ctx: Context) -> Iterator[Hit]:
    yield from _count_hit(
        ctx,
        ("service-network",),
        50,
        "service-network endpoints",
        "Service network VPC endpoints per VPC",
        "Q004",
    )


_SN = "arn:aws:vpc-lattice:eu-west-1:111122223333:servicenetwork/sn-{i:017x}"

Q004 = Rule(
    id="Q004",
    name="too-many-service-network-endpoints",
    severity=Severity.WARNING,
    summary="Service-network (VPC Lattice) endpoints per VPC: 50 by default (adjustable).",
    message="this spec creates N service-network endpoints in one VPC; the default quota is 50",
    hint="request a quota increase and suppress Q004",
    rationale="Adjustable quota, hence a warning (the catalog lists it as an error) that an "
    "account with a raised quota can suppress.",
    source=f"AWS PrivateLink quotas, 'Service network VPC endpoints per VPC' ({sources.QUOTAS})",
    url=sources.QUOTAS,
    check=_check_service_network_count,
    examples=(
        Example(
            True,
            "defaults:\n  service-network:\n    subnet_group: private\n"
            "    security_groups: [endpoints]\n"
            "endpoints:  # expect: Q004\n"
            + _endpoint_lines(
                "sn", 51, "{{type: service-network, service_network_arn: " + _SN + "}}"
            ),
            "51 service-network endpoints",
        ),
        Example(
            False,
            "endpoints:\n  lattice:\n    type: service-network\n"
            "    service_network_arn: "
            "arn:aws:vpc-lattice:eu-west-1:111122223333:servicenetwork/sn-0123456789abcdef0\n"
            "    subnet_group: private\n    security_groups: [endpoints]\n",
        ),
    ),
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
            yield Hit(
                ("security_groups", sg_name, direction),
                f"security group '{sg_name}' renders {' and '.join(parts)} {word} rules; the "
                f"default quota is {RULES_PER_SG} {word} rules per IP family"
                + (f", and no quota can exceed {RULES_PER_SG_CEILING}" if hard else ""),
                "use a prefix list or a security group reference instead of many CIDRs, or "
                "split the rules over two groups; with a raised quota, suppress Q006",
                severity=Severity.ERROR if hard else None,
                at_key=True,
            )


def _sg_example() -> str:
    cidrs = ", ".join(f"172.16.{i}.0/24" for i in range(61))
    return (
        WITHOUT_GROUPS
        + "security_groups:\n  partners:\n    description: HTTPS from partner networks\n"
        "    ingress:  # expect: Q006\n"
        f"      - {{port: 443, from: [{cidrs}]}}\n"
        "endpoints:\n  partner:\n    type: interface\n"
        "    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\n"
        "    subnet_group: private\n    security_groups: [partners]\n"
    )


Q006 = Rule(
    id="Q006",
    name="too-many-security-group-rules",
    severity=Severity.WARNING,
    summary="Inbound or outbound rules per security group: 60 per IP family by default "
    "(adjustable; rules per group x groups per network interface <= 1,000). Each source entry "
    "is one rule; `from: vpc` is one per VPC CIDR; sg-/pl- sources count in both families. "
    "Security groups per interface are IF006.",
    message="security group '<name>' renders N IPv4 inbound rules; the default quota is 60",
    hint="aggregate sources (prefix lists, security group references) or raise the quota and "
    "suppress Q006",
    rationale="Past the quota, creating the 61st rule fails at apply time. The quota is "
    "adjustable, so this is a warning (the catalog lists it as an error) that an account with "
    "a raised quota can suppress; since rules per group times groups per network interface "
    "cannot exceed 1,000, more than 1,000 rules is an error. A customer-managed prefix list "
    "counts as its maximum number of entries, unknown here, so the count is a lower bound.",
    source=f"Amazon VPC quotas, security groups: 'Inbound or outbound rules per security "
    f"group' ({sources.VPC_QUOTAS}): 'This quota is enforced separately for IPv4 rules and "
    "IPv6 rules ... A rule that references a security group or prefix list ID counts as one "
    "rule for IPv4 and one rule for IPv6.'",
    url=sources.VPC_QUOTAS,
    check=_check_sg_rule_count,
    examples=(
        Example(True, _sg_example(), "61 partner CIDRs in one rule render 61 rules"),
        Example(
            False,
            WITHOUT_GROUPS
            + "security_groups:\n  partners:\n    description: HTTPS from partner networks\n"
            "    ingress:\n      - {port: 443, from: [pl-0123456789abcdef0]}\n"
            "endpoints:\n  partner:\n    type: interface\n"
            "    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0\n"
            "    subnet_group: private\n    security_groups: [partners]\n",
            "a prefix list holds the partner CIDRs",
        ),
    ),
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
