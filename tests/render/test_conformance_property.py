"""Property test: every valid spec renders a module that fits the provider schema.

A hypothesis strategy builds spec dicts covering every endpoint type (gateway, interface,
gateway-load-balancer, resource, service-network), endpoint policies in all forms (inline
document, preset organization/account, file), IPv6 and dualstack, cross-Region endpoints,
module inputs versus literal IDs, and endpoint services. Only specs that vpcegen validates
without errors are kept. Each is rendered with ``render_spec`` and checked:

* schema conformance of every resource and data block (tests/support/schema_conformance.py);
* structural invariants, read back through tests/support/hcl.py: one ``aws_vpc_endpoint`` per spec
  endpoint with its type; each endpoint's ``subnet_ids`` is the group's literal list or
  ``var.<group>_subnet_ids``; gateway endpoints take route tables and no subnets; GWLB
  endpoints take one subnet, no security groups and no policy, and one ``aws_route`` per route;
  allowed principals; the rendered ``jsonencode(...)`` policy equals the spec's document after
  a JSON round trip.

A small sample of the same specs also goes through real ``terraform validate`` and ``plan``.
Runs are derandomized (the same examples every time) and have no deadline.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from generator.api import render_spec
from generator.diagnostics import Severity
from generator.loader.load import LoadedSpec, load_text
from generator.policy_document import account_policy, organization_policy
from generator.render import hcl as render_hcl
from generator.resolve.services import service_home_region, service_short
from generator.rules.engine import check_specs
from generator.services.catalog import load_catalog
from generator.spec.models import Spec
from tests.support import hcl, plan_inputs
from tests.support.schema_conformance import check_module, format_issues
from tests.support.tfharness.runner import TERRAFORM, run_terraform, terraform_available

MAX_EXAMPLES = 200
TERRAFORM_EXAMPLES = 5

REGIONS = {
    "eu-west-1": "euw1",
    "us-east-1": "use1",
    "ap-southeast-2": "apse2",
    "eu-central-1": "euc1",
    "us-west-2": "usw2",
}
# Interface services of the built-in catalog: (name, supports IPv6, cross-Region capable).
INTERFACE_SERVICES = [
    ("sts", True, False),
    ("kms", True, True),
    ("ecr.api", False, True),
    ("ecr.dkr", False, True),
    ("logs", True, False),
    ("secretsmanager", True, False),
    ("sqs", True, False),
    ("sns", True, False),
    ("ec2", False, False),
    ("lambda", True, True),
]
ENDPOINT_TYPES = {
    "gateway": "Gateway",
    "interface": "Interface",
    "gateway-load-balancer": "GatewayLoadBalancer",
    "resource": "Resource",
    "service-network": "ServiceNetwork",
}
ACCOUNTS = ["111122223333", "444455556666", "777788889999"]

hex17 = st.integers(min_value=0, max_value=16**17 - 1).map(lambda n: f"{n:017x}")


def aws_id(prefix: str) -> st.SearchStrategy[str]:
    return hex17.map(lambda h: f"{prefix}-{h}")


# --------------------------------------------------------------------------- strategies


@st.composite
def policies(draw: st.DrawFn, allow_file: bool) -> dict[str, Any]:
    forms = ["organization", "account", "document"] + (["file", "file"] if allow_file else [])
    form = draw(st.sampled_from(forms))
    if form == "organization":
        org = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=10, max_size=12))
        return {"preset": "organization", "organization_id": f"o-{org}"}
    if form == "account":
        ids = draw(st.lists(st.sampled_from(ACCOUNTS), min_size=1, max_size=3, unique=True))
        return {"preset": "account", "account_ids": ids}
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": draw(st.sampled_from(["AllowRead", "OwnBucketsOnly", "Team"])),
                "Effect": "Allow",
                "Principal": "*",
                "Action": draw(
                    st.sampled_from(["*", ["s3:GetObject", "s3:ListBucket"], "sqs:SendMessage"])
                ),
                "Resource": draw(st.sampled_from(["*", ["arn:aws:s3:::example-data-*/*"]])),
                "Condition": {
                    "StringEquals": {"aws:PrincipalAccount": draw(st.sampled_from(ACCOUNTS))}
                },
            }
        ],
    }
    if form == "file":
        return {"file": "policies/endpoint.json", "__document__": document}
    return document


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """A spec dict; most are valid by construction, the rest are filtered out by the test."""
    region = draw(st.sampled_from(sorted(REGIONS)))
    prefix = REGIONS[region]
    other_region = draw(st.sampled_from(sorted(set(REGIONS) - {region})))
    ipv6 = draw(st.booleans())
    octet = draw(st.integers(min_value=1, max_value=250))
    vpc: dict[str, Any] = {}
    if draw(st.booleans()):
        vpc["id"] = draw(aws_id("vpc"))
    if draw(st.booleans()):
        vpc["cidr_blocks"] = [f"10.{octet}.0.0/16"] + (
            [f"2001:db8:{octet:x}00::/56"] if ipv6 else []
        )
    if ipv6:
        vpc["ipv6"] = True

    def subnet_group(size: int) -> dict[str, Any]:
        group: dict[str, Any] = {}
        azs = [f"{prefix}-az{i}" for i in draw(st.permutations([1, 2, 3]))[:size]]
        literal = draw(st.booleans())
        if literal:
            group["ids"] = [draw(aws_id("subnet")) for _ in azs]
        if draw(st.booleans()) or (literal and size > 1 and draw(st.booleans())):
            group["availability_zone_ids"] = azs
        if ipv6:
            group["ipv6"] = True
        return group

    subnet_groups = {"app": subnet_group(draw(st.integers(min_value=2, max_value=3)))}
    route_table_groups: dict[str, Any] = {}
    for name in ("private", "edge"):
        route_table_groups[name] = (
            {"ids": draw(st.lists(aws_id("rtb"), min_size=1, max_size=2, unique=True))}
            if draw(st.booleans())
            else {}
        )

    security_groups = {
        "endpoints": {
            "description": "HTTPS to the endpoints",
            "ingress": [
                {
                    "port": 443,
                    "from": draw(st.sampled_from(["vpc", [f"10.{octet}.16.0/20"]])),
                    "description": "HTTPS from the clients",
                }
            ],
        }
    }
    allow_file = draw(st.sampled_from([False, True, True]))
    defaults: dict[str, Any] = {}
    if draw(st.booleans()):
        defaults["interface"] = {"subnet_group": "app", "security_groups": ["endpoints"]}
        if draw(st.booleans()):
            defaults["interface"]["policy"] = draw(policies(allow_file))
    if ipv6 and draw(st.booleans()):
        subnet_groups["v6"] = {**subnet_group(2), "ipv4": False, "ipv6": True}
    endpoints: dict[str, Any] = {}
    kinds = draw(
        st.lists(
            st.sampled_from(
                [
                    "gateway",
                    "interface",
                    "interface-custom",
                    "interface-cross-region",
                    "gateway-load-balancer",
                    "resource",
                    "service-network",
                ]
            ),
            min_size=1,
            max_size=5,
        )
    )
    used_services: set[str] = set()
    gateway_services: set[str] = set()
    for index, kind in enumerate(kinds):
        key = f"{kind.split('-')[0][:5]}-{index}"
        ep: dict[str, Any] = {}
        if kind == "gateway":
            service = draw(st.sampled_from(["s3", "dynamodb"]))
            if service in gateway_services:
                continue
            gateway_services.add(service)
            ep = {"type": "gateway", "service": service, "route_table_groups": ["private"]}
            if draw(st.booleans()):
                ep["policy"] = draw(policies(allow_file))
        elif kind == "interface":
            service, service_ipv6, _ = draw(st.sampled_from(INTERFACE_SERVICES))
            if service in used_services:
                continue
            used_services.add(service)
            ep = {"type": "interface", "service": service}
            if "interface" not in defaults or draw(st.booleans()):
                ep["subnet_group"] = "app"
                ep["security_groups"] = draw(
                    st.sampled_from([["endpoints"], [draw(aws_id("sg"))], ["endpoints"]])
                )
            if ipv6 and service_ipv6 and draw(st.integers(0, 2)):
                ep["ip_address_type"] = "dualstack"
                if draw(st.booleans()):
                    ep["dns"] = {"record_ip_type": draw(st.sampled_from(["dualstack", "ipv4"]))}
            elif draw(st.booleans()):
                ep["ip_address_type"] = "ipv4"
            if draw(st.booleans()):
                ep["private_dns"] = draw(st.booleans())
            if draw(st.booleans()):
                ep["policy"] = draw(policies(allow_file))
        elif kind == "interface-custom":
            ep = {
                "type": "interface",
                "service_name": f"com.amazonaws.vpce.{region}.vpce-svc-{draw(hex17)}",
                "subnet_group": "app",
                "security_groups": ["endpoints"],
                "private_dns": False,
            }
        elif kind == "interface-cross-region":
            service, _, cross = draw(st.sampled_from(INTERFACE_SERVICES))
            custom = not cross or draw(st.booleans())
            if not custom and service in used_services:
                continue
            azs = [f"{prefix}-az{i}" for i in (1, 2, 3)]
            ep = {
                "type": "interface",
                "service_region": other_region,
                "service_availability_zone_ids": azs,
                "subnet_group": "app",
                "security_groups": ["endpoints"],
                "private_dns": False,
            }
            if custom:
                ep["service_name"] = f"com.amazonaws.vpce.{other_region}.vpce-svc-{draw(hex17)}"
            else:
                used_services.add(service)
                ep["service"] = service
                if draw(st.booleans()):
                    ep["policy"] = draw(policies(allow_file))
        elif kind == "gateway-load-balancer":
            group = f"inspect-{index}"
            subnet_groups[group] = subnet_group(1)
            routes = draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["edge", "private"]),
                        st.sampled_from(["0.0.0.0/0", f"10.{octet}.16.0/20", "::/0"]),
                    ),
                    max_size=3,
                    unique=True,
                )
            )
            ep = {
                "type": "gateway-load-balancer",
                "service_name": f"com.amazonaws.vpce.{region}.vpce-svc-0fedcba9876543210",
                "subnet_group": group,
                "routes": [{"route_table_group": g, "destination": d} for g, d in routes],
            }
        elif kind == "resource":
            ep = {
                "type": "resource",
                "resource_configuration_arn": f"arn:aws:vpc-lattice:{region}:111122223333:"
                f"resourceconfiguration/rcfg-{draw(hex17)}",
                "subnet_group": "app",
                "security_groups": ["endpoints"],
            }
        else:
            ep = {
                "type": "service-network",
                "service_network_arn": f"arn:aws:vpc-lattice:{region}:111122223333:"
                f"servicenetwork/sn-{draw(hex17)}",
                "subnet_group": "app",
                "security_groups": ["endpoints"],
            }
            if draw(st.booleans()):
                ep["private_dns"] = True
                ep["dns"] = {"private_dns_preference": "VERIFIED_DOMAINS_ONLY"}
        if draw(st.booleans()):
            ep["tags"] = {"Team": draw(st.sampled_from(["net", "data", "platform"]))}
        endpoints[key] = ep

    if "v6" in subnet_groups:  # an IPv6-only endpoint in the IPv6-only subnets
        free = [name for name, v6, _ in INTERFACE_SERVICES if v6 and name not in used_services]
        endpoints["ipv6-only"] = {
            "type": "interface",
            "service": draw(st.sampled_from(free)),
            "subnet_group": "v6",
            "security_groups": ["endpoints"],
            "ip_address_type": "ipv6",
        }

    spec: dict[str, Any] = {
        "version": 1,
        "name": "prop-" + draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)),
        "region": region,
        "network": {
            "vpc": vpc,
            "subnet_groups": subnet_groups,
            "route_table_groups": route_table_groups,
        },
        "security_groups": security_groups,
        "endpoints": endpoints,
    }
    if defaults:
        spec["defaults"] = defaults
    if draw(st.booleans()):
        spec["tags"] = {"CostCenter": "network"}
    if draw(st.booleans()):
        spec["endpoint_services"] = {"svc": draw(endpoint_services(region, other_region))}
    return spec


@st.composite
def endpoint_services(draw: st.DrawFn, region: str, other_region: str) -> dict[str, Any]:
    nlb = draw(st.booleans())
    kind, short = ("network", "net") if nlb else ("gateway", "gwy")
    lb_id = draw(hex17)[:16]
    arn = f"arn:aws:elasticloadbalancing:{region}:111122223333:loadbalancer/{short}/lb/{lb_id}"
    svc: dict[str, Any] = {
        f"{kind}_load_balancer_arns": [arn],
        "acceptance_required": draw(st.booleans()),
        "allowed_principals": draw(
            st.lists(
                st.sampled_from(
                    [f"arn:aws:iam::{a}:root" for a in ACCOUNTS]
                    + ["arn:aws:iam::444455556666:role/consumer"]
                ),
                min_size=1,
                max_size=3,
                unique=True,
            )
        ),
    }
    if nlb and draw(st.booleans()):
        svc["supported_ip_address_types"] = ["ipv4", "ipv6"]
        svc["load_balancer_ip_address_type"] = "dualstack"
    if nlb and draw(st.booleans()):
        svc["private_dns_name"] = "orders.api.example.com"
        if draw(st.booleans()):
            svc["private_dns_verification"] = {"route53_zone_id": "Z0123456789ABCDEFGHIJ"}
    if draw(st.booleans()):
        svc["supported_regions"] = [region, other_region]
    if svc["acceptance_required"] and draw(st.booleans()):
        svc["accept_endpoints"] = [f"vpce-{draw(hex17)}"]
    if draw(st.booleans()):
        svc["connection_notifications"] = [
            {"sns_topic_arn": f"arn:aws:sns:{region}:111122223333:events", "events": ["Accept"]}
        ]
    return svc


# --------------------------------------------------------------------------- helpers


@contextmanager
def loaded_spec(spec: dict[str, Any]) -> Iterator[tuple[LoadedSpec, Path]]:
    """Write the spec (and its policy files) to a temporary folder and load and check it."""
    with tempfile.TemporaryDirectory(prefix="vpcegen-prop-") as scratch:
        base = Path(scratch)
        data = json.loads(json.dumps(spec))  # a deep copy
        holders = [*data["endpoints"].values(), *data.get("defaults", {}).values()]
        for ep in holders:
            policy = ep.get("policy")
            if isinstance(policy, dict) and "file" in policy:
                document = policy.pop("__document__")
                name = f"policies/{len(list(base.glob('policies/*')))}.json"
                policy["file"] = name
                (base / "policies").mkdir(exist_ok=True)
                (base / name).write_text(json.dumps(document, indent=2), encoding="utf-8")
        text = yaml.safe_dump(data, sort_keys=False)
        (base / "spec.yaml").write_text(text, encoding="utf-8")
        loaded = load_text("spec.yaml", text, base_dir=base)
        if loaded.spec is not None:
            check_specs([loaded])
        yield loaded, base


def valid(loaded: LoadedSpec) -> bool:
    return loaded.spec is not None and not any(
        f.severity is Severity.ERROR for f in loaded.findings
    )


def render(loaded: LoadedSpec, out: Path) -> Path:
    module = out / "module"
    module.mkdir()
    for name, content in render_spec(loaded, "spec.yaml").items():
        (module / name).write_bytes(content)
    return module


def to_python(shape: hcl.Shape) -> Any:
    """The Python value of a fully literal HCL expression (object, tuple, string, ...)."""
    if shape.kind == "object":
        assert shape.items is not None, "object built by an expression"
        out: dict[str, Any] = {}
        for key, value in shape.items:
            assert key is not None, "computed object key"
            out[key] = to_python(value)
        return out
    if shape.kind == "tuple":
        assert shape.elements is not None, "tuple built by an expression"
        return [to_python(e) for e in shape.elements]
    if shape.kind == "string":
        assert shape.value is not None, "string template"
        return shape.value
    if shape.kind == "number":
        assert shape.value is not None
        number = float(shape.value)
        return int(number) if number.is_integer() and "." not in shape.value else number
    if shape.kind == "bool":
        return shape.value == "true"
    if shape.kind == "null":
        return None
    raise AssertionError(f"not a literal: {shape.kind}")


def call_argument(attr: hcl.Attribute, function: str) -> Any:
    """The Python value of the literal argument of ``x = <function>(<literal>)``."""
    expr = attr.expr
    while hasattr(expr, "expression") and not hasattr(expr, "arguments"):
        expr = expr.expression
    assert hasattr(expr, "arguments"), f"line {attr.line}: not a function call"
    names = [str(i.serialize()) for i in expr.identifiers]
    assert names == [function], f"line {attr.line}: {names} instead of {function}"
    (argument,) = expr.arguments.arguments
    return to_python(hcl.shape_of(argument))


def literal_list(attr: hcl.Attribute) -> list[str] | None:
    shape = hcl.shape_of(attr.expr)
    if shape.kind != "tuple" or shape.elements is None:
        return None
    values = [e.value for e in shape.elements]
    return [v for v in values if v is not None] if all(v is not None for v in values) else None


def reference(attr: hcl.Attribute) -> str:
    refs = hcl.traversals(attr.expr)
    return refs[0].text if len(refs) == 1 else ""


def effective(spec: Spec, key: str, field: str) -> Any:
    ep = spec.endpoints[key]
    own = getattr(ep, field)
    if own is not None:
        return own
    return getattr(spec.defaults.for_type(ep.type), field, None)


def takes_full_access_only(ep: Any) -> bool:
    """Endpoint services of other accounts, and AWS services the catalog marks as taking no
    policy or only the full-access one (POL005, POL006)."""
    if ep.service_name and ".vpce." in ep.service_name:
        return True
    info = load_catalog().get(service_short(ep) or "")
    return info is not None and info.policy in ("no", "full-access-only")


def raw_policy(loaded: LoadedSpec, key: str) -> tuple[Any, tuple[str, ...]]:
    """The endpoint's `policy` as written (its own, else its type's default) and its path."""
    ep = loaded.data["endpoints"][key]
    if "policy" in ep:
        return ep["policy"], ("endpoints", key, "policy")
    defaults = (loaded.data.get("defaults") or {}).get(ep["type"]) or {}
    return defaults.get("policy"), ("defaults", ep["type"], "policy")


def expected_policy(
    raw: dict[str, Any], loaded: LoadedSpec, path: tuple[str, ...], key: str
) -> Any:
    spec = loaded.spec
    assert spec is not None
    ep = spec.endpoints[key]
    facts = (
        service_short(ep),
        service_home_region(ep, spec.region),
        spec.partition,
    )  # a preset carries the exceptions AWS documents for the endpoint's service
    if raw.get("preset") == "organization":
        return organization_policy(raw["organization_id"], *facts)
    if raw.get("preset") == "account":
        return account_policy(raw["account_ids"], *facts)
    if "file" in raw:
        result = loaded.policy_files[path]
        assert isinstance(result.data, dict)
        return json.loads(json.dumps(result.data))
    return json.loads(json.dumps(raw))  # jsonencode round trip of the spec's document


# --------------------------------------------------------------------------- invariants


def check_invariants(loaded: LoadedSpec, module: Path) -> None:
    spec = loaded.spec
    assert spec is not None
    blocks: dict[tuple[str, ...], hcl.Block] = {}
    for file, root in hcl.parse_module_blocks(module).items():
        for block in root.blocks:
            address = (block.type, *block.labels)
            assert address not in blocks, f"{file}: {address} declared twice"
            blocks[address] = block
    endpoints = {
        b.labels[1]: b for k, b in blocks.items() if k[:2] == ("resource", "aws_vpc_endpoint")
    }
    assert set(endpoints) == {render_hcl.identifier(k) for k in spec.endpoints}

    routes = [b for k, b in blocks.items() if k[:2] == ("resource", "aws_route")]
    variables_tf = (module / "variables.tf").read_text(encoding="utf-8")
    for key, ep in spec.endpoints.items():
        ident = render_hcl.identifier(key)
        block = endpoints[ident]
        attrs = block.attributes
        where = f"aws_vpc_endpoint.{ident} (line {block.line})"
        kind = hcl.literal_string(attrs["vpc_endpoint_type"].value)
        assert kind == ENDPOINT_TYPES[ep.type], where

        group_name = effective(spec, key, "subnet_group")
        if ep.type == "gateway":
            assert "subnet_ids" not in attrs and "security_group_ids" not in attrs, where
            groups = effective(spec, key, "route_table_groups") or []
            assert ("route_table_ids" in attrs) == bool(groups), where
        else:
            group = spec.network.subnet_groups[group_name]
            subnet_attr = attrs["subnet_ids"]
            if group.ids is not None:
                assert literal_list(subnet_attr) == list(group.ids), where
            else:
                expected = f"var.{render_hcl.identifier(group_name)}_subnet_ids"
                assert reference(subnet_attr) == expected, where
                assert hcl.shape_of(subnet_attr.expr).kind == "unknown", where

        if ep.type == "gateway-load-balancer":
            assert "security_group_ids" not in attrs and "policy" not in attrs, where
            group = spec.network.subnet_groups[group_name]
            if group.ids is not None:
                assert len(group.ids) == 1, where
            elif group.availability_zone_ids:  # without AZ IDs: GWLB001 guard, see plan tests
                variable = f"var.{render_hcl.identifier(group_name)}_subnet_ids"
                assert f"length({variable}) == 1" in variables_tf, f"{where}: input not single"
            wanted = {(r.route_table_group, r.destination) for r in ep.routes or []}
            mine = [
                r
                for r in routes
                if reference(r.attributes["vpc_endpoint_id"]) == f"aws_vpc_endpoint.{ident}.id"
            ]
            assert len(mine) == len(wanted), f"{where}: {len(mine)} routes for {wanted}"
            destinations = sorted(
                hcl.literal_string(r.attributes[a].value) or ""
                for r in mine
                for a in r.attributes
                if a.startswith("destination_")
            )
            assert destinations == sorted(d for _, d in wanted), where

        raw, path = raw_policy(loaded, key)
        if raw is not None and path[0] == "defaults" and takes_full_access_only(ep):
            raw = None  # a type-wide default is not sent where AWS takes only full access
        if raw is not None:
            assert ep.type in ("gateway", "interface")
            rendered = call_argument(attrs["policy"], "jsonencode")
            assert rendered == expected_policy(raw, loaded, path, key), where
        else:
            assert "policy" not in attrs, where

    for key, svc in spec.endpoint_services.items():
        ident = render_hcl.identifier(key)
        assert ("resource", "aws_vpc_endpoint_service", ident) in blocks
        service = blocks[("resource", "aws_vpc_endpoint_service", ident)]
        separate = blocks.get(("resource", "aws_vpc_endpoint_service_allowed_principal", ident))
        principals: list[str] = []
        if "allowed_principals" in service.attributes:
            principals += literal_list(service.attributes["allowed_principals"]) or ["?"]
        if separate is not None:
            principals += call_argument(separate.attributes["for_each"], "toset")
            assert reference(separate.attributes["principal_arn"]) == "each.value"
        assert sorted(principals) == sorted(set(svc.allowed_principals)), f"service {key}"


def record_coverage(loaded: LoadedSpec) -> None:
    """Hypothesis events (see --hypothesis-show-statistics): what the valid specs exercise."""
    spec = loaded.spec
    assert spec is not None
    for key, ep in spec.endpoints.items():
        event(f"endpoint {ep.type}")
        raw, path = raw_policy(loaded, key)
        if raw is not None and path[0] == "defaults" and takes_full_access_only(ep):
            raw = None  # a type-wide default is not sent where AWS takes only full access
        if raw is not None:
            form = "file" if "file" in raw else raw.get("preset", "document")
            event(f"policy {form}" + (" (from defaults)" if path[0] == "defaults" else ""))
        if ep.service_region:
            event("cross-Region endpoint")
        if effective(spec, key, "ip_address_type") in ("dualstack", "ipv6"):
            event(f"{effective(spec, key, 'ip_address_type')} endpoint")
    for group in spec.network.subnet_groups.values():
        event("subnet group " + ("literal IDs" if group.ids is not None else "input"))
    event("VPC " + ("literal" if spec.network.vpc.id else "input"))
    if spec.endpoint_services:
        event("endpoint service")


# --------------------------------------------------------------------------- the tests


SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@SETTINGS
@given(spec=specs())
def test_valid_specs_render_conforming_modules(spec: dict[str, Any]) -> None:
    with loaded_spec(spec) as (loaded, base):
        assume(valid(loaded))
        record_coverage(loaded)
        module = render(loaded, base)
        issues = check_module(module)
        assert issues == [], format_issues(issues)
        check_invariants(loaded, module)


requires_terraform = pytest.mark.skipif(
    not terraform_available(),
    reason=(
        "terraform not found: set TFHARNESS_TERRAFORM or put terraform >= 1.5 on PATH "
        f"(got {TERRAFORM!r}); terraform runs of generated specs skipped"
    ),
)


@requires_terraform
@settings(
    max_examples=TERRAFORM_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(spec=specs())
def test_sample_of_valid_specs_validates_and_plans(spec: dict[str, Any]) -> None:
    with loaded_spec(spec) as (loaded, base):
        assume(valid(loaded))
        assert loaded.spec is not None
        module = render(loaded, base)
        validated = run_terraform(module, "validate")
        assert validated.ok, validated.output
        inputs = plan_inputs.from_spec(loaded.spec)
        planned = run_terraform(
            module, "plan", variables=inputs.variables, data_fixture=inputs.fixture()
        )
        assert planned.ok, f"{yaml.safe_dump(spec)}\n{planned.output}"


def test_strategy_keeps_enough_valid_specs() -> None:
    """Most drawn specs must be valid, or the property test would test little."""
    drawn: list[bool] = []

    @settings(max_examples=40, derandomize=True, deadline=None)
    @given(spec=specs())
    def collect(spec: dict[str, Any]) -> None:
        with loaded_spec(spec) as (loaded, _):
            drawn.append(valid(loaded))

    collect()
    assert sum(drawn) >= len(drawn) // 2, f"only {sum(drawn)} of {len(drawn)} specs are valid"


NEGATIVE_CONTROL_SPEC: dict[str, Any] = {
    "version": 1,
    "name": "negative-control",
    "region": "eu-west-1",
    "network": {
        "vpc": {"id": "vpc-0123456789abcdef0"},
        "subnet_groups": {
            "app": {"availability_zone_ids": ["euw1-az1", "euw1-az2"]},
            "inspection": {"ids": ["subnet-0123456789abcdef0"]},
        },
        "route_table_groups": {"edge": {"ids": ["rtb-0123456789abcdef0"]}},
    },
    "endpoints": {
        "sts": {
            "type": "interface",
            "service": "sts",
            "subnet_group": "app",
            "security_groups": ["sg-0123456789abcdef0"],
            "policy": {"preset": "account", "account_ids": ["111122223333"]},
        },
        "inspect": {
            "type": "gateway-load-balancer",
            "service_name": "com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210",
            "subnet_group": "inspection",
            "routes": [{"route_table_group": "edge", "destination": "0.0.0.0/0"}],
        },
    },
}


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("endpoints.tf", '"111122223333"', '"111122223334"'),  # policy differs from the spec
        ("endpoints.tf", "var.app_subnet_ids", "var.other_subnet_ids"),  # wrong subnet input
        ("routes.tf", '"0.0.0.0/0"', '"10.0.0.0/8"'),  # route destination differs
        ("endpoints.tf", '"GatewayLoadBalancer"', '"Interface"'),  # endpoint type differs
    ],
)
def test_invariants_catch_a_changed_module(file: str, old: str, new: str) -> None:
    """Negative controls: the invariant checks fail when the module disagrees with the spec."""
    with loaded_spec(NEGATIVE_CONTROL_SPEC) as (loaded, base):
        assert valid(loaded), [str(f) for f in loaded.findings]
        module = render(loaded, base)
        check_invariants(loaded, module)  # the unchanged module passes
        path = module / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(AssertionError):
            check_invariants(loaded, module)
