"""Rule examples: one data file per rule (<ID>.yaml here) and the opening they share.

The files are read only when asked for (`vpcegen rules`/`explain`, docs, tests), never by
`validate` or `generate`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.rules.base import Example

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


@cache
def load_examples(rule_id: str) -> tuple[Example, ...]:
    """The examples of `rule_id` from its data file (none when the rule has no file)."""
    import yaml

    from generator.rules.base import Example

    entry = resources.files(__name__).joinpath(f"{rule_id}.yaml")
    if not entry.is_file():
        return ()
    items: Any = yaml.safe_load(entry.read_text(encoding="utf-8")) or []
    if not isinstance(items, list):
        raise ValueError(f"{rule_id}.yaml: expected a list of examples")
    out: list[Example] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or set(item) - {"bad", "note", "text"}:
            raise ValueError(f"{rule_id}.yaml: example {i} has keys other than bad/note/text")
        if not isinstance(item.get("bad"), bool) or not isinstance(item.get("text"), str):
            raise ValueError(f"{rule_id}.yaml: example {i} needs bad: true/false and a text")
        out.append(Example(item["bad"], item["text"], str(item.get("note") or "")))
    return tuple(out)
