"""IF001-IF008, IF013, IF014: interface endpoints (and VPC Lattice endpoints): placement in
subnets and security groups. Private DNS (IF009-IF012) is generator.rules.interface_dns.

Resource and service-network endpoints also put network interfaces into the subnets of a
subnet group and take security groups (SPEC.md), so the placement and security group rules
apply to them as well.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.plan_time import Assertion, ModuleRefs, Placed
from generator.render import hcl
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Status, Variant, hit, takes
from generator.rules.plan_helpers import message, same_region_service, subnet_endpoints
from generator.rules.shared import (
    describe_service,
    group_by_path,
    whose,
)
from generator.spec.endpoint_types import ENI_TYPES, GATEWAY, GWLB, INTERFACE, kind, types_taking
from generator.spec.models import SubnetGroup
from generator.spec.types import SECURITY_GROUP_ID

# --- shared helpers (also used by the GWLB family) -------------------------------------------


def subnet_group(ctx: Context, name: str) -> tuple[str | None, Path, SubnetGroup | None]:
    """The endpoint's effective subnet group name, where it was set, and its definition."""
    group, path = ctx.effective(name, "subnet_group")
    if group is None:
        return None, path, None
    return group, path, ctx.spec.network.subnet_groups.get(group)


def group_size(group: SubnetGroup) -> int | None:
    """How many subnets the group holds, when the spec says (IDs, else declared AZ IDs)."""
    if group.ids is not None:
        return len(dict.fromkeys(group.ids))
    if group.availability_zone_ids is not None:
        return len(group.availability_zone_ids)
    return None


def group_azs(group: SubnetGroup) -> list[str] | None:
    """The AZ IDs of the group's subnets, when declared consistently with its IDs."""
    azs = group.availability_zone_ids
    if azs is None or (group.ids is not None and len(group.ids) != len(azs)):
        return None
    return list(azs)


def security_groups(ctx: Context, name: str) -> tuple[list[str] | None, Path]:
    sgs, path = ctx.effective(name, "security_groups")
    return (list(sgs) if sgs is not None else None), path


# --- IF001 ------------------------------------------------------------------------------------


def _check_one_subnet_per_az(ctx: Context) -> Iterator[Hit]:
    users: dict[str, list[str]] = {}
    for name, _ in ctx.endpoints(*ENI_TYPES):
        gname, _, group = subnet_group(ctx, name)
        if gname is not None and group is not None:
            users.setdefault(gname, []).append(name)
    for gname, endpoints in users.items():
        group = ctx.spec.network.subnet_groups[gname]
        azs = group_azs(group)
        if azs is None:
            continue
        seen: dict[str, list[str | None]] = {}
        for j, az in enumerate(azs):
            subnet = group.ids[j] if group.ids is not None else None
            earlier = seen.setdefault(az, [])
            if subnet is not None and subnet in earlier:
                continue  # the same subnet listed twice is not a second subnet
            if earlier:
                path: Path = ("network", "subnet_groups", gname, "availability_zone_ids", j)
                fields = {
                    "group": gname,
                    "count": len(earlier) + 1,
                    "az": az,
                    "who": whose((), endpoints),
                }
                if subnet is not None:
                    ids = ", ".join(s for s in [*earlier, subnet] if s)
                    yield hit(path, ids=ids, **fields)
                else:
                    yield hit(path, "no-ids", **fields)
            earlier.append(subnet)


def _guard_one_subnet_per_az(refs: ModuleRefs) -> Iterator[Placed]:
    for var in refs.inputs:
        if var.role == "subnet_ids":
            yield Placed(
                "variable",
                var.name,
                Assertion(
                    f"length(distinct(var.{var.name})) == length(var.{var.name})",
                    message("IF001", f"{var.name} lists a subnet twice."),
                ),
            )
    for ep, group in subnet_endpoints(refs):
        if refs.resolved.subnet_group(group).availability_zone_ids:
            continue  # decided at generate time
        subnets = refs.subnet_data(group)
        yield Placed(
            "endpoint",
            ep.key,
            Assertion(
                f"length(distinct({subnets}[*].availability_zone_id)) == length({subnets})",
                message(
                    "IF001",
                    f"endpoint '{ep.key}' has two subnets in one Availability Zone; keep one "
                    f"subnet per AZ in group '{group}'.",
                ),
            ),
        )


