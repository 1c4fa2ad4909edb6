"""Derived facts of an endpoint service's own Network Load Balancer (spec
`endpoint_services.<key>.network_load_balancer`), shared by the rules and the renderer."""

from __future__ import annotations

import re

from generator.spec.models import EndpointService, NetworkLoadBalancer

# Load balancer and target group names: "a maximum of 32 characters, [that] must contain only
# alphanumeric characters or hyphens, and must not begin or end with a hyphen" (ELBv2 API
# CreateLoadBalancer / CreateTargetGroup Name); a load balancer name must not begin with
# "internal-".
LB_NAME_MAX = 32
LB_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")

# The target group protocols each listener protocol can forward to (ELBv2 API CreateListener:
# "A TCP_UDP listener must be associated with a TCP_UDP target group"; TLS listeners forward to
# TCP or TLS target groups; UDP to UDP; TCP to TCP or TCP_UDP).
FORWARDS_TO: dict[str, tuple[str, ...]] = {
    "TCP": ("TCP", "TCP_UDP"),
    "TLS": ("TCP", "TLS"),
    "UDP": ("UDP", "TCP_UDP"),
    "TCP_UDP": ("TCP_UDP",),
}
UDP_PROTOCOLS = ("UDP", "TCP_UDP")


def nlb_name(module_name: str, key: str, nlb: NetworkLoadBalancer) -> str:
    """The load balancer's name: as written, else <module name>-<service key>."""
    return nlb.name or f"{module_name}-{key}"


def offers_ipv6(svc: EndpointService) -> bool:
    return any(t.lower() == "ipv6" for t in svc.supported_ip_address_types or [])
