"""Day 2 of a generated module: apply spec v1, change the spec, regenerate, plan, and assert
what Terraform would do (issue 12). Each case is also described in the module README.

Runs real Terraform against the stand-in provider, whose replacement rules come from the
provider's source (tests/fixtures/provider-replacement/replacement.json).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.loader.load import load_spec
from tests.support import plan_inputs
from tests.support.lifecycle import SKIP_REASON, Plan, Workspace, generate
from tests.support.tfharness.runner import terraform_available

pytestmark = pytest.mark.skipif(not terraform_available(), reason=SKIP_REASON)

V1 = """\
version: 1
name: day2
region: eu-west-1
tags: {CostCenter: network}
network:
  vpc: {id: vpc-0123456789abcdef0, cidr_blocks: [10.0.0.0/16, 2001:db8:1234::/56], ipv6: true}
  subnet_groups:
    app:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
      availability_zone_ids: [euw1-az1, euw1-az2]
    dual:
      ids: [subnet-0aaa1111bbbb2222d, subnet-0ddd3333eeee4444e]
      availability_zone_ids: [euw1-az1, euw1-az2]
      ipv6: true
    v6only:
      ids: [subnet-0aaa1111bbbb2222e, subnet-0ddd3333eeee4444d]
      availability_zone_ids: [euw1-az1, euw1-az2]
      ipv4: false
      ipv6: true
    inspection:
      ids: [subnet-0aaa1111bbbb22220]
      availability_zone_ids: [euw1-az1]
    inspection-next:
      ids: [subnet-0aaa1111bbbb22221]
      availability_zone_ids: [euw1-az1]
  route_table_groups:
    private: {ids: [rtb-0123456789abcdef0]}
    workload: {}
security_groups:
  endpoints:
    description: HTTPS from the VPC
    ingress: [{port: 443, from: vpc}]
endpoints:
  s3:
    type: gateway
    service: s3
    route_table_groups: [private]
    policy: {preset: organization, organization_id: o-abcdefghij}
  sts:
    type: interface
    service: sts
    subnet_group: app
    security_groups: [endpoints]
    policy: {preset: organization, organization_id: o-abcdefghij}
  logs:
    type: interface
    service: logs
    subnet_group: dual
    security_groups: [endpoints]
    ip_address_type: dualstack
    policy: {preset: organization, organization_id: o-abcdefghij}
  inspect:
    type: gateway-load-balancer
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0
    subnet_group: inspection
    routes: [{route_table_group: workload, destination: 0.0.0.0/0}]
endpoint_services:
  api:
    network_load_balancer_arns:
      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/0123456789abcdef
    allowed_principals: ["arn:aws:iam::444455556666:root"]
    private_dns_name: api.example.com
    private_dns_verification: {route53_zone_id: Z0123456789ABCDEFGHIJ}
"""
TABLES = {"a": "rtb-0aaaaaaaaaaaaaaa1", "b": "rtb-0bbbbbbbbbbbbbbb2"}


class Day2:
    """A workspace with spec v1 applied, and a way to plan (or apply) a changed spec."""

    def __init__(self, root: Path, *, apply_fixture: dict[str, Any] | None = None) -> None:
        self.root = root
        spec = self._write("v1", V1)
        self.inputs = self._facts(spec)
        self.variables: dict[str, object] = {
            **self.inputs.variables,
            "workload_route_table_ids": TABLES,
        }
        self.ws = Workspace(
            root / "ws", data_fixture=self.inputs.fixture(), apply_fixture=apply_fixture
        )
        self.v1 = generate(spec, root / "v1-out")

    def _write(self, name: str, text: str) -> Path:
        spec = self.root / name / "spec.yaml"
        spec.parent.mkdir(parents=True, exist_ok=True)
        spec.write_text(text, encoding="utf-8")
        return spec

    def module(self, name: str, change: Callable[[str], str]) -> Path:
        """Spec v1 changed, generated; AWS's answers to lookups follow the new spec."""
        text = change(V1)
        assert text != V1, "the change must change the spec"
        spec = self._write(name, text)
        self.ws.data_fixture = self._facts(spec).fixture()
        return generate(spec, self.root / f"{name}-out")

    @staticmethod
    def _facts(spec: Path) -> plan_inputs.PlanInputs:
        loaded = load_spec(str(spec), spec)
        assert loaded.spec is not None, [str(f) for f in loaded.findings]
        facts = plan_inputs.from_spec(loaded.spec)
        facts.zones["Z0123456789ABCDEFGHIJ"] = ("example.com", False)
        return facts

    def plan(self, module: Path, variables: dict[str, object] | None = None) -> Plan:
        return self.ws.plan(module, variables or self.variables)


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


@pytest.fixture
def day2(tmp_path: Path) -> Day2:
    d = Day2(tmp_path)
    d.ws.apply(d.v1, d.variables)
    return d


