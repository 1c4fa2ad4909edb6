"""The README's migration section lists what live mode calls, and import findings exist."""

from __future__ import annotations

import re

from generator.importer.describe import KINDS
from generator.importer.findings import ISSUES
from generator.importer.live import READ_ONLY_ACTIONS
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Migrating an existing VPC", 1)[1].split("\n## ", 1)[0]


def test_live_mode_calls_only_describe_actions_and_the_readme_lists_them() -> None:
    assert all(re.fullmatch(r"ec2:Describe[A-Za-z]+", a) for a in READ_ONLY_ACTIONS)
    assert {f"ec2:{k.api}" for k in KINDS} == set(READ_ONLY_ACTIONS)
    listed = set(re.findall(r"`(ec2:Describe[A-Za-z]+)`", SECTION))
    assert listed == set(READ_ONLY_ACTIONS)


def test_every_finding_id_is_in_the_readme_table() -> None:
    assert set(re.findall(r"^\| (IMP\d{3}) \|", SECTION, re.M)) == set(ISSUES)