IF001 = Rule(
    id="IF001",
    name="two-subnets-in-one-az",
    severity=Severity.ERROR,
    summary="An interface (or VPC Lattice) endpoint takes at most one subnet per Availability "
    "Zone (checked on declared AZ IDs; input subnets are guarded at plan time).",
    message="subnet group '{group}' has {count} subnets in AZ {az} ({ids}); {who} can use one "
    "subnet per Availability Zone",
    hint="keep one subnet per AZ in groups used by interface endpoints",
    variants=(
        Variant(
            "no-ids",
            "subnet group '{group}' has {count} subnets in AZ {az}; {who} can use one subnet per "
            "Availability Zone",
        ),
    ),
    rationale="EC2 rejects the endpoint with DuplicateSubnetsInSameZone: an endpoint has one "
    "network interface per AZ.",
    source=f'archived interface endpoint guide ("you can choose only one subnet per '
    f'Availability Zone") ({sources.DOC_IF_OLD}); DuplicateSubnetsInSameZone in '
    f"{sources.I_DUPAZ}",
    url=sources.DOC_IF,
    check=_check_one_subnet_per_az,
    status_reason="Plan-time part: for subnet IDs left to module inputs (or given without AZ "
    'IDs) the module reads data "aws_subnet" for each subnet and carries a precondition on '
    "the endpoint: length(distinct([for s in data.aws_subnet.<group> : "
    "s.availability_zone_id])) == length(<subnet ids>), error message starting 'IF001:'.",
    guard=_guard_one_subnet_per_az,
    guard_sites=("variable", "endpoint"),
)


# --- IF002 ------------------------------------------------------------------------------------


def _check_service_azs(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(*types_taking("service_availability_zone_ids")):
        offered = ep.service_availability_zone_ids
        if offered is None:
            continue
        gname, gpath, group = subnet_group(ctx, name)
        if group is None:
            continue
        azs = group_azs(group)
        if azs is None:
            continue
        missing = [az for az in dict.fromkeys(azs) if az not in offered]
        if missing:
            yield hit(
                gpath,
                group=gname,
                endpoint=name,
                missing=", ".join(missing),
                service=describe_service(ep),
                offered=", ".join(offered) or "no AZ",
            )


def _guard_service_azs(refs: ModuleRefs) -> Iterator[Placed]:
    for ep, group in subnet_endpoints(refs):
        subnets = refs.subnet_data(group)
        declared = ep.model.service_availability_zone_ids
        if declared:
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f"alltrue([for s in {subnets} : contains({hcl.string_list(declared)}, "
                    "s.availability_zone_id)])",
                    message(
                        "IF002",
                        f"a subnet of endpoint '{ep.key}' is outside the service's Availability "
                        f"Zones ({', '.join(declared)}); choose subnets in those zones.",
                    ),
                ),
            )
        if same_region_service(ep):
            svc = refs.service_data(ep)
            yield Placed(
                "endpoint",
                ep.key,
                Assertion(
                    f"alltrue([for s in {subnets} : contains({svc}.availability_zones, "
                    "s.availability_zone)])",
                    message(
                        "IF002",
                        f"a subnet of endpoint '{ep.key}' is in an Availability Zone that "
                        f"{ep.service_name} is not offered in; choose subnets in the "
                        "service's zones.",
                    ),
                ),
            )


