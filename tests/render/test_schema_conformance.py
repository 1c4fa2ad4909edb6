"""Tests of the provider-schema conformance checker (tests/support/schema_conformance.py) and
of the HCL helper it parses with (tests/support/hcl.py).

Fixtures live in tests/fixtures/schema-conformance/: ``good/`` must yield no issue; each
``bad-*/`` module has exactly one problem, on the line marked ``# <-- issue``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import hcl2
import pytest
from hcl2 import SerializationOptions

from tests.support import hcl
from tests.support.schema_conformance import (
    SchemaIssue,
    check_module,
    format_issues,
    load_schema,
    mutate_remove_argument,
    mutate_rename_argument,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema-conformance"
GOOD = FIXTURES / "good"
MARKER = "# <-- issue"


def marked_line(text: str) -> int:
    """The 1-based line carrying the ``# <-- issue`` marker (exactly one allowed)."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if MARKER in line]
    assert len(lines) == 1, f"expected one {MARKER!r} marker, found {lines}"
    return lines[0]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first occurrence of ``needle``."""
    return text[: text.index(needle)].count("\n") + 1


def check_text(tmp_path: Path, text: str, *, strict_literals: bool = True) -> list[SchemaIssue]:
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    return check_module(tmp_path, strict_literals=strict_literals)


# --------------------------------------------------------------------------- fixtures


def test_good_fixture_has_no_issues() -> None:
    issues = check_module(GOOD)
    assert issues == [], format_issues(issues)


def test_good_fixture_exercises_the_features_it_claims() -> None:
    """Guard against the good fixture silently losing what makes it a meaningful test."""
    blocks = {
        (b.type, *b.labels): b
        for root in hcl.parse_module_blocks(GOOD).values()
        for b in root.blocks
    }
    endpoint = blocks["resource", "aws_vpc_endpoint", "interface"]
    assert endpoint.blocks_of("dns_options")
    assert [d.labels for d in endpoint.blocks_of("dynamic")] == [("subnet_configuration",)]
    assert endpoint.blocks_of("timeouts")
    assert ("resource", "aws_vpc_endpoint_service", "gwlb") in blocks
    assert (
        "for_each" in blocks["resource", "aws_vpc_security_group_ingress_rule", "https"].attributes
    )
    route = blocks["resource", "aws_route", "via_gwlb"]
    assert hcl.traversals(route.attributes["vpc_endpoint_id"].expr)[0].text == (
        "aws_vpc_endpoint.gwlb.id"
    )
    subnet = blocks["data", "aws_subnet", "selected"]
    assert subnet.blocks_of("lifecycle")[0].blocks_of("postcondition")
    outputs = [b for key, b in blocks.items() if key[0] == "output"]
    dns_refs = [
        ref.text
        for out in outputs
        for ref in hcl.traversals(out.attributes["value"].expr)
        if "dns_entry" in ref.text
    ]
    assert "aws_vpc_endpoint.interface.dns_entry[0].dns_name" in dns_refs
    assert "aws_vpc_endpoint.interface.dns_entry[*].dns_name" in dns_refs


BAD_FIXTURES = [
    (
        "bad-unknown-type",
        "aws_vpc_endpoints.this",
        'resource type "aws_vpc_endpoints" is not in the aws provider schema '
        "(did you mean 'aws_vpc_endpoint'?)",
    ),
    (
        "bad-unknown-argument",
        "aws_vpc_endpoint.this",
        "unknown argument \"service_nam\" (did you mean 'service_name'?)",
    ),
    (
        "bad-computed-only",
        "aws_vpc_endpoint.this",
        'argument "arn" is computed-only (read-only) and cannot be set',
    ),
    (
        "bad-block-as-argument",
        "aws_vpc_endpoint.this",
        '"dns_options" is a nested block: write `dns_options { ... }`, not `dns_options = ...`',
    ),
    (
        "bad-missing-required",
        "aws_vpc_security_group_ingress_rule.https",
        'missing required argument "ip_protocol"',
    ),
    (
        "bad-max-items",
        "aws_vpc_endpoint.this",
        'at most 1 "dns_options" block(s) allowed, found 2',
    ),
    (
        "bad-literal-type",
        "aws_vpc_security_group_ingress_rule.https",
        "argument \"from_port\": expected number, got string 'https'",
    ),
    (
        "bad-undeclared-reference",
        "aws_route.via_endpoint",
        "reference to undeclared resource aws_vpc_endpoint.missing "
        "(in aws_vpc_endpoint.missing.id)",
    ),
    (
        "bad-unknown-attribute-reference",
        "output.dns_names",
        "aws_vpc_endpoint.this has no attribute \"dns_entries\" (did you mean 'dns_entry'?)",
    ),
    (
        "bad-unknown-nested-attribute-reference",
        "output.first_dns_name",
        'aws_vpc_endpoint.this.dns_entry[0] has no attribute "dns_nam" '
        "(did you mean 'dns_name'?) (in aws_vpc_endpoint.this.dns_entry[0].dns_nam)",
    ),
]


def test_every_bad_fixture_is_covered() -> None:
    on_disk = {p.name for p in FIXTURES.glob("bad-*")}
    assert on_disk == {name for name, _, _ in BAD_FIXTURES}


@pytest.mark.parametrize(("fixture", "address", "message"), BAD_FIXTURES)
def test_bad_fixture_yields_one_issue(fixture: str, address: str, message: str) -> None:
    module = FIXTURES / fixture
    issues = check_module(module)
    expected_line = marked_line((module / "main.tf").read_text(encoding="utf-8"))
    assert len(issues) == 1, format_issues(issues)
    (issue,) = issues
    assert (issue.file, issue.line, issue.address) == ("main.tf", expected_line, address)
    assert message in issue.message


@pytest.mark.parametrize(("fixture", "address", "message"), BAD_FIXTURES)
def test_bad_fixture_is_still_reported_without_strict_literals(
    fixture: str, address: str, message: str
) -> None:
    issues = check_module(FIXTURES / fixture, strict_literals=False)
    assert [(i.address, message in i.message) for i in issues] == [(address, True)]


# --------------------------------------------------------------------------- mutations


@pytest.fixture
def good_copy(tmp_path: Path) -> Path:
    module = tmp_path / "module"
    shutil.copytree(GOOD, module)
    return module


def test_removing_required_vpc_id_is_reported(good_copy: Path) -> None:
    main = good_copy / "main.tf"
    mutated = mutate_remove_argument(main.read_text(encoding="utf-8"), "aws_vpc_endpoint", "vpc_id")
    main.write_text(mutated, encoding="utf-8")
    issues = check_module(good_copy)
    expected = ("main.tf", line_of(mutated, 'resource "aws_vpc_endpoint" "interface"'))
    assert [(i.file, i.line, i.address, i.message) for i in issues] == [
        (*expected, "aws_vpc_endpoint.interface", 'missing required argument "vpc_id"')
    ]


def test_renaming_service_name_is_reported(good_copy: Path) -> None:
    main = good_copy / "main.tf"
    original = main.read_text(encoding="utf-8")
    mutated = mutate_rename_argument(original, "aws_vpc_endpoint", "service_name", "service_nam")
    main.write_text(mutated, encoding="utf-8")
    issues = check_module(good_copy)
    line = line_of(original, "  service_name        = ")
    assert "service_nam " in mutated.splitlines()[line - 1]
    assert [(i.file, i.line, i.address) for i in issues] == [
        ("main.tf", line, "aws_vpc_endpoint.interface")
    ]
    assert issues[0].message.startswith('unknown argument "service_nam"')


def _good_arguments() -> list[tuple[str, str, str, str, str, bool]]:
    """(file, kind, type, name, argument, required) for every schema argument set in good/."""
    schema = load_schema()
    found: list[tuple[str, str, str, str, str, bool]] = []
    for path in sorted(GOOD.glob("*.tf")):
        for block in hcl.parse_tf_blocks(path).blocks:
            if block.type not in ("resource", "data"):
                continue
            spec = schema.block(block.type, block.labels[0])
            assert spec is not None
            for arg in block.attributes:
                if arg in spec["attributes"]:
                    required = bool(spec["attributes"][arg].get("required"))
                    type_, name = block.labels
                    found.append((path.name, block.type, type_, name, arg, required))
    return found


GOOD_ARGUMENTS = _good_arguments()


@pytest.mark.parametrize(
    ("file", "kind", "type_", "name", "arg", "required"),
    GOOD_ARGUMENTS,
    ids=[f"{k}.{t}.{n}.{a}" for _, k, t, n, a, _ in GOOD_ARGUMENTS],
)
def test_every_argument_mutation_of_the_good_fixture_is_caught(
    good_copy: Path, file: str, kind: str, type_: str, name: str, arg: str, required: bool
) -> None:
    """Rename each argument (and remove each required one) in turn: the checker must notice."""
    path = good_copy / file
    original = path.read_text(encoding="utf-8")
    address = f"{type_}.{name}" if kind == "resource" else f"data.{type_}.{name}"
    block_line = line_of(original, f'{kind} "{type_}" "{name}"')

    renamed = mutate_rename_argument(original, type_, arg, f"{arg}_x", name=name, kind=kind)
    path.write_text(renamed, encoding="utf-8")
    issues = {
        (i.file, i.line, i.address, i.message.split(" (")[0]) for i in check_module(good_copy)
    }
    arg_line = next(
        n for n, text in enumerate(renamed.splitlines(), 1) if text.strip().startswith(f"{arg}_x ")
    )
    expected = {(file, arg_line, address, f'unknown argument "{arg}_x"')}
    if required:
        expected.add((file, block_line, address, f'missing required argument "{arg}"'))
    assert issues == expected

    if required:
        removed = mutate_remove_argument(original, type_, arg, name=name, kind=kind)
        path.write_text(removed, encoding="utf-8")
        issues = {(i.file, i.line, i.address, i.message) for i in check_module(good_copy)}
        assert issues == {(file, block_line, address, f'missing required argument "{arg}"')}


def test_mutations_select_blocks_by_name_and_remove_multiline_values() -> None:
    text = (GOOD / "main.tf").read_text(encoding="utf-8")
    mutated = mutate_remove_argument(text, "aws_vpc_endpoint", "tags", name="interface")
    assert text.count("\n") - mutated.count("\n") == 1
    with pytest.raises(ValueError, match="no argument 'nope'"):
        mutate_remove_argument(text, "aws_vpc_endpoint", "nope")
    with pytest.raises(ValueError, match="no resource block aws_lb"):
        mutate_rename_argument(text, "aws_lb", "name", "nam")
    with pytest.raises(ValueError, match="shares a line"):
        mutate_remove_argument(
            'resource "aws_vpc" "x" { cidr_block = "c" }\n', "aws_vpc", "cidr_block"
        )
    multiline = 'resource "aws_vpc" "x" {\n  tags = {\n    a = "b"\n  }\n  cidr_block = "c"\n}\n'
    assert mutate_remove_argument(multiline, "aws_vpc", "tags") == (
        'resource "aws_vpc" "x" {\n  cidr_block = "c"\n}\n'
    )
    renamed = mutate_rename_argument(text, "aws_vpc_endpoint", "vpc_id", "vpc", name="gwlb")
    gwlb = hcl.parse_text_blocks(renamed).blocks
    attrs = {b.labels: set(b.attributes) for b in gwlb if b.type == "resource"}
    assert "vpc" in attrs["aws_vpc_endpoint", "gwlb"]
    assert "vpc_id" in attrs["aws_vpc_endpoint", "interface"]


# --------------------------------------------------------------------------- more checks

HEADER = """\
variable "vpc_id" {
  type = string
}