def test_unchanged_spec_plans_nothing(day2: Day2) -> None:
    plan = day2.plan(day2.v1)
    assert plan.actions and plan.changes() == {}


def test_security_group_redescribed_is_created_before_the_old_is_destroyed(day2: Day2) -> None:
    plan = day2.plan(day2.module("v2", replace("HTTPS from the VPC", "HTTPS from the VPC (v2)")))
    changes = plan.changes()
    assert changes["aws_security_group.endpoints"] == ["create", "delete"]
    # Endpoints move to the new group in place; the old one goes only after that.
    assert changes["aws_vpc_endpoint.sts"] == ["update"]
    assert changes["aws_vpc_endpoint.logs"] == ["update"]
    deleted_first = [a for a, acts in changes.items() if acts[:1] == ["delete"]]
    assert all(a.startswith("aws_vpc_security_group_ingress_rule.") for a in deleted_first), (
        deleted_first
    )


def test_subnet_added_and_removed_updates_in_place(day2: Day2) -> None:
    added = day2.plan(
        day2.module(
            "v2",
            replace(
                "ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]\n"
                "      availability_zone_ids: [euw1-az1, euw1-az2]",
                "ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f, "
                "subnet-0fff5555aaaa6666a]"
                "\n      availability_zone_ids: [euw1-az1, euw1-az2, euw1-az3]",
            ),
        )
    )
    assert added.changes()["aws_vpc_endpoint.sts"] == ["update"]
    assert {a: c for a, c in added.changes().items() if "delete" in c} == {}
    removed = day2.plan(
        day2.module(
            "v3",
            replace(
                "ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]\n"
                "      availability_zone_ids: [euw1-az1, euw1-az2]",
                "ids: [subnet-0aaa1111bbbb2222c]\n      availability_zone_ids: [euw1-az1]",
            ),
        )
    )
    assert removed.changes()["aws_vpc_endpoint.sts"] == ["update"]
    assert {a: c for a, c in removed.changes().items() if "delete" in c} == {}


def test_input_route_tables_reordered_and_added_touch_no_other_route(day2: Day2) -> None:
    route = "aws_route.inspect_workload_0_0_0_0_0"
    reordered = {"b": TABLES["b"], "a": TABLES["a"]}
    assert (
        day2.plan(day2.v1, {**day2.variables, "workload_route_table_ids": reordered}).changes()
        == {}
    )
    grown = {"c": "rtb-0ccccccccccccccc3", **TABLES}
    changes = day2.plan(day2.v1, {**day2.variables, "workload_route_table_ids": grown}).changes()
    assert changes == {f'{route}["c"]': ["create"]}


def test_gwlb_endpoint_moved_to_another_subnet_is_replaced(day2: Day2) -> None:
    plan = day2.plan(
        day2.module("v2", replace("subnet_group: inspection\n", "subnet_group: inspection-next\n"))
    )
    changes = plan.changes()
    assert changes["aws_vpc_endpoint.inspect"] == ["delete", "create"]
    assert changes["terraform_data.inspect_replace_on"] == ["update"]
    routes = {a: c for a, c in changes.items() if a.startswith("aws_route.")}
    assert routes and set(map(tuple, routes.values())) == {("update",)}  # ReplaceRoute


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "subnet_group: dual\n    security_groups: [endpoints]\n    ip_address_type: dualstack",
            "subnet_group: v6only\n    security_groups: [endpoints]\n    ip_address_type: ipv6",
        ),
    ],
    ids=["dualstack-to-ipv6"],
)
def test_ip_address_type_to_ipv6_replaces_the_endpoint(day2: Day2, old: str, new: str) -> None:
    changes = day2.plan(day2.module("v2", replace(old, new))).changes()
    assert changes["aws_vpc_endpoint.logs"] == ["delete", "create"]
    assert changes["terraform_data.logs_replace_on"] == ["update"]


def test_ip_address_type_dualstack_to_ipv4_updates_in_place(day2: Day2) -> None:
    changes = day2.plan(
        day2.module("v2", replace("ip_address_type: dualstack", "ip_address_type: ipv4"))
    ).changes()
    assert changes == {"aws_vpc_endpoint.logs": ["update"]}


def test_endpoint_added_and_removed_touch_only_that_endpoint(day2: Day2) -> None:
    added = day2.plan(
        day2.module(
            "v2",
            replace(
                "  inspect:\n",
                "  kms:\n    type: interface\n    service: kms\n    subnet_group: app\n"
                "    security_groups: [endpoints]\n"
                "    policy: {preset: organization, organization_id: o-abcdefghij}\n"
                "  inspect:\n",
            ),
        )
    ).changes()
    assert added and all(c == ["create"] for c in added.values()), added
    assert "aws_vpc_endpoint.kms" in added
    removed = day2.plan(
        day2.module(
            "v3",
            replace(
                "  sts:\n    type: interface\n    service: sts\n    subnet_group: app\n"
                "    security_groups: [endpoints]\n"
                "    policy: {preset: organization, organization_id: o-abcdefghij}\n",
                "",
            ),
        )
    ).changes()
    assert removed and all(c == ["delete"] for c in removed.values()), removed
    assert "aws_vpc_endpoint.sts" in removed