IF002 = Rule(
    id="IF002",
    name="subnet-in-unsupported-az",
    severity=Severity.ERROR,
    summary="Every subnet of an interface or GWLB endpoint is in an AZ the service supports "
    "(checked against `service_availability_zone_ids` when the spec declares them; otherwise "
    "guarded at plan time).",
    message="subnet group '{group}' of endpoint '{endpoint}' has subnets in {missing}, where "
    "{service} is not offered (it is in {offered})",
    hint="use subnets only in the AZs the service supports (by AZ ID), or ask the provider to "
    "enable its load balancer in those AZs",
    rationale='EC2 rejects the endpoint: "The VPC endpoint service ... does not support the '
    'availability zone of the subnet". AZ names map to different zones in different '
    "accounts, so the spec compares AZ IDs.",
    source=f"archived interface endpoint guide ({sources.DOC_IF_OLD}); create an endpoint "
    f"service, AZ names vs IDs ({sources.DOC_CES}); {sources.I_AZ}",
    url=sources.DOC_IF,
    check=_check_service_azs,
    status_reason="Plan-time part (no service_availability_zone_ids in the spec): the module "
    'reads data "aws_vpc_endpoint_service" (by service name) and data "aws_subnet" for each '
    "subnet, with a precondition contains(data.aws_vpc_endpoint_service.<ep>."
    "availability_zones, data.aws_subnet.<s>.availability_zone), error message starting "
    "'IF002:'. The data source returns AZ *names* as seen by the calling account, so the "
    "guard compares them with the subnets' AZ names from the same account (never with AZ "
    "IDs). With declared service AZ IDs but input subnets, the precondition compares "
    "data.aws_subnet.<s>.availability_zone_id with the declared list. Skipped for "
    "cross-Region endpoints, for which the data source returns no AZs (XR004).",
    guard=_guard_service_azs,
    guard_sites=("endpoint",),
)


# --- IF003 ------------------------------------------------------------------------------------