"""

CASES = {
    "argument written as block": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  subnet_ids { # <-- issue
  }
}
""",
        '"subnet_ids" is an argument: write `subnet_ids = ...`',
    ),
    "computed-only argument written as block": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  dns_entry { # <-- issue
    dns_name = "x"
  }
}
""",
        '"dns_entry" is computed-only',
    ),
    "unknown nested block": (
        """
resource "aws_vpc_security_group_ingress_rule" "x" {
  security_group_id = "sg-1"
  ip_protocol       = "-1"
  timeouts { # <-- issue
    create = "5m"
  }
}
""",
        'unknown nested block "timeouts"',
    ),
    "unknown dynamic block": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  dynamic "subnet_config" { # <-- issue
    for_each = {}
    content {}
  }
}
""",
        "unknown nested block \"subnet_config\" (did you mean 'subnet_configuration'?)",
    ),
    "unknown argument in dynamic content": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  dynamic "subnet_configuration" {
    for_each = {}
    content {
      subnet = subnet_configuration.key # <-- issue
    }
  }
}
""",
        'unknown argument "subnet_configuration.subnet"',
    ),
    "missing required nested block": (
        """
resource "aws_lb_listener" "x" { # <-- issue
  load_balancer_arn = "arn"
}
""",
        'at least 1 "default_action" block(s) required, found 0',
    ),
    "missing required argument in nested block": (
        """
