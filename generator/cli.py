"""The command line: parse arguments, call the API, format findings, choose the exit code.

Exit codes (SPEC.md): 0 clean or warnings only, 1 errors (or a stale module with --check,
or warnings with --strict), 2 usage or unreadable input. Heavy imports happen inside commands.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Literal, NoReturn

import typer

from generator.spec.endpoint_types import GATEWAY, INTERFACE

app = typer.Typer(
    name="vpcegen",
    help="Validate AWS VPC endpoint / PrivateLink specs and render Terraform/OpenTofu modules.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class FindingFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ListFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


def _use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR") is not None or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _fail_input(message: str) -> NoReturn:
    typer.echo(f"vpcegen: {message}", err=True)
    raise typer.Exit(2)


PathsArg = Annotated[
    list[str], typer.Argument(help="Spec files or folders (walked recursively, sorted).")
]
FormatOpt = Annotated[
    FindingFormat, typer.Option("--format", "-f", help="How findings are printed.")
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]


def _print_findings(findings: list[object], fmt: FindingFormat, files: int) -> None:
    from generator.diagnostics import (
        Finding,
        format_github,
        format_json,
        format_text,
        summary_line,
    )

    typed = [f for f in findings if isinstance(f, Finding)]
    if fmt is FindingFormat.json:
        sys.stdout.write(format_json(typed))
    elif fmt is FindingFormat.github:
        sys.stdout.write(format_github(typed))
    else:
        sys.stdout.write(format_text(typed, color=_use_color(sys.stdout)))
    if fmt is not FindingFormat.json:
        typer.echo(summary_line(typed, files), err=True)


def _exit_code(findings: list[object], strict: bool) -> int:
    from generator.diagnostics import Finding, Severity

    severities = {f.severity for f in findings if isinstance(f, Finding)}
    if Severity.ERROR in severities or (strict and Severity.WARNING in severities):
        return 1
    return 0


@app.command()
def validate(
    paths: PathsArg, format: FormatOpt = FindingFormat.text, strict: StrictOpt = False
) -> None:
    """Load and check specs; print findings."""
    from generator.api import validate_paths
    from generator.loader.load import InputError

    try:
        result = validate_paths(paths)
    except InputError as exc:
        _fail_input(str(exc))
    if not result.specs:
        _fail_input("no spec files (.yaml, .yml, .json) found in " + ", ".join(paths))
    _print_findings(list(result.findings), format, len(result.specs))
    raise typer.Exit(_exit_code(list(result.findings), strict))


@app.command()
def generate(
    paths: PathsArg,
    out: Annotated[
        str, typer.Option("--out", "-o", help="Folder that receives one module per spec.")
    ],
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; report modules that differ (exit 1).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Also overwrite generated files edited by hand.")
    ] = False,
    format: FormatOpt = FindingFormat.text,
    strict: StrictOpt = False,
) -> None:
    """Validate, then write one Terraform/OpenTofu module per spec."""
    from generator.api import generate_paths
    from generator.loader.load import InputError
    from generator.render.writer import OutputError

    try:
        result = generate_paths(
            paths, out, check=check, force=force, strict=strict, progress=_progress(check)
        )
    except InputError as exc:
        _fail_input(str(exc))
    except OutputError as exc:
        _fail_input(str(exc))
    if not result.validation.specs:
        _fail_input("no spec files (.yaml, .yml, .json) found in " + ", ".join(paths))
    _print_findings(list(result.validation.findings), format, len(result.validation.specs))
    code = _exit_code(list(result.validation.findings), strict)
    for line in result.messages:
        typer.echo(line, err=True)
    if result.diff:
        # stdout holds the findings document in --format json; keep it parseable.
        (sys.stderr if format is FindingFormat.json else sys.stdout).write(result.diff)
    if result.blocked or (check and result.changed):
        code = max(code, 1)
    raise typer.Exit(code)


def _progress(check: bool) -> Callable[[int, int], None] | None:
    """A progress callback for long runs on a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        if total >= 20 and (done == total or done % 10 == 0):
            end = "\n" if done == total else "\r"
            verb = "checked" if check else "rendered"
            sys.stderr.write(f"{verb} {done}/{total} modules{end}")
            sys.stderr.flush()

    return report


@app.command()
def schema() -> None:
    """Print the JSON Schema of the spec language (for editors)."""
    import json

    from generator.spec.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=False) + "\n")


@app.command()
def rules(
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
) -> None:
    """List the rules: ID, severity, status and summary."""
    from generator.rules.docs import rules_table

    sys.stdout.write(rules_table(str(format)))


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule ID, e.g. IF001.")],
) -> None:
    """Show one rule's documentation, source and examples."""
    from generator.rules.catalog import rule_by_id
    from generator.rules.docs import explain_rule, suggest_ids

    rule = rule_by_id(rule_id.upper())
    if rule is None:
        close = suggest_ids(rule_id)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        _fail_input(f"unknown rule ID '{rule_id}'{hint}; 'vpcegen rules' lists them")
    sys.stdout.write(explain_rule(rule))


class ServiceType(StrEnum):  # the endpoint types the service catalog records
    gateway = GATEWAY
    interface = INTERFACE


class ServiceFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def services(
    format: Annotated[ServiceFormat, typer.Option("--format", "-f")] = ServiceFormat.text,
    type: Annotated[
        ServiceType | None, typer.Option("--type", "-t", help="Only services offering this type.")
    ] = None,
) -> None:
    """List the built-in catalog of AWS services reachable through VPC endpoints."""
    from generator.services.catalog import load_catalog
    from generator.services.listing import render_services

    fmt: Literal["text", "json"] = "json" if format is ServiceFormat.json else "text"
    sys.stdout.write(render_services(load_catalog(), fmt, str(type) if type else None))


def main() -> None:
    """Console entry point: never shows a traceback for bad input."""
    # A short-lived process that allocates many small objects: collect less often
    # (about 10% less CPU on large estates, same peak memory; see bench/RESULTS.md).
    gc.set_threshold(10_000, 10, 10)
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("vpcegen: interrupted\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug in vpcegen, not bad input: say so plainly
        if os.environ.get("VPCEGEN_DEBUG"):
            raise
        sys.stderr.write(
            f"vpcegen: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in vpcegen; rerun with VPCEGEN_DEBUG=1 for details and report it.\n"
        )
        sys.exit(3)
