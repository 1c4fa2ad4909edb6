"""Managed objects of the stand-in provider: what "apply" creates, and where it keeps them.

:func:`fill_applied` turns a planned object into the object "AWS" returns: every unknown gets
a plausible, deterministic value (IDs such as ``vpce-0<16 hex digits>`` hashed from the known
configuration, ARNs, DNS entries, ``state = "available"``, ``tags_all`` = provider default
tags merged with ``tags``...).

:class:`World` is a JSON file (``$TFHARNESS_WORLD``) holding every object that exists, by
resource type and ID: ``ApplyResourceChange`` writes to it, ``ReadResource`` and
``ImportResourceState`` read from it, and data sources reading an object created earlier (a
subnet created by a composition root, say) get its attributes from it. Tests edit it to
simulate drift or objects created outside Terraform (see ``tests/support/lifecycle.py``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import ipaddress
import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from .cty import UNKNOWN, CtyError, CtyType, conform, kind, object_attrs
from .replacement import canonical

STUB_ACCOUNT: Final = "123456789012"

ID_PREFIXES: Final = {
    "aws_vpc": "vpc",
    "aws_subnet": "subnet",
    "aws_route_table": "rtb",
    "aws_security_group": "sg",
    "aws_vpc_security_group_ingress_rule": "sgr",
    "aws_vpc_security_group_egress_rule": "sgr",
    "aws_vpc_endpoint": "vpce",
    "aws_vpc_endpoint_service": "vpce-svc",
    "aws_vpc_endpoint_connection_notification": "vpce-nfn",
    "aws_internet_gateway": "igw",
    "aws_route_table_association": "rtbassoc",
    "aws_network_interface": "eni",
    "aws_ec2_managed_prefix_list": "pl",
}

# ARN resource kinds of EC2 objects: arn:aws:ec2:<region>:<account>:<kind>/<id>
_EC2_ARN_KINDS: Final = {
    "aws_vpc": "vpc",
    "aws_subnet": "subnet",
    "aws_route_table": "route-table",
    "aws_security_group": "security-group",
    "aws_vpc_security_group_ingress_rule": "security-group-rule",
    "aws_vpc_security_group_egress_rule": "security-group-rule",
    "aws_vpc_endpoint": "vpc-endpoint",
    "aws_vpc_endpoint_service": "vpc-endpoint-service",
}


def hex16(*parts: object) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:16]


def az_name_for_id(region: str, az_id: str) -> str:
    """``use1-az2`` -> ``us-east-1b`` (the numbering ``tests/support/plan_inputs.py`` uses)."""
    tail = az_id.rsplit("-az", 1)[-1]
    index = int(tail) if tail.isdigit() else 1
    return f"{region}{chr(ord('a') + (index - 1) % 26)}"


def az_id_for_name(region: str, short: str, name: str) -> str:
    letter = name[len(region) :] or "a"
    return f"{short}-az{ord(letter[0]) - ord('a') + 1}"


# --------------------------------------------------------------------------------------------
# IDs


def object_key(type_name: str, value: Mapping[str, Any]) -> str | None:
    """The key an object is stored under in the world: its ``id``, or what stands for it."""
    if type_name == "aws_vpc_endpoint_service_private_dns_verification":
        key = value.get("service_id")
    else:
        key = value.get("id")
    return key if isinstance(key, str) and key else None


def new_id(
    type_name: str, value: Mapping[str, Any], claim: Callable[[str], bool], region: str
) -> str:
    """A deterministic ID for a new object; ``claim(id)`` reserves it, False if already taken.

    The ID hashes the object's known values, so the same configuration gets the same ID in
    every run; two objects identical at plan time get the next free salt.
    """
    basis = canonical({k: v for k, v in value.items() if v is not UNKNOWN})
    for salt in range(1000):
        candidate = _id_candidate(type_name, value, basis, salt, region)
        if claim(candidate):
            return candidate
    raise RuntimeError(f"no free ID for {type_name}")


def _id_candidate(
    type_name: str, value: Mapping[str, Any], basis: str, salt: int, region: str
) -> str:
    digest = hex16(type_name, basis, salt)
    if type_name == "aws_route":
        destination = (
            value.get("destination_cidr_block")
            or value.get("destination_ipv6_cidr_block")
            or value.get("destination_prefix_list_id")
            or ""
        )
        suffix = f"-{salt}" if salt else ""
        return f"r-{value.get('route_table_id')}{zlib.crc32(str(destination).encode())}{suffix}"
    if type_name == "aws_vpc_endpoint_connection_accepter":
        return f"{value.get('vpc_endpoint_service_id')}_{value.get('vpc_endpoint_id')}"
    if type_name == "aws_vpc_endpoint_service_allowed_principal":
        principal = zlib.crc32(str(value.get("principal_arn")).encode())
        return f"a-{value.get('vpc_endpoint_service_id')}{principal}"
    if type_name == "aws_route53_record":
        name = str(value.get("name") or "").rstrip(".").lower()
        parts = [str(value.get("zone_id")), name, str(value.get("type"))]
        if value.get("set_identifier"):
            parts.append(str(value["set_identifier"]))
        return "_".join(parts)
    if type_name == "aws_lb":
        kind_ = {"network": "net", "gateway": "gwy"}.get(
            str(value.get("load_balancer_type")), "app"
        )
        name = value.get("name") or f"tf-lb-{digest[:8]}"
        path = f"loadbalancer/{kind_}/{name}/{digest}"
        return f"arn:aws:elasticloadbalancing:{region}:{STUB_ACCOUNT}:{path}"
    prefix = ID_PREFIXES.get(type_name)
    if prefix:
        return f"{prefix}-0{digest}"
    return f"{type_name.removeprefix('aws_').replace('_', '-')}-0{digest}"


# --------------------------------------------------------------------------------------------
# Plausible values for what the configuration leaves to AWS


def _subnet_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    az_id, az = value.get("availability_zone_id"), value.get("availability_zone")
    if isinstance(az_id, str) and az_id:
        out["availability_zone"] = az_name_for_id(region, az_id)
    elif isinstance(az, str) and az:
        out["availability_zone_id"] = az_id_for_name(region, short, az)
    else:
        out["availability_zone"] = f"{region}a"
        out["availability_zone_id"] = f"{short}-az1"
    out["ipv6_cidr_block_association_id"] = (
        f"subnet-cidr-assoc-0{hex16(value.get('id'))}" if value.get("ipv6_cidr_block") else ""
    )
    out["private_dns_hostname_type_on_launch"] = "ip-name"
    return out


def _vpc_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    ident = str(value.get("id"))
    out: dict[str, Any] = {
        "default_network_acl_id": f"acl-0{hex16(ident, 'acl')}",
        "default_route_table_id": f"rtb-0{hex16(ident, 'main')}",
        "main_route_table_id": f"rtb-0{hex16(ident, 'main')}",
        "default_security_group_id": f"sg-0{hex16(ident, 'default')}",
        "dhcp_options_id": "dopt-0stub0000000001",
        "enable_dns_hostnames": False,
        "enable_network_address_usage_metrics": False,
        "cidr_block": "10.0.0.0/16",
    }
    if value.get("assign_generated_ipv6_cidr_block"):
        digest = hex16(ident, "ipv6")
        out["ipv6_cidr_block"] = str(
            ipaddress.ip_network(f"2600:1f18:{digest[:4]}:{digest[4:6]}00::/56", strict=False)
        )
        out["ipv6_association_id"] = f"vpc-cidr-assoc-0{hex16(ident, 'v6')}"
        out["ipv6_cidr_block_network_border_group"] = region
    else:
        out["ipv6_cidr_block"] = ""
        out["ipv6_association_id"] = ""
        out["ipv6_cidr_block_network_border_group"] = ""
    return out


def _endpoint_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    ident = str(value.get("id"))
    kind_ = value.get("vpc_endpoint_type") or "Gateway"
    service = str(value.get("service_name") or "")
    short_service = service.rsplit(".", 1)[-1]
    out: dict[str, Any] = {
        "state": "available",
        "requester_managed": False,
        "private_dns_enabled": False,
        "ip_address_type": "" if kind_ == "Gateway" else "ipv4",
        "route_table_ids": [],
        "security_group_ids": [],
        "subnet_ids": [],
        "cidr_blocks": [],
        "prefix_list_id": "",
        "network_interface_ids": [],
        "dns_entry": [],
        "service_region": region,
        "policy": json.dumps(
            {
                "Version": "2008-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}
                ],
            },
            separators=(",", ":"),
        ),
    }
    if kind_ == "Gateway":
        out["prefix_list_id"] = f"pl-{hex16(service)[:8]}"
        out["cidr_blocks"] = ["192.0.2.0/24"]
    else:
        subnets = value.get("subnet_ids") if isinstance(value.get("subnet_ids"), list) else []
        out["network_interface_ids"] = [f"eni-0{hex16(ident, s)}" for s in subnets or []]
        if kind_ == "Interface":
            out["dns_entry"] = [
                {
                    "dns_name": (
                        f"{ident}-{hex16(ident)[:8]}.{short_service}.{region}.vpce.amazonaws.com"
                    ),
                    "hosted_zone_id": "Z7HUB22UULQXV",
                }
            ]
    return out


def _endpoint_service_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    ident = str(value.get("id"))
    gwlb = bool(value.get("gateway_load_balancer_arns"))
    out: dict[str, Any] = {
        "service_name": f"com.amazonaws.vpce.{region}.{ident}",
        "service_type": "GatewayLoadBalancer" if gwlb else "Interface",
        "state": "Available",
        "availability_zones": [f"{region}{letter}" for letter in "abc"],
        "base_endpoint_dns_names": [f"{ident}.{region}.vpce.amazonaws.com"],
        "manages_vpc_endpoints": False,
        "allowed_principals": [],
        "supported_ip_address_types": ["ipv4"],
        "supported_regions": [region],
        "private_dns_name": "",
        "private_dns_name_configuration": [],
    }
    if value.get("private_dns_name"):
        out["private_dns_name_configuration"] = [
            {
                "name": f"_{hex16(ident, 'txt')[:12]}",
                "type": "TXT",
                "value": f"vpce:{hex16(ident, 'value')}",
                "state": "pendingVerification",
            }
        ]
    return out


def _route_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    return {
        "origin": "CreateRoute",
        "state": "active",
        "instance_owner_id": "",
        "instance_id": "",
        "network_interface_id": "",
    }


def _security_group_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    name = f"terraform-{hex16(value.get('id'))[:20]}"
    return {"name": name, "name_prefix": "terraform-", "ingress": [], "egress": []}


def _sg_rule_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    return {"security_group_rule_id": value.get("id")}


def _notification_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    return {"notification_type": "Topic", "state": "Enabled"}


def _accepter_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    return {"vpc_endpoint_state": "available"}


def _record_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    return {"fqdn": str(value.get("name") or "").rstrip("."), "allow_overwrite": False}


def _lb_defaults(value: Mapping[str, Any], region: str, short: str) -> dict[str, Any]:
    arn = str(value.get("id"))
    name = arn.split("/")[-2] if "/" in arn else "tf-lb"
    return {
        "arn": arn,
        "arn_suffix": arn.split(":loadbalancer/", 1)[-1],
        "name": name,
        "dns_name": f"{name}-{hex16(arn)[:10]}.elb.{region}.amazonaws.com",
        "zone_id": "Z2IFOLAFXWLO4F",
        "internal": True,
        "ip_address_type": "ipv4",
        "vpc_id": "vpc-0stub0000000000001",
    }


_DEFAULTS: Final[dict[str, Callable[[Mapping[str, Any], str, str], dict[str, Any]]]] = {
    "aws_subnet": _subnet_defaults,
    "aws_vpc": _vpc_defaults,
    "aws_vpc_endpoint": _endpoint_defaults,
    "aws_vpc_endpoint_service": _endpoint_service_defaults,
    "aws_route": _route_defaults,
    "aws_security_group": _security_group_defaults,
    "aws_vpc_security_group_ingress_rule": _sg_rule_defaults,
    "aws_vpc_security_group_egress_rule": _sg_rule_defaults,
    "aws_vpc_endpoint_connection_notification": _notification_defaults,
    "aws_vpc_endpoint_connection_accepter": _accepter_defaults,
    "aws_route53_record": _record_defaults,
    "aws_lb": _lb_defaults,
}


def merged_tags(value: Mapping[str, Any], default_tags: Mapping[str, str]) -> Any:
    tags = value.get("tags")
    if tags is UNKNOWN or (isinstance(tags, dict) and any(v is UNKNOWN for v in tags.values())):
        return UNKNOWN
    return {**default_tags, **(tags or {})}


def fill_applied(
    type_name: str,
    ty: CtyType,
    planned: Mapping[str, Any],
    *,
    region: str,
    short_region: str,
    default_tags: Mapping[str, str],
    claim: Callable[[str], bool],
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The object AWS would return for ``planned``: unknowns filled, ``overrides`` applied."""
    attrs = object_attrs(ty)
    value = dict(planned)
    if "id" in attrs and value.get("id") in (None, UNKNOWN):
        value["id"] = new_id(type_name, value, claim, region)
    if "region" in attrs and value.get("region") in (None, UNKNOWN):
        value["region"] = region
    if "tags_all" in attrs and value.get("tags_all") is UNKNOWN:
        value["tags_all"] = merged_tags(value, default_tags)
    specific: dict[str, Any] = {}
    if "arn" in attrs and type_name in _EC2_ARN_KINDS:
        owner = STUB_ACCOUNT
        specific["arn"] = f"arn:aws:ec2:{region}:{owner}:{_EC2_ARN_KINDS[type_name]}/{value['id']}"
    if "owner_id" in attrs:
        specific["owner_id"] = STUB_ACCOUNT
    maker = _DEFAULTS.get(type_name)
    if maker is not None:
        specific.update(maker(value, region, short_region))
    for name, attr_ty in attrs.items():
        current = value.get(name)
        if current is UNKNOWN or _has_unknown(current):
            if name in specific:
                value[name] = _conform_or(specific[name], attr_ty, name, region)
            else:
                value[name] = fill_unknowns(current, attr_ty, region, name)
    for name, override in (overrides or {}).items():
        value[name] = conform(override, attrs[name])
    return value