resource "aws_lb_listener" "x" {
  load_balancer_arn = "arn"
  default_action { # <-- issue
    target_group_arn = "arn"
  }
}
""",
        'missing required argument "default_action.type"',
    ),
    "argument set twice": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  vpc_id = var.vpc_id # <-- issue
}
""",
        'argument "vpc_id" is set more than once',
    ),
    "list literal for a string": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = [var.vpc_id] # <-- issue
}
""",
        'argument "vpc_id": expected string, got a list/tuple',
    ),
    "string literal for a set": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id     = var.vpc_id
  subnet_ids = "subnet-1" # <-- issue
}
""",
        "expected set(string), got string 'subnet-1'",
    ),
    "bad element in a map literal": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  tags = {
    Name = "x"
    Ports = [443] # <-- issue
  }
}
""",
        "argument \"tags\": key 'Ports': expected string, got a list/tuple",
    ),
    "bool literal for a number": (
        """
resource "aws_vpc_security_group_ingress_rule" "x" {
  security_group_id = "sg-1"
  ip_protocol       = "tcp"
  to_port           = true # <-- issue
}
""",
        'argument "to_port": expected number, got bool true',
    ),
    "map-producing function for a string": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  policy = merge({}, {}) # <-- issue
}
""",
        'argument "policy": expected string, got an object/map',
    ),
    "count and for_each together": (
        """
resource "aws_vpc_endpoint" "x" {
  count    = 1
  for_each = {} # <-- issue
  vpc_id   = var.vpc_id
}
""",
        '"count" and "for_each" are mutually exclusive',
    ),
    "bad lifecycle argument": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  lifecycle {
    prevent_destroy = true
    ignore_change   = [tags] # <-- issue
  }
}
""",
        "unknown argument \"lifecycle.ignore_change\" (did you mean 'ignore_changes'?)",
    ),
    "ignore_changes names an unknown attribute": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
  lifecycle {
    ignore_changes = [tag] # <-- issue
  }
}
""",
        "lifecycle.ignore_changes names unknown attribute \"tag\" (did you mean 'tags'?)",
    ),
    "data source lifecycle only takes conditions": (
        """
data "aws_vpc" "x" {
  lifecycle {
    create_before_destroy = true # <-- issue
  }
}
""",
        'unknown argument "lifecycle.create_before_destroy"',
    ),
    "postcondition without error_message": (
        """
data "aws_vpc" "x" {
  lifecycle {
    postcondition { # <-- issue
      condition = self.enable_dns_support
    }
  }
}
""",
        'missing required argument "lifecycle.postcondition.error_message"',
    ),
    "self with an unknown attribute": (
        """
data "aws_vpc" "x" {
  lifecycle {
    postcondition {
      condition     = self.dns_support # <-- issue
      error_message = "no DNS"
    }
  }
}
""",
        'self has no attribute "dns_support"',
    ),
    "resource type used as data source": (
        """
data "aws_vpc_endpoint_policy" "x" { # <-- issue
}
""",
        '"aws_vpc_endpoint_policy" is a resource, not a data source',
    ),
    "set indexed": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
}
output "eni" {
  value = aws_vpc_endpoint.x.network_interface_ids[0] # <-- issue
}
""",
        "aws_vpc_endpoint.x.network_interface_ids is a set(string) and cannot be indexed",
    ),
    "list attribute accessed without index": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
}
output "dns" {
  value = aws_vpc_endpoint.x.dns_entry.dns_name # <-- issue
}
""",
        'aws_vpc_endpoint.x.dns_entry is a list(object): use [index] or [*] before ".dns_name"',
    ),
    "count resource without instance key": (
        """
resource "aws_vpc_endpoint" "x" {
  count  = 2
  vpc_id = var.vpc_id
}
output "id" {
  value = aws_vpc_endpoint.x.id # <-- issue
}
""",
        'aws_vpc_endpoint.x has "count" set: select an instance before ".id"',
    ),
    "single resource indexed": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
}
output "id" {
  value = aws_vpc_endpoint.x[0].id # <-- issue
}
""",
        "aws_vpc_endpoint.x has no count or for_each, so it cannot be indexed",
    ),
    "splat over a for_each resource": (
        """
