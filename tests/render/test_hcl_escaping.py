"""Every string from a spec becomes an HCL literal that evaluates to exactly that string.

The oracle is real Terraform (`terraform console`, which needs no provider for locals); a
second check parses a generated module with python-hcl2 and decodes its literals here.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.api import generate_paths
from generator.render import hcl
from tests.support.hcl import parse_module

TERRAFORM = shutil.which("terraform")
needs_terraform = pytest.mark.skipif(
    TERRAFORM is None, reason="terraform not on PATH: the Terraform oracle cannot run"
)

HOSTILE = [
    "plain",
    'quote " inside',
    "back\\slash \\n not a newline",
    "${aws:username}",
    "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*",
    "%{if true}directive%{endif}",
    "$${already doubled} %%{too}",
    "$",
    "%",
    "${",
    "trailing $",
    "line\nbreak\r\nand\ttab",
    "\x00\x01\x1f\x7f control",
    "unicode: caf\u00e9 \u65e5\u672c \U0001f600 \u2028 \u2029",
    '}" = "injected"\n  evil = "1',
    "",
]


def _console(expressions: list[str], tmp: Path) -> list[Any]:
    """Evaluate HCL expressions with terraform console; returns their JSON values."""
    lines = [f"  v{i} = {e}" for i, e in enumerate(expressions)]
    (tmp / "main.tf").write_text("locals {\n" + "\n".join(lines) + "\n}\n", encoding="utf-8")
    refs = ", ".join(f"local.v{i}" for i in range(len(expressions)))
    proc = subprocess.run(
        [str(TERRAFORM), "console"],
        input=f"base64encode(jsonencode([{refs}]))\n",
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=120,
        env={"CHECKPOINT_DISABLE": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.strip().splitlines()[-1].strip('"')
    return list(json.loads(base64.b64decode(out).decode("utf-8")))


@needs_terraform
def test_hostile_strings_round_trip_through_terraform(tmp_path: Path) -> None:
    assert _console([hcl.string(s) for s in HOSTILE], tmp_path) == HOSTILE


@needs_terraform
def test_policy_document_reaches_aws_unchanged(tmp_path: Path) -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": "arn:aws:s3:::home/${aws:username}/*",
                "Condition": {"StringLike": {"aws:PrincipalTag/team": ["%{x}", 'q"uote']}},
                "for": {"null": True, "if": 1.5, "in": None},
            }
        ],
    }
    [encoded] = _console([hcl.jsonencode(document)], tmp_path)
    assert json.loads(encoded) == document


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@needs_terraform
@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(_text, min_size=20, max_size=20))
def test_random_strings_round_trip(
    tmp_path_factory: pytest.TempPathFactory, values: list[str]
) -> None:
    tmp = tmp_path_factory.mktemp("console")
    assert _console([hcl.string(s) for s in values], tmp) == values


# --- generated modules, parsed back with python-hcl2 -------------------------------------

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{", re.S)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def decode(literal: str) -> str:
    """Decode an HCL quoted-string literal (test-side, independent of the encoder)."""
    assert literal.startswith('"') and literal.endswith('"'), literal
    body = literal[1:-1]

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "$${":
            return "${"
        if token == "%%{":
            return "%{"
        esc = m.group(1)
        if esc[0] in "uU":
            return chr(int(esc[1:], 16))
        return _SIMPLE[esc]

    return _ESCAPE.sub(sub, body)


def test_hostile_strings_in_a_generated_module(tmp_path: Path, in_repo: Path) -> None:
    tag_value = 'a"b\\c${aws:username}%{x}\nline2 caf\u00e9'
    # EC2 takes only a-zA-Z0-9 spaces ._-:/()#,@[]+=&;{}!$* in descriptions (SG005): quotes and
    # backslashes are exercised through the tag value instead.
    description = "HTTPS (from) ${var.not_a_var} & {everywhere}!"
    spec = tmp_path / "hostile.yaml"
    spec.write_text(
        json.dumps(
            {
                "version": 1,
                "name": "hostile",
                "region": "eu-west-1",
                "tags": {"Team": tag_value},
                "network": {
                    "vpc": {"id": "vpc-0123456789abcdef0", "cidr_blocks": ["10.0.0.0/16"]},
                    "subnet_groups": {
                        "private": {
                            "ids": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                            "availability_zone_ids": ["euw1-az1", "euw1-az2"],
                        }
                    },
                },
                "security_groups": {
                    "endpoints": {
                        "description": description,
                        "ingress": [{"port": 443, "from": "vpc", "description": description}],
                    }
                },
                "endpoints": {
                    "sts": {
                        "type": "interface",
                        "service": "sts",
                        "subnet_group": "private",
                        "security_groups": ["endpoints"],
                        "policy": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Principal": "*",
                                    "Action": "sts:AssumeRole",
                                    "Resource": "arn:aws:iam::111122223333:role/${aws:username}",
                                }
                            ],
                        },
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = generate_paths([str(spec)], str(out))
    assert result.validation.ok, [f.message for f in result.validation.findings]
    parsed = parse_module(out / "hostile")
    sg = parsed["security_groups.tf"]["resource"][0]['"aws_security_group"']['"endpoints"']
    assert decode(sg["description"]) == description
    text = (out / "hostile" / "main.tf").read_text(encoding="utf-8")
    m = re.search(r'Team = ("(?:[^"\\]|\\.)*")', text)
    assert m is not None
    assert decode(m.group(1)) == tag_value
    endpoints = (out / "hostile" / "endpoints.tf").read_text(encoding="utf-8")
    assert '"arn:aws:iam::111122223333:role/$${aws:username}"' in endpoints