def test_policy_changed_updates_in_place(day2: Day2) -> None:
    changes = day2.plan(
        day2.module(
            "v2",
            replace(
                "    service: sts\n    subnet_group: app\n    security_groups: [endpoints]\n"
                "    policy: {preset: organization, organization_id: o-abcdefghij}",
                "    service: sts\n    subnet_group: app\n    security_groups: [endpoints]\n"
                "    policy: {preset: account, account_ids: ['111122223333']}",
            ),
        )
    ).changes()
    assert changes == {"aws_vpc_endpoint.sts": ["update"]}


def test_tags_changed_update_in_place(day2: Day2) -> None:
    changes = day2.plan(
        day2.module("v2", replace("CostCenter: network", "CostCenter: platform"))
    ).changes()
    assert changes and set(map(tuple, changes.values())) == {("update",)}, changes


def test_private_dns_name_renamed_restarts_verification(tmp_path: Path) -> None:
    # AWS issues a new verification token when the name changes; the provider reads it after
    # the update (the apply fixture plays AWS's part for the renamed service).
    new_config = {
        "name": "_new-token.api2.example.com",
        "state": "pendingVerification",
        "type": "TXT",
        "value": "vpce:new-token",
    }
    aws = {
        "aws_vpc_endpoint_service": [
            {
                "match": {"private_dns_name": "api2.example.com"},
                "values": {"private_dns_name_configuration": [new_config]},
            }
        ]
    }
    d = Day2(tmp_path, apply_fixture=aws)
    d.ws.apply(d.v1, d.variables)
    v2 = d.module("v2", replace("name: api.example.com", "name: api2.example.com"))
    assert d.plan(v2).changes() == {"aws_vpc_endpoint_service.api": ["update"]}
    applied = d.ws.apply(v2, d.variables)
    # The record still carries the old token after this apply: the module says so (PDN007).
    assert "PDN007: the verification TXT record of endpoint service 'api'" in applied.output
    second = d.plan(v2)
    assert second.changes() == {
        # The record's name carries the token, and a record name cannot change in place.
        "aws_route53_record.api_verification": ["delete", "create"],
        "aws_vpc_endpoint_service_private_dns_verification.api_verified": ["delete", "create"],
    }
    assert second.after("aws_route53_record.api_verification")["records"] == ["vpce:new-token"]
    d.ws.apply(v2, d.variables)
    assert d.plan(v2).changes() == {}


def test_private_dns_name_removed_is_reported_es014(day2: Day2) -> None:
    v2 = day2.module(
        "v2",
        replace(
            "    private_dns_name: api.example.com\n"
            "    private_dns_verification: {route53_zone_id: Z0123456789ABCDEFGHIJ}\n",
            "",
        ),
    )
    plan = day2.plan(v2)
    changes = plan.changes()
    # The provider keeps the name (Optional+Computed): no change to the service...
    assert "aws_vpc_endpoint_service.api" not in changes
    assert changes["aws_route53_record.api_verification"] == ["delete"]
    # ...so the module says it is still there, with the command that removes it.
    assert "ES014: endpoint service 'api' still has the private DNS name api.example.com" in (
        plan.result.output
    )


def test_routes_wait_until_the_endpoint_is_available(tmp_path: Path) -> None:
    """GWLB009: while the endpoint waits for acceptance, the apply stops before any route."""
    pending = {
        "aws_vpc_endpoint": [
            {
                "match": {"vpc_endpoint_type": "GatewayLoadBalancer"},
                "values": {"state": "pendingAcceptance"},
            }
        ]
    }
    d = Day2(tmp_path, apply_fixture=pending)
    result = d.ws.apply(d.v1, d.variables, check=False)
    assert not result.ok
    assert "GWLB009: endpoint 'inspect' is pendingAcceptance" in result.output
    assert not [a for a in d.ws.addresses() if a.startswith("aws_route.")]
    assert d.ws.resource("aws_vpc_endpoint.inspect")["state"] == "pendingAcceptance"
    # The service owner accepts: the next apply creates the routes.
    d.ws.drift("aws_vpc_endpoint.inspect", {"state": "available"})
    plan = d.plan(d.v1)
    assert {a: c for a, c in plan.changes().items() if a.startswith("aws_route.")} == {
        f'aws_route.inspect_workload_0_0_0_0_0["{k}"]': ["create"] for k in TABLES
    }