resource "aws_vpc_endpoint" "x" {
  for_each = toset(["a"])
  vpc_id   = var.vpc_id
}
output "ids" {
  value = aws_vpc_endpoint.x[*].id # <-- issue
}
""",
        "aws_vpc_endpoint.x uses for_each (a map of instances): [*] does not apply",
    ),
    "unknown attribute of a nested block": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_id
}
output "t" {
  value = aws_vpc_endpoint.x.dns_options[0].record_type # <-- issue
}
""",
        'aws_vpc_endpoint.x.dns_options[0] has no attribute "record_type"',
    ),
    "reference inside a heredoc": (
        """
resource "aws_vpc_endpoint_policy" "x" {
  vpc_endpoint_id = "vpce-1"
  policy          = <<-EOT
    {
      "Resource": "${aws_vpc_endpoint.gone.arn}"
    }
  EOT
}
""",
        "reference to undeclared resource aws_vpc_endpoint.gone",
    ),
    "reference inside a template directive": (
        """
output "names" {
  value = "%{for e in data.aws_vpc_endpoint.missing.dns_entry}${e.dns_name}%{endfor}" # <-- issue
}
""",
        "reference to undeclared data source data.aws_vpc_endpoint.missing",
    ),
    "reference to an undeclared variable": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = var.vpc_i # <-- issue
}
""",
        "reference to undeclared input variable var.vpc_i (did you mean 'vpc_id'?)",
    ),
    "variable with an unknown argument": (
        """