def _conform_or(candidate: Any, ty: CtyType, name: str, region: str) -> Any:
    try:
        return conform(candidate, ty)
    except CtyError:
        return generic_default(name, ty, region)


def _has_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, list):
        return any(_has_unknown(item) for item in value)
    if isinstance(value, dict):
        return any(_has_unknown(item) for item in value.values())
    return False


def generic_default(name: str, ty: CtyType, region: str) -> Any:
    k = kind(ty)
    if k == "string":
        return region if name == "region" else f"stub-{name}"
    if k == "number":
        return 0
    if k == "bool":
        return name in ("enable_dns_support", "enable_dns_hostnames")
    if k in ("list", "set"):
        return []
    if k == "map":
        return {}
    if k == "tuple":
        return [generic_default(name, item, region) for item in ty[1]]
    if k == "object":
        return {attr: generic_default(attr, t, region) for attr, t in object_attrs(ty).items()}
    return None


def fill_unknowns(value: Any, ty: CtyType, region: str, name: str = "") -> Any:
    """Replace every unknown inside ``value`` by a generic default of its type."""
    if value is UNKNOWN:
        return generic_default(name, ty, region)
    k = kind(ty)
    if value is None or k in ("string", "number", "bool", "dynamic"):
        return value
    if k in ("list", "set"):
        return [fill_unknowns(item, ty[1], region, name) for item in value]
    if k == "map":
        return {key: fill_unknowns(item, ty[1], region, name) for key, item in value.items()}
    if k == "tuple":
        return [fill_unknowns(item, t, region, name) for item, t in zip(value, ty[1], strict=True)]
    return {
        attr: fill_unknowns(value.get(attr), t, region, attr)
        for attr, t in object_attrs(ty).items()
    }