def _check_no_subnets(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(*ENI_TYPES):
        gname, gpath, group = subnet_group(ctx, name)
        if gname is None:
            yield hit(("endpoints", name), at_key=True, type=kind(ep.type).label, endpoint=name)
        elif group is not None and group_size(group) == 0:
            yield hit(gpath, "empty-group", group=gname, type=kind(ep.type).label, endpoint=name)


IF003 = Rule(
    id="IF003",
    name="interface-endpoint-without-subnets",
    severity=Severity.WARNING,
    summary="An interface (or VPC Lattice) endpoint without subnets cannot function.",
    message="{type} endpoint '{endpoint}' has no subnet group, so it gets no network interfaces "
    "and cannot be reached",
    hint="set subnet_group (on the endpoint or in defaults)",
    variants=(
        Variant(
            "empty-group",
            "subnet group '{group}' of {type} endpoint '{endpoint}' holds no subnets",
            "list the subnets' IDs, or leave `ids` out to make them a module input",
        ),
    ),
    rationale="The endpoint's network interfaces are created in its subnets; with none there "
    'is nothing to send traffic to. ("Interface type endpoints cannot function without being '
    'assigned to a subnet".)',
    source=f"terraform-provider-aws aws_vpc_endpoint docs ({sources.TF_VPCE_DOC})",
    url=sources.DOC_IF,
    check=_check_no_subnets,
)


# --- IF004 ------------------------------------------------------------------------------------


def _check_single_az(ctx: Context) -> Iterator[Hit]:
    found: list[tuple[Path, str]] = []
    groups: dict[Path, str] = {}
    for name, _ in ctx.endpoints(*ENI_TYPES):
        gname, gpath, group = subnet_group(ctx, name)
        if gname is not None and group is not None and group_size(group) == 1:
            found.append((gpath, name))
            groups[gpath] = gname
    for path, endpoints in group_by_path(found).items():
        gname = groups[path]
        group = ctx.spec.network.subnet_groups[gname]
        who = whose(path, endpoints)
        if group.availability_zone_ids:
            yield hit(path, group=gname, az=group.availability_zone_ids[0], who=who)
        else:
            yield hit(path, "no-az", group=gname, who=who)


def _guard_single_az(refs: ModuleRefs) -> Iterator[Placed]:
    """Decided at generate time when the group declares its AZ IDs."""
    groups = {
        g
        for ep, g in subnet_endpoints(refs)
        if ep.type != GWLB and refs.resolved.subnet_group(g).ids is None
    }
    for group in sorted(groups):
        if refs.resolved.subnet_group(group).availability_zone_ids:
            continue
        subnets = refs.subnet_data(group)
        zones = f"length(distinct({subnets}[*].availability_zone_id))"
        yield Placed(
            "check",
            f"if004_{hcl.identifier(group)}",
            Assertion(
                f"{zones} >= 2",
                hcl.template(
                    f"IF004: the subnets of group '{group}' are in ",
                    hcl.Interp(zones),
                    " Availability Zone(s); use subnets in at least two for availability.",
                ),
            ),
            comment=f"IF004: endpoints in group '{group}' should span two or more AZs.",
        )


IF004 = Rule(
    id="IF004",
    name="single-az-endpoint",
    severity=Severity.WARNING,
    summary="Interface (and VPC Lattice) endpoints should have subnets in at least two AZs.",
    message="subnet group '{group}' has one subnet ({az}): {who} would be in one Availability "
    "Zone only",
    hint="add a subnet in a second AZ, or suppress IF004 where one AZ is intended",
    variants=(
        Variant(
            "no-az",
            "subnet group '{group}' has one subnet: {who} would be in one Availability Zone only",
        ),
    ),
    rationale="An endpoint's network interface serves only its AZ's zonal DNS name and fails "
    "with that AZ; AWS recommends at least two AZs for availability.",
    source=f'Share your services ("we recommend that you make your service available in at '
    f'least two Availability Zones") ({sources.DOC_SHARE}); archived interface endpoint guide '
    f"({sources.DOC_IF_OLD})",
    url=sources.DOC_SHARE,
    check=_check_single_az,
    status_reason="Subnet groups whose IDs are module inputs without declared AZ IDs have an "
    "unknown size; the module may carry a `check` block (warning only) "
    "length(<subnet ids>) >= 2 with a message starting 'IF004:'.",
    guard=_guard_single_az,
    guard_sites=("check",),
)


# --- IF005 ------------------------------------------------------------------------------------


def _check_no_security_groups(ctx: Context) -> Iterator[Hit]:
    found: list[tuple[Path, str]] = []
    for name, _ in ctx.endpoints(*ENI_TYPES):
        sgs, path = security_groups(ctx, name)
        if not sgs:
            found.append((path if sgs is not None else ("endpoints", name), name))
    for path, endpoints in group_by_path(found).items():
        yield hit(path, at_key=path[-1] != "security_groups", who=whose(path, endpoints))


IF005 = Rule(
    id="IF005",
    name="default-security-group",
    severity=Severity.WARNING,
    summary="Without security groups, an interface (or VPC Lattice) endpoint gets the VPC's "
    "default security group.",
    message="no security groups for {who}: AWS attaches the VPC's default security group",
    hint="list security groups that allow the clients on the service's port (define one under "
    "security_groups)",
    rationale='"If this parameter is not specified, we use the default security group for '
    'the VPC": its rules are rarely meant for the endpoint (often too open, or allowing only '
    "members of the group), so clients are blocked or too many are allowed.",
    source=f"EC2 API CreateVpcEndpoint, SecurityGroupIds ({sources.API_CVE}); "
    f"terraform-provider-aws aws_vpc_endpoint docs ({sources.TF_VPCE_DOC})",
    url=sources.API_CVE,
    check=_check_no_security_groups,
)


# --- IF006 ------------------------------------------------------------------------------------

_SG_DEFAULT_QUOTA = 5
_SG_MAX_QUOTA = 16


def _check_security_group_count(ctx: Context) -> Iterator[Hit]:
    found: list[tuple[Path, str]] = []
    counts: dict[Path, int] = {}
    for name, _ in ctx.endpoints(*ENI_TYPES):
        sgs, path = security_groups(ctx, name)
        count = len(dict.fromkeys(sgs or []))
        if count > _SG_DEFAULT_QUOTA:
            found.append((path, name))
            counts[path] = count
    for path, endpoints in group_by_path(found).items():
        count = counts[path]
        if count > _SG_MAX_QUOTA:
            yield hit(path, "hard-limit", count=count, who=whose(path, endpoints))
        else:
            yield hit(path, count=count, who=whose(path, endpoints))


IF006 = Rule(
    id="IF006",
    name="too-many-security-groups",
    severity=Severity.WARNING,
    summary="Security groups per endpoint network interface: warning above the default quota "
    "of 5, error above the maximum of 16.",
    message="{count} security groups on {who}; the default quota is "
    f"{_SG_DEFAULT_QUOTA} per network interface",
    hint=f"use at most {_SG_DEFAULT_QUOTA}, or suppress IF006 if the account's 'Security groups "
    "per network interface' quota has been raised",
    variants=(
        Variant(
            "hard-limit",
            "{count} security groups on {who}; a network interface takes at most "
            f"{_SG_MAX_QUOTA}",
            f"use at most {_SG_MAX_QUOTA} security groups (merge rules into fewer groups)",
            severity=Severity.ERROR,
        ),
    ),
    rationale="The VPC quota 'Security groups per network interface' is 5 by default and can "
    "be raised to 16 (rules per group x groups per interface <= 1,000). vpcegen cannot see the "
    "account's quota, so 6-16 groups is a warning (suppressible once the quota is raised) "
    "and only more than 16 is an error, which no quota increase allows. RULES.md lists IF006 "
    "as an error at > 5; the severity is lowered for that reason.",
    source=f"Amazon VPC quotas, security groups ({sources.VPC_QUOTAS})",
    url=sources.VPC_QUOTAS,
    check=_check_security_group_count,
    deviation="Severity warning, not v1's error: the quota (5) is adjustable up to 16 and vpcegen "
    "cannot see the account's value, so 6-16 groups warn (suppressible once raised); "
    "only more than 16, which no increase allows, is an error.",
)


_IF007_HINT = (
    "add an ingress rule for TCP {ports} from the clients (for example {{port: {port}, from: vpc}})"
)

# --- IF007 ------------------------------------------------------------------------------------


def _allows_any(ctx: Context, sgs: list[str], ports: tuple[int, ...]) -> bool:
    defined = ctx.spec.security_groups
    return any(
        rule.protocol == "tcp" and rule.port <= port <= (rule.to_port or rule.port)
        for port in ports
        for sg in sgs
        for rule in defined[sg].ingress
    )


def _needed_ports(ports: tuple[int, ...]) -> tuple[int, ...]:
    """The ports one of which clients must reach: the service's own ports besides HTTPS when
    it has any (Keyspaces 9142, SES SMTP 25/465/587/...), else 443."""
    own = tuple(p for p in ports if p != 443)
    return own or (443,)


def _check_service_port(ctx: Context) -> Iterator[Hit]:
    found: list[tuple[Path, str]] = []
    needed: dict[Path, tuple[int, ...]] = {}
    for name, ep in ctx.endpoints(INTERFACE):
        info = ctx.service_info(ep)
        if info is None:
            continue  # custom or unknown service: its ports are not known
        sgs, path = security_groups(ctx, name)
        if not sgs:
            continue  # IF005
        if any(SECURITY_GROUP_ID.fullmatch(sg) or sg not in ctx.spec.security_groups for sg in sgs):
            continue  # a literal sg- ID may allow it; undefined names are SPEC005
        ports = _needed_ports(info.ports)
        if not _allows_any(ctx, sgs, ports):
            found.append((path, name))
            needed[path] = ports
    for path, endpoints in group_by_path(found).items():
        ports = needed[path]
        shown = " or ".join(str(p) for p in ports)
        yield hit(
            path,
            "ports" if len(ports) > 1 else "",
            who=whose(path, endpoints),
            ports=shown,
            port=ports[0],
        )


IF007 = Rule(
    id="IF007",
    name="security-group-misses-service-port",
    severity=Severity.WARNING,
    summary="The security groups the module creates for an interface endpoint allow inbound "
    "TCP on the service's port (443 for AWS APIs; the service's own port, such as 9142 for "
    "Keyspaces, where it has one); groups given as sg- IDs are not checked.",
    message="no security group of {who} allows inbound TCP {ports}, the service's port",
    hint=_IF007_HINT,
    variants=(
        Variant(
            "ports",
            "no security group of {who} allows inbound TCP {ports}, the service's ports",
            _IF007_HINT,
        ),
    ),
    rationale="An interface endpoint's security groups filter traffic to its network "
    "interfaces; without an inbound rule on the service's port every connection times out. "
    "Ports come from the service catalog (443 when it lists none). Where a service lists "
    "ports besides 443 (Keyspaces 9142, SES SMTP 25/465/587/2465/2587), at least one of those "
    "must be allowed, since clients use one of them; 443 alone does not count. Endpoint "
    "services of other accounts and literal sg- IDs are unknown and stay silent. Subnet NACLs "
    "are outside the spec.",
    source=f"archived interface endpoint guide ({sources.DOC_IF_OLD}); security group rules "
    f"({sources.SG_RULES})",
    url=sources.DOC_IF,
    check=_check_service_port,
)


# --- IF008 ------------------------------------------------------------------------------------


def _check_gateway_security_groups(ctx: Context) -> Iterator[Hit]:
    for name, ep in ctx.endpoints(GATEWAY):  # GWLB endpoints: GWLB002
        if ep.security_groups and not takes(ep, "security_groups"):
            yield hit(("endpoints", name, "security_groups"), at_key=True, endpoint=name)


IF008 = Rule(
    id="IF008",
    name="security-groups-on-gateway-endpoint",
    severity=Severity.ERROR,
    summary="Security groups apply to endpoints with network interfaces only; a gateway "
    "endpoint takes none. (For Gateway Load Balancer endpoints the same error is GWLB002.)",
    message="gateway endpoint '{endpoint}' cannot take security groups; it is a route target, "
    "not a network interface",
    hint="remove security_groups; control access with the endpoint policy and the clients' "
    "egress rules (the service's prefix list)",
    rationale='SecurityGroupIds is an "(Interface endpoint)" parameter of CreateVpcEndpoint; '
    "gateway endpoints are route-table targets. Each wrong value is reported once: security "
    "groups on gateway endpoints here, on GWLB endpoints under GWLB002, and the other "
    "interface-only settings of gateway endpoints under GW001.",
    source=f"EC2 API CreateVpcEndpoint, SecurityGroupIds ({sources.API_CVE}); Gateway Load "
    f'Balancer endpoints ("Security groups are not supported") ({sources.DOC_GWLBE})',
    url=sources.API_CVE,
    check=_check_gateway_security_groups,
)


# --- IF013 - IF014 ----------------------------------------------------------------------------


def _check_udp(ctx: Context) -> Iterator[Hit]:
    attached: dict[str, list[str]] = {}
    for name, _ in ctx.endpoints(*ENI_TYPES):
        for sg in security_groups(ctx, name)[0] or []:
            if sg in ctx.spec.security_groups:
                attached.setdefault(sg, []).append(name)
    for sg, endpoints in attached.items():
        for i, rule in enumerate(ctx.spec.security_groups[sg].ingress):
            if rule.protocol == "udp":
                port = f"{rule.port}" + (f"-{rule.to_port}" if rule.to_port else "")
                yield hit(
                    ("security_groups", sg, "ingress", i, "protocol"),
                    group=sg,
                    who=whose((), endpoints),
                    port=port,
                )


IF013 = Rule(
    id="IF013",
    name="udp-through-privatelink",
    severity=Severity.WARNING,
    summary="PrivateLink carries TCP only: a UDP ingress rule on an endpoint's security group "
    "suggests traffic that will not flow.",
    message="security group '{group}' (on {who}) allows UDP {port}; PrivateLink carries TCP only",
    hint="remove the UDP rule; reach UDP services another way (peering, Transit Gateway)",
    rationale="Endpoint services support traffic only over TCP (documented for endpoint "
    "services; the archived interface endpoint guide says the same), so a UDP rule on an "
    "endpoint's security group points at a design that cannot work.",
    source=f'Create an endpoint service ("An endpoint service supports traffic only over '
    f'TCP") ({sources.DOC_CES}); archived interface endpoint guide ({sources.DOC_IF_OLD})',
    url=sources.DOC_CES,
    check=_check_udp,
)

IF014 = Rule(
    id="IF014",
    name="endpoint-uses-subnet-addresses",
    severity=Severity.INFO,
    summary="Each endpoint network interface takes an IP address from its subnet for the "
    "endpoint's lifetime; bandwidth is 10 Gbps per AZ by default, scaling to 100 Gbps.",
    message="(not checked: free addresses and traffic volumes are not known offline)",
    hint="keep free addresses in endpoint subnets; spread heavy traffic over endpoints",
    rationale="Creating an endpoint in a full subnet fails at apply time; sustained traffic "
    "above 100 Gbps per AZ needs more endpoints.",
    source=f"archived interface endpoint guide ({sources.DOC_IF_OLD}); AWS PrivateLink quotas "
    f"({sources.QUOTAS})",
    url=sources.QUOTAS,
    status=Status.NOT_CHECKABLE,
    status_reason="A subnet's free address count and the expected traffic are facts of the "
    "live account, not of the spec; the spec declares neither subnet sizes nor throughput.",
)

RULES: tuple[Rule, ...] = (
    IF001,
    IF002,
    IF003,
    IF004,
    IF005,
    IF006,
    IF007,
    IF008,
    IF013,
    IF014,
)