variable "extra" {
  type    = string
  defualt = "x" # <-- issue
}
""",
        "unknown argument \"defualt\" (did you mean 'default'?)",
    ),
    "output without value": (
        """
output "nothing" { # <-- issue
  description = "forgot the value"
}
""",
        'missing required argument "value"',
    ),
    "unknown top-level block": (
        """
resources "aws_vpc" "x" { # <-- issue
}
""",
        "unknown top-level block (did you mean 'resource'?)",
    ),
    "unknown provider argument": (
        """
provider "aws" {
  regions = "eu-west-1" # <-- issue
}
""",
        "unknown argument \"regions\" (did you mean 'region'?)",
    ),
    "syntax error": (
        """
resource "aws_vpc_endpoint" "x" {
  vpc_id = = var.vpc_id # <-- issue
}
""",
        "HCL: ",
    ),
}


@pytest.mark.parametrize(("source", "message"), CASES.values(), ids=CASES.keys())
def test_check_reports(tmp_path: Path, source: str, message: str) -> None:
    text = HEADER + source.lstrip("\n")
    issues = check_text(tmp_path, text)
    assert len(issues) == 1, format_issues(issues)
    assert message in issues[0].message
    if MARKER in text:
        assert issues[0].line == marked_line(text)
    else:  # heredoc: the marker cannot sit on the line without changing the heredoc
        assert issues[0].line == line_of(text, "aws_vpc_endpoint.gone")


CLEAN = {
    "dynamic block satisfies min_items": """
resource "aws_lb_listener" "x" {
  load_balancer_arn = "arn"
  dynamic "default_action" {
    for_each = ["forward"]
    iterator = act
    content {
      type = act.value
    }
  }
}
""",
    "list-of-object argument in block syntax": """
