"""Constrained strings for AWS identifiers, CIDRs and ARNs, with messages a user can act on."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, GetJsonSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError


@dataclass(frozen=True)
class Format:
    """What a constrained string is, for people and editors; validation stays in the validator.

    The language reference (generator.spec.reference) names the value by `label`; the JSON
    Schema gets `pattern` (when the format has a plain one) and `examples`, which editors offer
    as completions. Pydantic reads only `__get_pydantic_json_schema__` from it.
    """

    label: str
    example: str
    pattern: str | None = None

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        schema: dict[str, Any] = dict(handler(core_schema))
        if self.pattern is not None:
            schema["pattern"] = f"^(?:{self.pattern})$"
        schema["examples"] = [self.example]
        return schema


def _pattern(kind: str, regex: str, example: str) -> AfterValidator:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(
                "id_format",
                "'{value}' is not a valid {kind} (expected something like {example})",
                {"value": value, "kind": kind, "example": example},
            )
        return value

    return AfterValidator(check)


HEX_ID = r"(?:[0-9a-f]{8}|[0-9a-f]{17})"


def _id(kind: str, regex: str, example: str) -> tuple[AfterValidator, Format]:
    return _pattern(kind, regex, example), Format(kind, example, regex)


_DURATION = r"(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+"
# A Go duration, as Terraform's `timeouts` blocks take it.
Duration = Annotated[
    str, _pattern("duration", _DURATION, "20m or 1h30m"), Format("duration", "20m", _DURATION)
]

VpcId = Annotated[str, *_id("VPC ID", rf"vpc-{HEX_ID}", "vpc-0123456789abcdef0")]
SubnetId = Annotated[str, *_id("subnet ID", rf"subnet-{HEX_ID}", "subnet-0123456789abcdef0")]
RouteTableId = Annotated[str, *_id("route table ID", rf"rtb-{HEX_ID}", "rtb-0123456789abcdef0")]
VpcEndpointId = Annotated[str, *_id("VPC endpoint ID", rf"vpce-{HEX_ID}", "vpce-0123456789abcdef0")]
Route53ZoneId = Annotated[
    str, *_id("Route 53 hosted zone ID", r"Z[0-9A-Z]{1,32}", "Z0123456789ABCDEFGHIJ")
]
OrganizationId = Annotated[str, *_id("AWS Organizations ID", r"o-[a-z0-9]{10,32}", "o-a1b2c3d4e5")]
AccountId = Annotated[str, *_id("AWS account ID", r"[0-9]{12}", "111122223333")]
AZ_ID = re.compile(r"[a-z]{2,}[0-9]+(?:-[a-z]+[0-9]*)?-az[0-9]+")
# AZ IDs are checked by rule SPEC009 (format, Region, and AZ names given by mistake), not here.
AzId = Annotated[str, Format("AZ ID", "euw1-az1", AZ_ID.pattern)]
SECURITY_GROUP_ID = re.compile(rf"sg-{HEX_ID}")
PREFIX_LIST_ID = re.compile(rf"pl-{HEX_ID}")


def parse_cidr(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """Parse a CIDR block, requiring the network address (as the EC2 API does)."""
    try:
        return ipaddress.ip_network(value, strict=True)
    except ValueError as exc:
        if "/" in value:
            try:
                net = ipaddress.ip_network(value, strict=False)
            except ValueError:
                pass
            else:
                raise PydanticCustomError(
                    "cidr_host_bits",
                    "'{value}' has host bits set; the network address is {net}",
                    {"value": value, "net": str(net)},
                ) from exc
        raise PydanticCustomError(
            "cidr",
            "'{value}' is not a CIDR block (like 10.0.0.0/16 or 2001:db8::/56)",
            {"value": value},
        ) from exc


def _cidr(value: str) -> str:
    parse_cidr(value)
    return value


def _ipv4(value: str) -> str:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        raise PydanticCustomError(
            "ip", "'{value}' is not an IPv4 address", {"value": value}
        ) from None
    return value


def _ipv6(value: str) -> str:
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        raise PydanticCustomError(
            "ip", "'{value}' is not an IPv6 address", {"value": value}
        ) from None
    return value


Cidr = Annotated[str, AfterValidator(_cidr), Format("CIDR block", "10.20.0.0/16")]
IPv4Address = Annotated[str, AfterValidator(_ipv4), Format("IPv4 address", "10.20.1.10")]
IPv6Address = Annotated[str, AfterValidator(_ipv6), Format("IPv6 address", "2001:db8::10")]

_NAME_REST = "[a-z0-9_-]"
NAME_RE = re.compile(rf"[a-z]{_NAME_REST}*")  # and at most 64 characters


def _name(value: str) -> str:
    if not NAME_RE.fullmatch(value) or len(value) > 64:
        raise PydanticCustomError(
            "name",
            "'{value}' is not a valid name (lower-case letters, digits, '-' and '_', "
            "starting with a letter, at most 64 characters)",
            {"value": value},
        )
    return value


Name = Annotated[
    str, AfterValidator(_name), Format("name", "private", rf"[a-z]{_NAME_REST}{{0,63}}")
]


def _endpoint_source(value: str) -> str:
    """`from` entries: a CIDR, a prefix list ID or a security group ID."""
    if SECURITY_GROUP_ID.fullmatch(value) or PREFIX_LIST_ID.fullmatch(value):
        return value
    try:
        parse_cidr(value)
    except PydanticCustomError as exc:
        if exc.type == "cidr_host_bits":
            raise
        raise PydanticCustomError(
            "source",
            "'{value}' is not a CIDR block, prefix list ID (pl-...) or security group ID (sg-...)",
            {"value": value},
        ) from None
    return value


TrafficSource = Annotated[
    str,
    AfterValidator(_endpoint_source),
    Format("CIDR block, prefix list ID or security group ID", "10.20.0.0/16"),
]


def _route_destination(value: str) -> str:
    if PREFIX_LIST_ID.fullmatch(value):
        return value
    try:
        parse_cidr(value)
    except PydanticCustomError as exc:
        if exc.type == "cidr_host_bits":
            raise
        raise PydanticCustomError(
            "destination",
            "'{value}' is not an IPv4/IPv6 CIDR block or a prefix list ID (pl-...)",
            {"value": value},
        ) from None
    return value


RouteDestination = Annotated[
    str,
    AfterValidator(_route_destination),
    Format("CIDR block or prefix list ID", "10.20.0.0/16"),
]
