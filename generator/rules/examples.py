"""The shared opening of rule examples, so each example shows only what it is about."""

from __future__ import annotations

HEADER = """\
version: 1
name: example
region: eu-west-1
network:
  vpc:
    id: vpc-0123456789abcdef0
    cidr_blocks: [10.0.0.0/16]
  subnet_groups:
    private:
      ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
      availability_zone_ids: [euw1-az1, euw1-az2]
    single:
      ids: [subnet-0fff5555aaaa6666b]
      availability_zone_ids: [euw1-az1]
  route_table_groups:
    private:
      ids: [rtb-0123456789abcdef0]
security_groups:
  endpoints:
    description: HTTPS from the VPC
    ingress:
      - {port: 443, from: vpc, description: HTTPS from the VPC}
"""


def example_text(text: str) -> str:
    """A full spec: the example itself when it starts with `version:`, else HEADER + it."""
    if text.lstrip().startswith("version:"):
        return text
    return HEADER + text
