"""Shared endpoints (issue 15): the zones, records and associations the renderer writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import render_spec, validate_paths
from generator.resolve.sharing import service_zones
from tests.support import hcl

HEADER = """\
version: 1
name: hub
region: eu-west-1
network:
  vpc: {id: vpc-0123456789abcdef0}
  subnet_groups:
    private:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
      availability_zone_ids: [euw1-az1, euw1-az2]
security_groups:
  endpoints:
    ingress: [{port: 443, from: vpc, description: HTTPS}]
defaults:
  interface: {subnet_group: private, security_groups: [endpoints], shared: true}
"""


def _render(tmp_path: Path, body: str, header: str = HEADER) -> dict[str, str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(header + body)
    result = validate_paths([str(spec)])
    assert result.ok, [str(f) for f in result.findings]
    [loaded] = result.specs
    return {k: v.decode() for k, v in render_spec(loaded, "spec.yaml").items()}


def _resources(tmp_path: Path, files: dict[str, str], name: str) -> dict[str, dict[str, object]]:
    path = tmp_path / name
    path.write_text(files[name])
    out: dict[str, dict[str, object]] = {}
    for block in hcl.parse_tf_blocks(path).blocks_of("resource"):
        out[".".join(block.labels)] = {a: v for a, v in block.attributes.items()}
    return out


@pytest.mark.parametrize(
    ("service", "records"),
    [
        ("ssm", ["ssm.eu-west-1.amazonaws.com"]),
        ("ecr.api", ["api.ecr.eu-west-1.amazonaws.com"]),
        ("ecr.dkr", ["dkr.ecr.eu-west-1.amazonaws.com", "*.dkr.ecr.eu-west-1.amazonaws.com"]),
        (
            "s3",
            [
                "s3.eu-west-1.amazonaws.com",
                "*.s3.eu-west-1.amazonaws.com",
                "*.s3-accesspoint.eu-west-1.amazonaws.com",
                "*.s3-control.eu-west-1.amazonaws.com",
            ],
        ),
    ],
)
def test_service_names(service: str, records: list[str]) -> None:
    zones = service_zones(service, "eu-west-1", "amazonaws.com")
    assert [r for z in zones for r in z.records] == records


def test_china_partition_suffix() -> None:
    [zone] = service_zones("sts", "cn-north-1", "amazonaws.com.cn")
    assert zone.name == "sts.cn-north-1.amazonaws.com.cn"


def test_shared_endpoint_has_private_dns_off_and_zones(tmp_path: Path) -> None:
    files = _render(tmp_path, "endpoints:\n  ssm: {type: interface, service: ssm}\n")
    assert "private_dns_enabled = false" in files["endpoints.tf"]
    text = files["shared_dns.tf"]
    assert '"ssm.eu-west-1.amazonaws.com" = "ssm"' in text
    assert "aws_vpc_endpoint.ssm.dns_entry[0]" in text
    assert "aws_route53_zone_association" not in text  # no spokes: the hub only
    assert "configuration_aliases" not in files["versions.tf"]


def test_dualstack_endpoint_gets_a_and_aaaa_records(tmp_path: Path) -> None:
    files = _render(
        tmp_path,
        "endpoints:\n  sts: {type: interface, service: sts, ip_address_type: dualstack}\n",
        HEADER.replace(
            "{id: vpc-0123456789abcdef0}", "{id: vpc-0123456789abcdef0, ipv6: true}"
        ).replace("[euw1-az1, euw1-az2]\n", "[euw1-az1, euw1-az2]\n      ipv6: true\n"),
    )
    text = files["shared_dns.tf"]
    assert '"sts.eu-west-1.amazonaws.com A"' in text
    assert '"sts.eu-west-1.amazonaws.com AAAA"' in text


def test_spokes_same_and_other_account(tmp_path: Path) -> None:
    files = _render(
        tmp_path,
        "endpoints:\n  ssm: {type: interface, service: ssm}\n"
        "sharing:\n  spokes:\n"
        "    app: {vpc_id: vpc-0123456789abcdef1}\n"
        "    data: {account_id: '222233334444', region: eu-west-2}\n",
    )
    res = _resources(tmp_path, files, "shared_dns.tf")
    assert set(res) == {
        "aws_route53_zone.shared",
        "aws_route53_record.shared",
        "aws_route53_zone_association.spoke_app",
        "aws_route53_vpc_association_authorization.spoke_data",
        "aws_route53_zone_association.spoke_data",
    }
    text = files["shared_dns.tf"]
    assert 'vpc_id  = "vpc-0123456789abcdef1"' in text
    assert 'var.spoke_vpc_ids["data"]' in text
    assert 'vpc_region = "eu-west-2"' in text
    assert "provider = aws.spoke_data" in text
    assert "configuration_aliases = [aws.spoke_data]" in files["versions.tf"]
    assert 'variable "spoke_vpc_ids"' in files["variables.tf"]


def test_no_sharing_no_file(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEADER.replace(", shared: true", "")
        + "endpoints:\n  ssm: {type: interface, service: ssm}\n"
    )
    result = validate_paths([str(spec)])
    [loaded] = result.specs
    files = render_spec(loaded, "spec.yaml")
    assert "shared_dns.tf" not in files


def test_inbound_resolver_allows_only_declared_cidrs_on_53(tmp_path: Path) -> None:
    files = _render(
        tmp_path,
        "endpoints:\n  ssm: {type: interface, service: ssm}\n"
        "sharing:\n  inbound_resolver:\n    subnet_group: private\n"
        "    allowed_cidrs: [192.168.0.0/16, 'fd00::/8']\n",
    )
    text = files["shared_dns.tf"]
    for key in ("tcp 192.168.0.0/16", "udp 192.168.0.0/16", "tcp fd00::/8", "udp fd00::/8"):
        assert f'"{key}"' in text
    assert text.count("from_port         = 53") == 1
    assert 'direction          = "INBOUND"' in text
    assert "aws_route53_resolver_endpoint.inbound.ip_address" in files["outputs.tf"]
