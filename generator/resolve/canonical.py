"""Addresses and CIDR blocks in the form AWS and the provider return them.

EC2 stores and echoes IP values canonically: the network address of a CIDR block ("we create
a CIDR block of 100.68.0.0/18", VPC User Guide, subnet sizing) and, for IPv6, RFC 5952 text
(lower-case hex, leading zeros dropped, the longest zero run compressed). The EC2 API model's
IpRange note: "Amazon Web Services canonicalizes IPv4 and IPv6 CIDRs ... Any subsequent
DescribeSecurityGroups and DescribeSecurityGroupRules calls will return the canonicalized form"
(AWS SDK for Python v4 reference, EC2 IpRange); terraform-provider-aws PR #25588: "AWS reports
IPv6 CIDRs in security groups using lower-case hexadecimal". A module
that sends `2001:0DB8::/32` reads back `2001:db8::/32` and plans a change on every run, so the
resolved spec carries the canonical text and the renderer writes only that.
"""

from __future__ import annotations

import ipaddress


def cidr(value: str) -> str:
    """A CIDR block's canonical text (prefix list IDs and other values unchanged)."""
    try:
        return str(ipaddress.ip_network(value, strict=False))
    except ValueError:
        return value


def address(value: str | None) -> str | None:
    """An IP address's canonical text."""
    if value is None:
        return None
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return value
