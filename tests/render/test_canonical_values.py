"""The module sends values in the form AWS returns them, so plans converge (issue 13, item 5)."""

from __future__ import annotations

from generator.api import render_spec
from generator.diagnostics import Severity
from generator.loader.load import load_text
from generator.rules.engine import check_specs

SPEC = """\
version: 1
name: canonical
region: eu-west-1
network:
  vpc:
    id: vpc-0123456789abcdef0
    cidr_blocks: [10.0.0.0/16, "2001:0DB8:00AB::/56"]
    ipv6: true
  subnet_groups:
    app:
      ids: [subnet-0aaa1111bbbb2222c]
      availability_zone_ids: [euw1-az1]
      ipv6: true
    inspection:
      ids: [subnet-0fff5555aaaa6666b]
      availability_zone_ids: [euw1-az1]
      ipv6: true
  route_table_groups:
    workload:
      ids: [rtb-0123456789abcdef0]
security_groups:
  endpoints:
    description: HTTPS from the VPC
    ingress:
      - {port: 443, from: ["2001:0DB8:00AB:0000::/64"], description: HTTPS over IPv6}
endpoints:
  partner:
    type: interface
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0
    subnet_group: app
    security_groups: [endpoints]
    private_dns: false
    ip_address_type: dualstack
    addresses:
      euw1-az1: {ipv4: 10.0.7.10, ipv6: "2001:0DB8:00AB:0007:0000:0000:0000:0010"}
  inspect:
    type: gateway-load-balancer
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210
    subnet_group: inspection
    ip_address_type: dualstack
    routes:
      - {route_table_group: workload, destination: "0:0:0:0:0:0:0:0/0"}
endpoint_services:
  api:
    network_load_balancer_arns:
      - arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/0123456789abcdef
    allowed_principals: [arn:aws:iam::444455556666:root]
    supported_regions: [us-east-1]
"""


def _module() -> str:
    loaded = load_text("canonical.yaml", SPEC)
    check_specs([loaded])
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
    assert errors == [], [f.message for f in errors]
    files = render_spec(loaded, "canonical.yaml")
    return "".join(files[name].decode() for name in sorted(files) if name.endswith(".tf"))


def test_ipv6_values_are_rendered_in_rfc5952_form() -> None:
    text = _module()
    assert '"2001:db8:ab::/64"' in text  # security group peer
    assert '"2001:db8:ab:7::10"' in text  # fixed address
    assert 'destination_ipv6_cidr_block = "::/0"' in text  # route destination
    # No value as written (rule keys keep the spelling: they are state addresses).
    assert '= "2001:0DB8' not in text and "0:0:0:0" not in text


def test_supported_regions_always_list_the_home_region() -> None:
    assert 'supported_regions          = ["eu-west-1", "us-east-1"]' in _module()
