"""NLB0xx: an endpoint service's own Network Load Balancer (`network_load_balancer`), its
listeners, target groups and targets.

The load balancer facts that concern the endpoint service as a whole stay in their families:
ES005 (the NLB's Availability Zones), ES006 (Proxy Protocol v2), IP011 (IPv6 needs a dualstack
NLB) and IP012 (UDP listeners on a dualstack NLB).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.diagnostics import Severity
from generator.loader.source import Path
from generator.resolve.load_balancers import (
    FORWARDS_TO,
    LB_NAME,
    LB_NAME_MAX,
    UDP_PROTOCOLS,
    nlb_name,
)
from generator.rules import sources
from generator.rules.base import Context, Hit, Rule, Variant, hit
from generator.spec.models import EndpointService, NetworkLoadBalancer, TargetGroup

ALB_ARN = re.compile(
    r"arn:[a-z0-9-]+:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/app/[^/]+/[0-9a-f]{16}"
)


def own_load_balancers(
    ctx: Context,
) -> Iterator[tuple[str, EndpointService, NetworkLoadBalancer, Path]]:
    """(service key, service, its own NLB, the NLB's path) for every declared NLB."""
    for key in sorted(ctx.spec.endpoint_services):
        svc = ctx.spec.endpoint_services[key]
        if svc.network_load_balancer is not None:
            yield (
                key,
                svc,
                svc.network_load_balancer,
                ("endpoint_services", key, "network_load_balancer"),
            )


def _groups(
    ctx: Context,
) -> Iterator[tuple[str, NetworkLoadBalancer, str, TargetGroup, Path]]:
    for key, _, nlb, base in own_load_balancers(ctx):
        for name in sorted(nlb.target_groups):
            yield key, nlb, name, nlb.target_groups[name], (*base, "target_groups", name)


# --- NLB001 ----------------------------------------------------------------------------------


def _name_problem(name: str, *, load_balancer: bool) -> str | None:
    if len(name) > LB_NAME_MAX:
        return f"is {len(name)} characters long (at most {LB_NAME_MAX})"
    if not LB_NAME.fullmatch(name):
        return "may hold only letters, digits and hyphens, and not begin or end with a hyphen"
    if load_balancer and name.startswith("internal-"):
        return "must not begin with 'internal-'"
    return None


def _check_names(ctx: Context) -> Iterator[Hit]:
    for key, _, nlb, base in own_load_balancers(ctx):
        name = nlb_name(ctx.spec.name, key, nlb)
        problem = _name_problem(name, load_balancer=True)
        if problem and nlb.name is not None:
            yield hit((*base, "name"), service=key, name=name, problem=problem)
        elif problem:
            yield hit(base[:2], "derived", at_key=True, service=key, name=name, problem=problem)
    for key, _, _group, tg, path in _groups(ctx):
        if tg.name is None:
            continue
        problem = _name_problem(tg.name, load_balancer=False)
        if problem:
            yield hit((*path, "name"), "target-group", service=key, name=tg.name, problem=problem)


_NAME_HINT = "use at most 32 letters, digits and hyphens, not starting or ending with a hyphen"

NLB001 = Rule(
    id="NLB001",
    name="load-balancer-name-invalid",
    severity=Severity.ERROR,
    summary="Load balancer and target group names: at most 32 characters, letters, digits and "
    "hyphens, no hyphen first or last (and a load balancer's not starting with 'internal-').",
    message="endpoint service '{service}': load balancer name '{name}' {problem}",
    hint=_NAME_HINT,
    variants=(
        Variant(
            "derived",
            "endpoint service '{service}': the default load balancer name '{name}' (module name "
            "and service key) {problem}",
            "set network_load_balancer.name (" + _NAME_HINT + ")",
        ),
        Variant(
            "target-group",
            "endpoint service '{service}': target group name '{name}' {problem}",
        ),
    ),
    rationale="CreateLoadBalancer and CreateTargetGroup reject other names; the provider "
    "validates them too, but only when Terraform validates the generated module, far from "
    "the spec line.",
    source=f"ELBv2 API CreateLoadBalancer ({sources.ELB_API_CLB}): 'This name must be unique "
    "per region per account, can have a maximum of 32 characters, must contain only "
    "alphanumeric characters or hyphens, must not begin or end with a hyphen, and must not "
    'begin with "internal-"\'; CreateTargetGroup '
    f"({sources.ELB_API_CTG}), Name: the same without 'internal-'; TF-LB ({sources.TF_LB}: "
    "validName)",
    url=sources.ELB_API_CLB,
    check=_check_names,
    deviation="New ID (not in contract v1): the spec language v1 could not declare a load "
    "balancer; issue 16 added network_load_balancer.",
)

# --- NLB002 ----------------------------------------------------------------------------------


def _check_listener_references(ctx: Context) -> Iterator[Hit]:
    for key, _, nlb, base in own_load_balancers(ctx):
        seen: dict[int, int] = {}
        for i, lst in enumerate(nlb.listeners):
            path = (*base, "listeners", i)
            if lst.target_group not in nlb.target_groups:
                yield hit(
                    (*path, "target_group"),
                    service=key,
                    target_group=lst.target_group,
                    known=", ".join(sorted(nlb.target_groups)),
                )
            if lst.port in seen:
                yield hit(
                    (*path, "port"),
                    "duplicate-port",
                    service=key,
                    port=lst.port,
                    first=seen[lst.port] + 1,
                )
            seen.setdefault(lst.port, i)


NLB002 = Rule(
    id="NLB002",
    name="listener-reference-invalid",
    severity=Severity.ERROR,
    summary="Each listener forwards to a target group of its load balancer, and listens on a "
    "port no other listener of it uses.",
    message="endpoint service '{service}': listener forwards to target group "
    "'{target_group}', which is not defined",
    hint="use one of: {known}",
    variants=(
        Variant(
            "duplicate-port",
            "endpoint service '{service}': two listeners on port {port} (the first is listener "
            "{first})",
            "one listener per port; a TCP_UDP listener takes TCP and UDP on one port",
        ),
    ),
    rationale="A listener's default action names a target group; a port takes one listener "
    "(CreateListener fails with DuplicateListener).",
    source=f"ELBv2 API CreateListener ({sources.ELB_API_CL}): DuplicateListener 'A listener "
    "with the specified port already exists'; NLB guide, Create a listener "
    f"({sources.NLB_LISTENER}): 'You must specify a target group for the default action'",
    url=sources.ELB_API_CL,
    check=_check_listener_references,
    deviation="New ID (not in contract v1): listeners are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB003 ----------------------------------------------------------------------------------


def _check_tls(ctx: Context) -> Iterator[Hit]:
    for key, _, nlb, base in own_load_balancers(ctx):
        for i, lst in enumerate(nlb.listeners):
            path = (*base, "listeners", i)
            if lst.protocol == "TLS" and not lst.certificate_arn:
                yield hit(path, at_key=True, service=key, port=lst.port)
            elif lst.protocol != "TLS":
                for field_name in ("certificate_arn", "ssl_policy"):
                    if getattr(lst, field_name):
                        yield hit(
                            (*path, field_name),
                            "not-tls",
                            service=key,
                            port=lst.port,
                            protocol=lst.protocol,
                            field=field_name,
                        )


NLB003 = Rule(
    id="NLB003",
    name="tls-listener-certificate",
    severity=Severity.ERROR,
    summary="A TLS listener needs a server certificate (`certificate_arn`); certificates and "
    "security policies belong to TLS listeners only.",
    message="endpoint service '{service}': the TLS listener on port {port} has no certificate_arn",
    hint="set certificate_arn to an ACM certificate of this Region (and ssl_policy, e.g. "
    "ELBSecurityPolicy-TLS13-1-2-2021-06)",
    variants=(
        Variant(
            "not-tls",
            "endpoint service '{service}': the {protocol} listener on port {port} sets "
            "{field}, which only TLS listeners take",
            "remove {field}, or make the listener TLS",
        ),
    ),
    rationale="The load balancer terminates TLS with the listener's certificate; CreateListener "
    "requires one for TLS and rejects certificates and SSL policies on other protocols.",
    source=f"NLB guide, Create a listener ({sources.NLB_LISTENER}): 'You must specify an SSL "
    "certificate for a TLS listener'; ELBv2 API CreateListener "
    f"({sources.ELB_API_CL}): Certificates '[HTTPS and TLS listeners]', SslPolicy '[HTTPS and "
    "TLS listeners]'",
    url=sources.NLB_LISTENER,
    check=_check_tls,
    deviation="New ID (not in contract v1): listeners are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB004 ----------------------------------------------------------------------------------


def _check_forwarding(ctx: Context) -> Iterator[Hit]:
    for key, _, nlb, base in own_load_balancers(ctx):
        for i, lst in enumerate(nlb.listeners):
            tg = nlb.target_groups.get(lst.target_group)
            if tg is None or tg.protocol in FORWARDS_TO[lst.protocol]:
                continue
            yield hit(
                (*base, "listeners", i, "protocol"),
                service=key,
                port=lst.port,
                protocol=lst.protocol,
                target_group=lst.target_group,
                tg_protocol=tg.protocol,
                allowed=" or ".join(FORWARDS_TO[lst.protocol]),
            )


NLB004 = Rule(
    id="NLB004",
    name="listener-protocol-mismatch",
    severity=Severity.ERROR,
    summary="A listener forwards only to target groups of a matching protocol: TCP to TCP or "
    "TCP_UDP, TLS to TLS or TCP, UDP to UDP or TCP_UDP, TCP_UDP to TCP_UDP.",
    message="endpoint service '{service}': the {protocol} listener on port {port} forwards to "
    "target group '{target_group}' ({tg_protocol})",
    hint="a {protocol} listener forwards to {allowed} target groups",
    rationale="CreateListener rejects a default action whose target group's protocol does not "
    "match the listener's (IncompatibleProtocols).",
    source=f"ELBv2 API CreateListener ({sources.ELB_API_CL}): IncompatibleProtocols; "
    f"CreateTargetGroup ({sources.ELB_API_CTG}): 'A TCP_UDP listener must be associated with "
    "a TCP_UDP target group'",
    url=sources.ELB_API_CL,
    check=_check_forwarding,
    deviation="New ID (not in contract v1): listeners are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB005 ----------------------------------------------------------------------------------

_ALB_ATTRIBUTES = ("proxy_protocol_v2", "preserve_client_ip", "deregistration_delay")


def _check_alb_targets(ctx: Context) -> Iterator[Hit]:
    for key, nlb, name, tg, path in _groups(ctx):
        if tg.target_type != "alb":
            continue
        fields = {"service": key, "group": name}
        if tg.protocol != "TCP":
            yield hit((*path, "protocol"), protocol=tg.protocol, **fields)
        for i, lst in enumerate(nlb.listeners):
            if lst.target_group == name and lst.protocol != "TCP":
                yield hit(
                    (*path[:-2], "listeners", i, "protocol"),
                    "listener",
                    protocol=lst.protocol,
                    port=lst.port,
                    **fields,
                )
        for attr in _ALB_ATTRIBUTES:
            if ctx.has((*path, attr)) and getattr(tg, attr) not in (None, False):
                yield hit((*path, attr), "attributes", attribute=attr, **fields)
        hc = tg.health_check
        if hc is not None and hc.protocol == "TCP":
            yield hit((*path, "health_check", "protocol"), "health-check", **fields)
        targets = tg.targets or []
        if len(targets) > 1:
            yield hit((*path, "targets", 1), "one-alb", count=len(targets), **fields)
        for i, target in enumerate(targets):
            if not ALB_ARN.fullmatch(target.id):
                yield hit((*path, "targets", i, "id"), "target-id", target=target.id, **fields)


_ALB = "endpoint service '{service}': target group '{group}' (alb) "

NLB005 = Rule(
    id="NLB005",
    name="alb-target-group",
    severity=Severity.ERROR,
    summary="An `alb` target group holds one Application Load Balancer, uses TCP on the ALB's "
    "listener port, is reached through TCP listeners only, checks health over HTTP or HTTPS, "
    "and takes no target group attributes.",
    message=_ALB + "uses {protocol}; alb target groups use TCP",
    hint="set protocol: TCP and port to the port of a listener of the Application Load Balancer",
    variants=(
        Variant(
            "listener",
            _ALB + "is the target of the {protocol} listener on port {port}; only TCP listeners "
            "forward to an Application Load Balancer",
            "make the listener TCP (terminate TLS on the Application Load Balancer)",
        ),
        Variant(
            "attributes",
            _ALB + "sets {attribute}; alb target groups take no attributes",
            "remove {attribute} (they always keep their defaults)",
        ),
        Variant(
            "health-check",
            _ALB + "checks health over TCP",
            "use protocol HTTP or HTTPS: checks go to the ALB's listener and on to its targets",
        ),
        Variant(
            "one-alb",
            _ALB + "registers {count} targets; it holds exactly one Application Load Balancer",
            "use one target group (and one listener) per Application Load Balancer",
        ),
        Variant(
            "target-id",
            _ALB + "registers '{target}', which is not an Application Load Balancer ARN",
            "give the ALB's ARN (arn:<partition>:elasticloadbalancing:<region>:<account>:"
            "loadbalancer/app/<name>/<id>)",
        ),
    ),
    rationale="The ELB guide lists these conditions for an Application Load Balancer as the "
    "target of a Network Load Balancer. That the ALB has a listener on the target group's "
    "port is not in the spec: AWS checks it when the ALB is registered.",
    source=f"NLB guide, Use Application Load Balancers as targets ({sources.NLB_ALB_TARGET}): "
    "'You can only register one Application Load Balancer per target group'; 'For Protocol, "
    "only TCP is allowed ... The port for this target group must match the listener port of "
    "the Application Load Balancer'; 'choose HTTP or HTTPS as the Health check protocol'; "
    "'Only TCP listeners can forward traffic to an Application Load Balancer target group'; "
    "'When the target group type is alb, you can't modify the target group attributes'",
    url=sources.NLB_ALB_TARGET,
    check=_check_alb_targets,
    deviation="New ID (not in contract v1): target groups are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB006 ----------------------------------------------------------------------------------

# (spec field, AWS parameter, low, high): ELBv2 API CreateTargetGroup and
# ModifyTargetGroupAttributes.
_RANGES = (
    ("interval", "HealthCheckIntervalSeconds", 5, 300),
    ("timeout", "HealthCheckTimeoutSeconds", 2, 120),
    ("healthy_threshold", "HealthyThresholdCount", 2, 10),
    ("unhealthy_threshold", "UnhealthyThresholdCount", 2, 10),
)
_MATCHER = re.compile(r"(\d{3})(?:-(\d{3}))?")


def _matcher_ok(matcher: str) -> bool:
    for part in matcher.split(","):
        m = _MATCHER.fullmatch(part.strip())
        if m is None:
            return False
        low, high = int(m[1]), int(m[2] or m[1])
        if not 200 <= low <= high <= 599:
            return False
    return True


def _check_health_ranges(ctx: Context) -> Iterator[Hit]:
    for key, _, name, tg, path in _groups(ctx):
        fields = {"service": key, "group": name}
        delay = tg.deregistration_delay
        if delay is not None and not 0 <= delay <= 3600:
            yield hit(
                (*path, "deregistration_delay"),
                field="deregistration_delay",
                value=delay,
                low=0,
                high=3600,
                **fields,
            )
        hc = tg.health_check
        if hc is None:
            continue
        hpath = (*path, "health_check")
        for field_name, _, low, high in _RANGES:
            value = getattr(hc, field_name)
            if value is not None and not low <= value <= high:
                yield hit(
                    (*hpath, field_name),
                    field=field_name,
                    value=value,
                    low=low,
                    high=high,
                    **fields,
                )
        http = hc.protocol in ("HTTP", "HTTPS")
        for field_name in ("path", "matcher"):
            if getattr(hc, field_name) is not None and not http:
                yield hit((*hpath, field_name), "http-only", field=field_name, **fields)
        if http and hc.matcher is not None and not _matcher_ok(hc.matcher):
            yield hit((*hpath, "matcher"), "matcher", matcher=hc.matcher, **fields)


_HC = "endpoint service '{service}': target group '{group}': "

NLB006 = Rule(
    id="NLB006",
    name="target-group-setting-out-of-range",
    severity=Severity.ERROR,
    summary="Health check and deregistration settings within AWS's ranges: interval 5-300 s, "
    "timeout 2-120 s, thresholds 2-10, deregistration delay 0-3600 s; path and matcher "
    "(200-599) for HTTP/HTTPS checks only.",
    message=_HC + "{field} {value} is outside {low}-{high}",
    hint="use a value from {low} to {high}",
    variants=(
        Variant(
            "http-only",
            _HC + "health_check.{field} applies to HTTP and HTTPS health checks only",
            "set health_check.protocol to HTTP or HTTPS, or remove {field}",
        ),
        Variant(
            "matcher",
            _HC + "health_check.matcher '{matcher}' is not a list of HTTP codes from 200 to 599",
            "write codes and ranges like 200-399 or 200,204",
        ),
    ),
    rationale="The provider validates most of these ranges at plan time, far from the spec; "
    "AWS rejects the rest (matcher, path on a TCP check) at apply time.",
    source=f"ELBv2 API CreateTargetGroup ({sources.ELB_API_CTG}): HealthCheckIntervalSeconds "
    "'5-300', HealthCheckTimeoutSeconds '2-120', HealthyThresholdCount and "
    "UnhealthyThresholdCount '2-10', Matcher 'For Network Load Balancers ... from 200 to 599'; "
    f"NLB guide, target group attributes ({sources.NLB_TG_ATTRS}): deregistration delay "
    f"0-3600; TF-LBTG ({sources.TF_LBTG}: IntBetween validations)",
    url=sources.ELB_API_CTG,
    check=_check_health_ranges,
    deviation="New ID (not in contract v1): target groups are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB007 ----------------------------------------------------------------------------------


def _check_udp_ppv2(ctx: Context) -> Iterator[Hit]:
    for key, _, name, tg, path in _groups(ctx):
        if tg.proxy_protocol_v2 and tg.protocol in UDP_PROTOCOLS:
            yield hit((*path, "proxy_protocol_v2"), service=key, group=name, protocol=tg.protocol)


NLB007 = Rule(
    id="NLB007",
    name="proxy-protocol-v2-on-udp",
    severity=Severity.WARNING,
    summary="Proxy Protocol v2 on a UDP or TCP_UDP target group: AWS documents the header for "
    "TCP streams; UDP targets would have to find it in datagrams.",
    message="endpoint service '{service}': target group '{group}' ({protocol}) sends Proxy "
    "Protocol v2, which AWS documents for TCP connections",
    hint="use a TCP or TLS target group for traffic whose consumers the application must "
    "identify, or turn proxy_protocol_v2 off and verify with AWS before relying on it for UDP",
    rationale="The guide says 'With TCP listeners, the load balancer prepends a proxy protocol "
    "header to the TCP data'; for UDP it only notes that the client address is preserved, "
    "and PrivateLink traffic always arrives from the NLB's address. Few UDP servers parse "
    "PROXY v2 (nginx, HAProxy do not for UDP).",
    source=f"NLB guide, Proxy protocol ({sources.NLB_PPV2}); PROXY protocol spec "
    f"({sources.PROXY_PROTOCOL}), section 2.2 (UDP is defined only as an address family byte)",
    url=sources.NLB_PPV2,
    check=_check_udp_ppv2,
    deviation="New ID (not in contract v1): target groups are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB008 ----------------------------------------------------------------------------------


def _check_client_ip(ctx: Context) -> Iterator[Hit]:
    for key, _, name, tg, path in _groups(ctx):
        if not tg.preserve_client_ip or tg.target_type == "alb":
            continue
        variant = "with-ppv2" if tg.proxy_protocol_v2 else ""
        yield hit((*path, "preserve_client_ip"), variant, service=key, group=name)


NLB008 = Rule(
    id="NLB008",
    name="client-ip-preservation-behind-privatelink",
    severity=Severity.WARNING,
    summary="Client IP preservation has no effect on PrivateLink traffic (its source is always "
    "the NLB's private address); use Proxy Protocol v2 for consumer addresses.",
    message="endpoint service '{service}': target group '{group}' preserves client IPs, which "
    "has no effect on PrivateLink traffic: targets see the load balancer's address",
    hint="enable proxy_protocol_v2 to learn consumer addresses (and set preserve_client_ip: false)",
    variants=(
        Variant(
            "with-ppv2",
            "endpoint service '{service}': target group '{group}' both preserves client IPs "
            "and sends Proxy Protocol v2; PrivateLink traffic still arrives from the load "
            "balancer's address, while other paths would arrive from the client's",
            "set preserve_client_ip: false and read addresses from the PROXY v2 header only "
            "(it also avoids NAT loopback failures when a target calls its own NLB)",
        ),
    ),
    rationale="A target that trusts the packet source mixes NLB and client addresses when "
    "traffic also reaches the NLB outside PrivateLink; with preservation on, a target that "
    "connects to its own NLB can be routed to itself (no NAT loopback).",
    source=f"NLB guide, Client IP preservation ({sources.NLB_CIP}): 'Client IP preservation "
    "has no effect on inbound traffic from AWS PrivateLink. The source IP address of the AWS "
    "PrivateLink traffic is always the private IP address of the Network Load Balancer'; 'NAT "
    "loopback, also known as hairpinning, is not supported when client IP preservation is "
    "enabled'",
    url=sources.NLB_CIP,
    check=_check_client_ip,
    deviation="New ID (not in contract v1): target groups are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB009 ----------------------------------------------------------------------------------

LISTENERS_PER_NLB = 50


def _check_listener_quota(ctx: Context) -> Iterator[Hit]:
    for key, _, nlb, base in own_load_balancers(ctx):
        if len(nlb.listeners) > LISTENERS_PER_NLB:
            yield hit((*base, "listeners"), at_key=True, service=key, count=len(nlb.listeners))


NLB009 = Rule(
    id="NLB009",
    name="too-many-listeners",
    severity=Severity.WARNING,
    summary=f"Listeners per Network Load Balancer: {LISTENERS_PER_NLB} by default.",
    message="endpoint service '{service}': the load balancer has {count} listeners; the "
    f"default quota is {LISTENERS_PER_NLB}",
    hint="request an increase of 'Listeners per Network Load Balancer' (Service Quotas), then "
    "suppress NLB009; or use TCP_UDP listeners or a second service",
    rationale="CreateListener fails with TooManyListeners beyond the quota.",
    source=f"NLB guide, Quotas ({sources.NLB_QUOTAS}): 'Listeners per load balancer: 50'",
    url=sources.NLB_QUOTAS,
    check=_check_listener_quota,
    deviation="New ID (not in contract v1): listeners are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB010 ----------------------------------------------------------------------------------


def _check_ipv6_groups(ctx: Context) -> Iterator[Hit]:
    for key, nlb, name, tg, path in _groups(ctx):
        if tg.ip_address_type != "ipv6":
            continue
        fields = {"service": key, "group": name}
        if tg.target_type != "ip":
            yield hit((*path, "target_type"), target_type=tg.target_type, **fields)
        if nlb.ip_address_type != "dualstack":
            yield hit((*path, "ip_address_type"), "ipv4-nlb", **fields)


NLB010 = Rule(
    id="NLB010",
    name="ipv6-target-group",
    severity=Severity.ERROR,
    summary="An IPv6 target group holds `ip` targets and serves a dualstack load balancer.",
    message="endpoint service '{service}': IPv6 target group '{group}' has {target_type} "
    "targets; IPv6 target groups take ip targets only",
    hint="set target_type: ip and register IPv6 addresses",
    variants=(
        Variant(
            "ipv4-nlb",
            "endpoint service '{service}': IPv6 target group '{group}' on an IPv4 load balancer",
            "set network_load_balancer.ip_address_type: dualstack",
        ),
    ),
    rationale="CreateTargetGroup rejects IPv6 with instance or alb targets, and a listener of "
    "an IPv4 load balancer cannot forward to an IPv6 target group.",
    source=f"NLB guide, Create a target group ({sources.NLB_TG_CREATE}): 'You must use an IPv6 "
    "target group with a dualstack load balancer'; target groups: 'IPv6 target groups only "
    "support IP type targets'",
    url=sources.NLB_TG_CREATE,
    check=_check_ipv6_groups,
    deviation="New ID (not in contract v1): target groups are part of network_load_balancer "
    "(issue 16).",
)

# --- NLB011 ----------------------------------------------------------------------------------


def _check_no_security_groups(ctx: Context) -> Iterator[Hit]:
    for key, _, nlb, base in own_load_balancers(ctx):
        if not nlb.security_groups:
            path = (*base, "security_groups") if nlb.security_groups is not None else base
            yield hit(path, at_key=True, service=key)


NLB011 = Rule(
    id="NLB011",
    name="load-balancer-without-security-groups",
    severity=Severity.WARNING,
    summary="A Network Load Balancer created without security groups can never get one.",
    message="endpoint service '{service}': the load balancer has no security groups, and AWS "
    "cannot add any later (the provider would replace the load balancer, and the endpoint "
    "service with its consumers' connections)",
    hint="attach a security group now (security_groups), with "
    "enforce_security_group_inbound_rules_on_private_link_traffic: false if PrivateLink "
    "traffic should not be filtered",
    rationale="Security groups on an NLB filter what reaches it and let targets allow the "
    "NLB's group instead of its addresses. The choice is made at creation only.",
    source=f"NLB guide, Security groups ({sources.NLB_SG}) and Use Application Load Balancers "
    f"as targets ({sources.NLB_ALB_TARGET}): 'If you don't associate any security groups "
    "with your Network Load Balancer now, you can't associate them later on'; TF-LB "
    f"({sources.TF_LB}: customizeDiffLoadBalancerNLB forces replacement from none to some)",
    url=sources.NLB_SG,
    check=_check_no_security_groups,
    deviation="New ID (not in contract v1): the load balancer is part of network_load_balancer "
    "(issue 16).",
)

# --- NLB012 ----------------------------------------------------------------------------------


def _check_access_logs(ctx: Context) -> Iterator[Hit]:
    for key, _, nlb, base in own_load_balancers(ctx):
        if nlb.access_logs is None and any(lst.protocol == "TLS" for lst in nlb.listeners):
            yield hit(base, at_key=True, service=key)


NLB012 = Rule(
    id="NLB012",
    name="tls-load-balancer-without-access-logs",
    severity=Severity.WARNING,
    summary="A Network Load Balancer with TLS listeners keeps access logs (they record TLS "
    "requests only).",
    message="endpoint service '{service}': the load balancer terminates TLS but writes no "
    "access logs",
    hint="add access_logs with an S3 bucket (its policy must let the log delivery service "
    "write), or set access_logs.enabled: false, or suppress NLB012",
    rationale="Access logs are the only record of who connected to a TLS listener (client "
    "address, TLS version, cipher). checkov's CKV_AWS_91 asks for them on every ELBv2; for an "
    "NLB without TLS listeners there is nothing to log, so the module then skips that check "
    "with the reason.",
    source=f"NLB guide, Access logs ({sources.NLB_ACCESS_LOGS}): 'Access logs are created only "
    "if the load balancer has a TLS listener and they contain information only about TLS "
    "requests'",
    url=sources.NLB_ACCESS_LOGS,
    check=_check_access_logs,
    deviation="New ID (not in contract v1): the load balancer is part of network_load_balancer "
    "(issue 16).",
)

RULES: tuple[Rule, ...] = (
    NLB001,
    NLB002,
    NLB003,
    NLB004,
    NLB005,
    NLB006,
    NLB007,
    NLB008,
    NLB009,
    NLB010,
    NLB011,
    NLB012,
)