resource "aws_security_group" "x" {
  vpc_id = var.vpc_id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
""",
    "meta-arguments and conditions": """
resource "aws_vpc_endpoint" "x" {
  for_each   = toset(["a", "b"])
  provider   = aws.east
  depends_on = [aws_vpc_endpoint.y]
  vpc_id     = var.vpc_id
  tags       = { Name = each.key }
  lifecycle {
    create_before_destroy = true
    ignore_changes        = all
    replace_triggered_by  = [aws_vpc_endpoint.y[0].id]
    precondition {
      condition     = length(each.key) > 0
      error_message = "empty key"
    }
    postcondition {
      condition     = self.state == "available" && length(self.dns_entry) > 0
      error_message = "not available"
    }
  }
}
resource "aws_vpc_endpoint" "y" {
  count  = 1
  vpc_id = var.vpc_id
}
output "first" {
  value = [for k, e in aws_vpc_endpoint.x : e.dns_entry[0].dns_name if k != ""]
}
output "by_key" {
  value = aws_vpc_endpoint.x["a"].dns_entry[*].hosted_zone_id
}
output "count_splat" {
  value = aws_vpc_endpoint.y[*].subnet_configuration[*].ipv4
}
output "expr_types" {
  value = aws_vpc_endpoint.y[0].requester_managed ? 1 : 0
}
""",
    "expressions are not type-checked": """
resource "aws_vpc_security_group_ingress_rule" "x" {
  security_group_id = "sg-1"
  ip_protocol       = "tcp"
  from_port         = var.vpc_id
  to_port           = "${var.vpc_id}"
  description       = jsonencode({ a = 1 })
  tags              = tomap({ a = "b" })
}
""",
    "non-aws resources are declared but not schema-checked": """
resource "terraform_data" "x" {
  input = "anything"
}
output "x" {
  value = terraform_data.x.output
}
""",
}


@pytest.mark.parametrize("source", CLEAN.values(), ids=CLEAN.keys())
def test_check_accepts(tmp_path: Path, source: str) -> None:
    issues = check_text(tmp_path, HEADER + source)
    assert issues == [], format_issues(issues)


def test_strict_literals_reports_convertible_values_only_when_strict(tmp_path: Path) -> None:
    text = HEADER + (
        'resource "aws_vpc_security_group_ingress_rule" "x" {\n'
        '  security_group_id = "sg-1"\n'
        '  ip_protocol       = "tcp"\n'
        '  from_port         = "443"\n'
        "  description       = 443\n"
        "}\n"
    )
    strict = check_text(tmp_path, text)
    assert [(i.line, i.message) for i in strict] == [
        (
            line_of(text, "from_port"),
            "argument \"from_port\": expected number, got string '443' (Terraform converts it)",
        ),
        (
            line_of(text, "description"),
            'argument "description": expected string, got number 443 (Terraform converts it)',
        ),
    ]
    assert check_text(tmp_path, text, strict_literals=False) == []


def test_duplicates_across_files(tmp_path: Path) -> None:
    block = 'resource "aws_vpc" "x" {}\nlocals {\n  a = 1\n}\n'
    (tmp_path / "a.tf").write_text(block, encoding="utf-8")
    (tmp_path / "b.tf").write_text(block, encoding="utf-8")
    issues = check_module(tmp_path)
    assert [(i.file, i.line, i.address, i.message) for i in issues] == [
        ("b.tf", 1, "aws_vpc.x", "duplicate resource (first in a.tf)"),
        ("b.tf", 3, "local.a", "duplicate local value"),
    ]


def test_check_module_needs_tf_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        check_module(tmp_path)


def test_schema_issue_formats_as_file_line() -> None:
    issue = SchemaIssue("main.tf", 3, "aws_vpc.x", "boom")
    assert str(issue) == "main.tf:3: aws_vpc.x: boom"
    assert format_issues([issue, issue]) == "main.tf:3: aws_vpc.x: boom\nmain.tf:3: aws_vpc.x: boom"


def test_load_schema_is_cached_and_complete() -> None:
    schema = load_schema()
    assert schema is load_schema()
    assert len(schema.resources) == 48
    assert len(schema.data_sources) == 25
    endpoint = schema.block("resource", "aws_vpc_endpoint")
    assert endpoint is not None
    assert endpoint["attributes"]["vpc_id"]["required"] is True
    assert schema.block("data", "aws_vpc_endpoint_policy") is None


# --------------------------------------------------------------------------- tests/support/hcl.py

QUIRKS = """\
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = { "Name" = "x", Team = var.team }
  list       = [tags, 1e3, -3]
  tmpl       = "${var.x}"
  expr       = var.x
  doc = <<-EOT
    a ${var.y}
  EOT
}
"""


def test_python_hcl2_quirks_documented_in_hcl_module(tmp_path: Path) -> None:
    path = tmp_path / "q.tf"
    path.write_text(QUIRKS, encoding="utf-8")
    parsed = hcl.parse_tf(path)
    body = parsed["resource"][0]['"aws_vpc"']['"main"']  # 1: labels keep their quotes
    assert body["cidr_block"] == '"10.0.0.0/16"'  # 1: strings keep their quotes
    assert body["tags"] == {'"Name"': '"x"', "Team": "${var.team}"}  # 1, 2
    assert body["list"] == ["tags", "${1e3}", -3]  # 3: bare identifier; 6: numbers
    assert body["tmpl"] == '"${var.x}"'  # 2: quoted template stays quoted
    assert body["expr"] == "${var.x}"
    assert body["doc"] == '"<<-EOT\n    a ${var.y}\n  EOT"'  # 5: heredoc markers kept
    assert body["__is_block__"] is True  # 9
    # 7: with_meta is accepted but adds nothing
    meta = hcl2.loads(QUIRKS, serialization_options=SerializationOptions(with_meta=True))
    assert "__start_line__" not in meta["resource"][0]['"aws_vpc"']['"main"']
    # 8: a repeated attribute silently keeps the last value
    assert hcl2.loads("a = 1\na = 2\n") == {"a": 2}


def test_parse_tf_with_meta_adds_lines(tmp_path: Path) -> None:
    path = tmp_path / "q.tf"
    path.write_text(QUIRKS, encoding="utf-8")
    body = hcl.parse_tf_with_meta(path)["resource"][0]['"aws_vpc"']['"main"']
    assert (body["__start_line__"], body["__end_line__"]) == (1, 10)
    assert body["__attr_lines__"]["doc"] == 7
    assert (
        body["cidr_block"] == hcl.parse_tf(path)["resource"][0]['"aws_vpc"']['"main"']["cidr_block"]
    )


def test_parse_module_reads_every_tf_file() -> None:
    assert set(hcl.parse_module(GOOD)) == {"main.tf", "outputs.tf", "variables.tf", "versions.tf"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"abc"', "abc"),
        ('"a\\"b\\n"', 'a"b\n'),
        ('"$${not_interpolated}"', "${not_interpolated}"),
        ('"pre-${var.x}"', None),
        ("${var.x}", None),
        ("tags", None),
        (3, None),
        ('"<<-EOT\n    line1\n      line2\n  EOT"', "line1\n  line2"),
        ('"<<EOT\nraw ${x}\nEOT"', None),
    ],
)
def test_literal_string(value: object, expected: str | None) -> None:
    assert hcl.literal_string(value) == expected


def test_literal_number_bool_expression_helpers() -> None:
    assert hcl.literal_number(3) == 3
    assert hcl.literal_number("${1e3}") == 1000.0
    assert hcl.literal_number(True) is None
    assert hcl.literal_number('"3"') is None
    assert hcl.literal_bool(False) is False
    assert hcl.literal_bool('"true"') is None
    assert hcl.is_expression("${var.x}")
    assert hcl.is_expression("tags")
    assert not hcl.is_expression('"${var.x}"')
    assert hcl.unquote('"aws_vpc"') == "aws_vpc"


def test_block_view_lines_and_traversals() -> None:
    text = """\
