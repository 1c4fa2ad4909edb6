"""The endpoint-type table agrees with the models, and drives what each type renders."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from generator.api import render_spec, validate_paths
from generator.spec import endpoint_types
from generator.spec.endpoint_types import ALL_FIELDS, ENDPOINT_TYPES, KINDS
from generator.spec.models import Defaults, Endpoint, EndpointBase
from tests.support import hcl

SPEC = """\
version: 1
name: fields
region: eu-west-1
network:
  vpc: {id: vpc-0123456789abcdef0, cidr_blocks: [10.0.0.0/16]}
  subnet_groups:
    private:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
      availability_zone_ids: [euw1-az1, euw1-az2]
security_groups:
  endpoints:
    ingress: [{port: 443, from: vpc}]
endpoints:
  ssm:
    type: interface
    service: ssm
    subnet_group: private
    security_groups: [endpoints]
    policy: {preset: organization, organization_id: o-abcdefghij}
"""


def test_every_endpoint_model_is_in_the_table() -> None:
    union = get_args(get_args(Endpoint)[0])
    discriminators = {get_args(model.model_fields["type"].annotation)[0] for model in union}
    assert discriminators == set(ENDPOINT_TYPES) == set(KINDS)


def test_table_fields_are_model_fields() -> None:
    model_fields = set(EndpointBase.model_fields) - {"type", "tags"}
    assert set(ALL_FIELDS) == model_fields
    for kind in KINDS.values():
        assert kind.fields <= model_fields, kind.name
        assert set(kind.targets) <= kind.fields, kind.name
        assert set(kind.defaults) <= kind.fields, kind.name


def test_defaults_sections_match_the_table() -> None:
    for kind in KINDS.values():
        section = type(Defaults().for_type(kind.name))
        assert set(section.model_fields) == set(kind.defaults), kind.name


def test_named_sets() -> None:
    assert endpoint_types.ENI_TYPES == ("interface", "resource", "service-network")
    assert endpoint_types.types_taking("routes") == ("gateway-load-balancer",)


def _render(tmp_path: Path, text: str) -> dict[str, str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    result = validate_paths([str(spec)])
    assert result.ok, [str(f) for f in result.findings]
    [loaded] = result.specs
    return {k: v.decode() for k, v in render_spec(loaded, "spec.yaml").items()}


def test_timeouts_render_as_the_provider_block(tmp_path: Path) -> None:
    files = _render(tmp_path, SPEC + "    timeouts: {create: 20m, delete: 1h30m}\n")
    path = tmp_path / "endpoints.tf"
    path.write_text(files["endpoints.tf"])
    [resource] = [r for r in hcl.parse_tf(path)["resource"] if '"aws_vpc_endpoint"' in r]
    [timeouts] = resource['"aws_vpc_endpoint"']['"ssm"']["timeouts"]
    values = {k: hcl.literal_string(v) for k, v in timeouts.items() if not k.startswith("__")}
    assert values == {"create": "20m", "delete": "1h30m"}


def test_no_timeouts_block_unless_asked(tmp_path: Path) -> None:
    files = _render(tmp_path, SPEC)
    assert "timeouts" not in files["endpoints.tf"]


@pytest.mark.parametrize("value", ["20 minutes", "20", "m", "1h-30m"])
def test_a_bad_duration_is_located(tmp_path: Path, value: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC + f"    timeouts: {{create: '{value}'}}\n")
    result = validate_paths([str(spec)])
    [finding] = result.findings
    assert (finding.rule_id, finding.span.line) == ("SPEC003", 20)
    assert "duration" in finding.message and "20m" in finding.message