# --------------------------------------------------------------------------------------------
# The world


class World:
    """Objects that exist, as ``{resource type: {key: object}}`` in a JSON file.

    Every read and write holds an exclusive lock on ``<file>.lock``, so the provider's
    concurrent RPCs (Terraform applies in parallel) and a test editing the file do not race.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, dict[str, Any]]]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                data = self._read()
                before = json.dumps(data, sort_keys=True)
                yield data
                if json.dumps(data, sort_keys=True) != before:
                    tmp = self.path.with_name(self.path.name + ".tmp")
                    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
                    tmp.replace(self.path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> dict[str, dict[str, Any]]:
        if not self.path.exists():
            return {}
        data: dict[str, dict[str, Any]] = json.loads(self.path.read_text(encoding="utf-8"))
        return data

    def snapshot(self) -> dict[str, dict[str, Any]]:
        with self._locked() as data:
            return json.loads(json.dumps(data))  # type: ignore[no-any-return]

    def get(self, type_name: str, key: str) -> dict[str, Any] | None:
        with self._locked() as data:
            found = data.get(type_name, {}).get(key)
            return dict(found) if isinstance(found, dict) else None

    def objects(self, type_name: str) -> list[dict[str, Any]]:
        with self._locked() as data:
            return [dict(obj) for obj in data.get(type_name, {}).values()]

    def claim(self, type_name: str, key: str) -> bool:
        """Reserve ``key`` for a new object of ``type_name``; False if it is taken."""
        with self._locked() as data:
            objects = data.setdefault(type_name, {})
            if key in objects:
                return False
            objects[key] = {}
            return True

    def put(self, type_name: str, key: str, value: Mapping[str, Any]) -> None:
        with self._locked() as data:
            data.setdefault(type_name, {})[key] = json.loads(json.dumps(value))

    def update(self, type_name: str, key: str, values: Mapping[str, Any]) -> None:
        with self._locked() as data:
            current = data.get(type_name, {}).get(key)
            if current is None:
                raise KeyError(f"no {type_name} {key!r} in the world")
            current.update(json.loads(json.dumps(values)))

    def delete(self, type_name: str, key: str) -> None:
        with self._locked() as data:
            data.get(type_name, {}).pop(key, None)


# --------------------------------------------------------------------------------------------
# Data sources that read objects of the world

# data source -> (resource type, configured argument, resource attribute it matches)
WORLD_DATA_SOURCES: Final = {
    "aws_vpc": ("aws_vpc", "id", "id"),
    "aws_subnet": ("aws_subnet", "id", "id"),
    "aws_route_table": ("aws_route_table", "route_table_id", "id"),
    "aws_security_group": ("aws_security_group", "id", "id"),
    "aws_lb": ("aws_lb", "arn", "arn"),
    "aws_vpc_endpoint": ("aws_vpc_endpoint", "id", "id"),
    "aws_vpc_endpoint_service": ("aws_vpc_endpoint_service", "service_name", "service_name"),
}
_RENAMED: Final = {
    "aws_vpc_endpoint_service": {"service_id": "id"},
    "aws_route_table": {"route_table_id": "id"},
}


def world_values(
    type_name: str, config: Mapping[str, Any], attr_types: Mapping[str, CtyType], world: World
) -> dict[str, Any]:
    """Attributes of the world object a data source reads, as data source values ({} if none)."""
    wiring = WORLD_DATA_SOURCES.get(type_name)
    if wiring is None:
        return {}
    resource_type, argument, attribute = wiring
    wanted = config.get(argument)
    if not isinstance(wanted, str) or not wanted:
        return {}
    found = next((o for o in world.objects(resource_type) if o.get(attribute) == wanted), None)
    if found is None:
        return {}
    values: dict[str, Any] = {}
    renamed = _RENAMED.get(type_name, {})
    for name, ty in attr_types.items():
        source = renamed.get(name, name)
        if source in found and found[source] is not None:
            with contextlib.suppress(CtyError):
                values[name] = conform(found[source], ty, drop_unknown_attrs=True)
    return values