locals {
  a = [for k, v in aws_x.y : "${k}-${v.id}" if v != data.aws_z.w.id]
  b = { for s in var.subnets : s => aws_x.y[s].arn }
  c = upper(aws_x.y.dns_entry[*].dns_name)
  d = aws_x.y.dns_entry.0.hosted_zone_id
  e = <<EOT
%{ for n in local.names }${n.value} ${aws_x.h.id}%{ endfor }
EOT
}
"""
    root = hcl.parse_text_blocks(text)
    (locals_block,) = root.blocks
    assert (locals_block.type, locals_block.line, locals_block.end_line) == ("locals", 1, 9)
    refs = {
        name: [(t.text, t.line) for t in hcl.traversals(attr.expr)]
        for name, attr in locals_block.attributes.items()
    }
    assert refs == {
        "a": [("aws_x.y", 2), ("data.aws_z.w.id", 2)],
        "b": [("var.subnets", 3), ("aws_x.y[...].arn", 3)],
        "c": [("aws_x.y.dns_entry[*].dns_name", 4)],
        "d": [("aws_x.y.dns_entry[0].hosted_zone_id", 5)],
        "e": [("local.names", 7), ("aws_x.h.id", 7)],
    }


@pytest.mark.parametrize(
    ("expr", "kind", "value"),
    [
        ('"x"', "string", "x"),
        ('"a-${var.x}"', "string", None),
        ('"${var.x}"', "unknown", None),
        ("42", "number", "42"),
        ("-1.5", "number", "-1.5"),
        ("true", "bool", "true"),
        ("null", "null", None),
        ("var.x", "unknown", None),
        ("jsonencode({})", "string", None),
        ("merge({}, {})", "object", None),
        ("var.a == 1", "bool", None),
        ('var.c ? "a" : "b"', "string", None),
        ('var.c ? "a" : 1', "unknown", None),
        ("[for x in var.l : x]", "tuple", None),
    ],
)
def test_shape_of(expr: str, kind: str, value: str | None) -> None:
    (attr,) = hcl.parse_text_blocks(f"x = {expr}\n").attributes.values()
    shape = hcl.shape_of(attr.expr)
    assert (shape.kind, shape.value) == (kind, value)
