"""The command line: parse arguments, call the API, format findings, choose the exit code.

Exit codes (SPEC.md): 0 clean or warnings only, 1 errors (or a stale or orphaned module with
--check, or warnings with --strict), 2 usage, configuration or unreadable input. Heavy imports
happen inside commands.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer

from generator.spec.endpoint_types import GATEWAY, INTERFACE

if TYPE_CHECKING:
    from generator.api import GenerateResult, ValidationResult
    from generator.config import Config
    from generator.diagnostics import Finding
    from generator.formats import Report

app = typer.Typer(
    name="vpcegen",
    help="Validate AWS VPC endpoint / PrivateLink specs and render Terraform/OpenTofu modules.",
    epilog="Settings: [tool.vpcegen] in pyproject.toml or a vpcegen.toml, found upward from "
    "the working directory. Exit codes: 0 ok, 1 findings or stale modules, 2 usage or "
    "unreadable input.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class FindingFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from generator import __version__

    try:
        return version("vpcegen")
    except PackageNotFoundError:  # run from a checkout without installing
        return __version__


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"vpcegen {_version()}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Validate AWS VPC endpoint / PrivateLink specs and render Terraform/OpenTofu modules."""


PathsArg = Annotated[
    list[str] | None,
    # described in each command's help text: typer would print the type as <list[str]>
    typer.Argument(metavar="SPEC", hidden=True, show_default=False),
]
FormatOpt = Annotated[
    FindingFormat,
    typer.Option(
        "--format",
        "-f",
        help="text for people; json, github (Actions annotations) or sarif (code scanning) "
        "for machines.",
    ),
]
StrictOpt = Annotated[
    bool | None,
    typer.Option(
        "--strict/--no-strict",
        help="Warnings fail too (exit 1). Default: the configuration's 'strict', else off.",
        show_default=False,
    ),
]
ConfigOpt = Annotated[
    str | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Use this vpcegen.toml or pyproject.toml instead of searching for one.",
        show_default=False,
    ),
]
NoConfigOpt = Annotated[
    bool,
    typer.Option("--no-config", help="Ignore any configuration file."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Worker processes for large runs. Default: the CPUs available; 1 runs every "
        "spec in this process. Findings and modules are the same for any N.",
        show_default=False,
    ),
]


def _jobs(jobs: int | None) -> int:
    if jobs is not None:
        return jobs
    from generator.runner import default_jobs

    return default_jobs()


_SPEC_HELP = (
    "SPEC: spec files or folders (folders are walked recursively; names starting with '.' "
    "are skipped). Without SPEC, the 'specs' of the configuration; its paths are relative to "
    "the configuration file, so the result is the same from any subfolder."
)


def _config(path: str | None, no_config: bool) -> Config | None:
    from generator.config import ConfigError, discover_config, load_config

    if no_config:
        return None
    try:
        return load_config(Path(path)) if path else discover_config()
    except ConfigError as exc:
        _fail_input(str(exc))


def _enter_project(config: Config | None, paths: list[str]) -> None:
    """With no paths on the command line, work from the project root: every path the run
    prints (findings, modules, messages) is then relative to it, from whatever subfolder."""
    if config is not None and not paths:
        os.chdir(config.root)


def _report(command: Literal["validate", "generate"], validation: ValidationResult) -> Report:
    from generator.api import repository_root
    from generator.formats import Report

    base = Path.cwd()
    return Report(
        command,
        validation.findings,
        len(validation.specs),
        validation.skipped,
        base=base,
        repo_root=repository_root(base),
    )


def _print_findings(report: Report, *, quiet_skips: bool) -> None:
    """Text: findings on stdout, the summary (and files skipped) on stderr."""
    from generator.diagnostics import format_text, summary_line

    sys.stdout.write(format_text(list(report.findings), color=_use_color(sys.stdout)))
    sys.stdout.flush()
    if not quiet_skips:
        for skipped in report.skipped:
            typer.echo(f"vpcegen: skipped {skipped.file}: {skipped.reason}", err=True)
    line = summary_line(list(report.findings), report.specs)
    if report.skipped and quiet_skips:
        line += f" ({len(report.skipped)} other file(s) skipped: not specs)"
    typer.echo(line, err=True)


def _print_machine(report: Report, fmt: FindingFormat) -> None:
    if fmt is FindingFormat.json:
        from generator.formats.json_report import format_json_report

        sys.stdout.write(format_json_report(report))
    elif fmt is FindingFormat.github:
        from generator.formats.github import format_github_report

        sys.stdout.write(format_github_report(report))
    else:
        from generator.formats.sarif import format_sarif

        sys.stdout.write(format_sarif(report, _version()))


def _exit_code(findings: Sequence[Finding], strict: bool) -> int:
    from generator.diagnostics import Severity

    severities = {f.severity for f in findings}
    if Severity.ERROR in severities or (strict and Severity.WARNING in severities):
        return 1
    return 0


def _strict(flag: bool | None, config: Config | None) -> bool:
    if flag is not None:
        return flag
    return bool(config and config.strict)


@app.command(help=f"Load and check specs; print findings.\n\n{_SPEC_HELP}")
def validate(
    paths: PathsArg = None,
    format: FormatOpt = FindingFormat.text,
    strict: StrictOpt = None,
    only_specs: Annotated[
        bool,
        typer.Option(
            "--only-specs",
            help="Skip the given files that are not specs instead of reporting them (for "
            "pre-commit): with a configuration, files outside its 'specs'; without one, "
            "files whose top level lacks 'version' and 'name'.",
        ),
    ] = False,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    jobs: JobsOpt = None,
) -> None:
    from generator.api import NoSpecsError, validate_paths
    from generator.config import ConfigError
    from generator.loader.load import InputError

    given = list(paths or [])
    config = _config(config_file, no_config)
    _enter_project(config, given)
    try:
        result = validate_paths(given, config=config, only_specs=only_specs, jobs=_jobs(jobs))
    except (InputError, ConfigError, NoSpecsError) as exc:
        _fail_input(str(exc))
    if not result.specs:
        if only_specs:  # a commit that touches no spec: nothing to check
            typer.echo(f"vpcegen: no specs among the {len(given)} file(s) given", err=True)
            raise typer.Exit(0)
        _fail_input("no spec files (.yaml, .yml, .json) found in " + ", ".join(given or ["."]))
    report = _report("validate", result)
    if format is FindingFormat.text:
        _print_findings(report, quiet_skips=only_specs)
    else:
        _print_machine(report, format)
    raise typer.Exit(_exit_code(result.findings, _strict(strict, config)))


@app.command(
    help="Validate, then write one Terraform/OpenTofu module per spec to OUT/<name>/.\n\n"
    f"{_SPEC_HELP}"
)
def generate(
    paths: PathsArg = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Folder that receives one module per spec. Default: the configuration's 'out'.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; report modules that differ or that no spec produces any more "
            "(exit 1).",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Also overwrite generated files edited by hand.")
    ] = False,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Remove module folders no spec produces any more (only unedited ones that "
            "hold nothing but what vpcegen wrote).",
        ),
    ] = False,
    format: FormatOpt = FindingFormat.text,
    strict: StrictOpt = None,
    config_file: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    jobs: JobsOpt = None,
) -> None:
    from generator.api import NoSpecsError, diff_prefix, generate_paths
    from generator.config import ConfigError
    from generator.loader.load import InputError
    from generator.render.writer import OutputError

    given = list(paths or [])
    config = _config(config_file, no_config)
    if check and prune:
        _fail_input("--check writes nothing; run --prune without --check to remove orphans")
    if out is None:
        if config is None or config.out is None:
            _fail_input(
                "no --out given and no 'out' configured ([tool.vpcegen] in pyproject.toml, or "
                "vpcegen.toml)"
            )
        out = os.path.relpath(config.root / config.out) if given else config.out
    _enter_project(config, given)
    use_strict = _strict(strict, config)
    try:
        result = generate_paths(
            given,
            out,
            check=check,
            force=force,
            strict=use_strict,
            prune=prune,
            config=config,
            progress=_progress(check),
            jobs=_jobs(jobs),
        )
    except (InputError, OutputError, ConfigError, NoSpecsError) as exc:
        _fail_input(str(exc))
    if not result.validation.specs:
        _fail_input("no spec files (.yaml, .yml, .json) found in " + ", ".join(given or ["."]))
    report = _report("generate", result.validation)
    report.check = check
    report.modules = result.modules
    report.orphans = result.orphans
    report.out = out
    report.out_in_repo = diff_prefix(Path(out))
    report.diff = result.diff
    report.messages = result.messages
    stale = check and (result.changed or result.orphaned)
    if stale or result.blocked:
        report.update_command = _update_command(given, out, config, result)
    code = _exit_code(result.validation.findings, use_strict)
    if result.blocked or stale:
        code = max(code, 1)
    if format is not FindingFormat.text:
        _print_machine(report, format)
        raise typer.Exit(code)
    _print_findings(report, quiet_skips=False)
    for line in result.messages:
        typer.echo(line, err=True)
    if result.diff:
        sys.stderr.flush()
        sys.stdout.write(result.diff)
        sys.stdout.flush()
    if stale:
        typer.echo(f"to bring the modules up to date, run: {report.update_command}", err=True)
    elif result.orphaned:
        typer.echo(
            "to remove modules no spec produces any more, run: "
            + _update_command(given, out, config, result, prune=True),
            err=True,
        )
    raise typer.Exit(code)


def _update_command(
    given: list[str],
    out: str,
    config: Config | None,
    result: GenerateResult,
    *,
    prune: bool | None = None,
) -> str:
    """The generate command that writes what --check found missing (as the user would type
    it from where they ran vpcegen)."""
    import shlex

    words = ["vpcegen", "generate"]
    if given:
        words += [*given, "--out", out]
    elif config is None or config.out is None:
        words += ["--out", out]
    if prune if prune is not None else result.orphaned:
        words.append("--prune")
    if result.edited:
        words.append("--force")
    return shlex.join(words)


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


@app.command(name="import")
def import_(
    description: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="DESCRIPTION",
            help="JSON printed by `aws ec2 describe-*` (files, or folders of .json files).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for spec.yaml, imports.tf, policies/.")
    ] = Path("imported"),
    name: Annotated[str | None, typer.Option(help="The spec's name.")] = None,
    region: Annotated[str | None, typer.Option(help="Default: from the description.")] = None,
    vpc_id: Annotated[str | None, typer.Option(help="Import the endpoints of this VPC.")] = None,
    module_address: Annotated[
        str | None,
        typer.Option(
            help="Where the root module calls the generated module (default "
            "module.<name>); '' when the generated module is the root module.",
        ),
    ] = None,
    security_groups: Annotated[
        str,
        typer.Option(
            help="auto: adopt endpoint-only groups AWS names as the module would; define: "
            "adopt every endpoint-only group (a differently named one is replaced); "
            "reference: reference all by ID.",
        ),
    ] = "auto",
    from_aws: Annotated[
        bool, typer.Option("--from-aws", help="Call the read-only EC2 APIs through boto3.")
    ] = False,
    profile: Annotated[str | None, typer.Option(help="AWS profile (--from-aws).")] = None,
    endpoint_url: Annotated[
        str | None, typer.Option(help="EC2 endpoint URL (--from-aws; for API emulators).")
    ] = None,
    save_description: Annotated[
        Path | None,
        typer.Option(help="With --from-aws: also write the describe outputs to this folder."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace a non-empty --out folder.")] = False,
) -> None:
    """Write a spec and Terraform import blocks for endpoints that already exist."""
    from generator import importer
    from generator.diagnostics import format_text, sort_findings

    if security_groups not in ("auto", "define", "reference"):
        _fail_input(f"--security-groups: {security_groups!r} is not auto, define or reference")
    if from_aws and not region:
        _fail_input("--from-aws needs --region")
    live = importer.LiveOptions(region or "", vpc_id, profile, endpoint_url) if from_aws else None
    try:
        desc, sources, problems = importer.describe(
            description or [], live=live, save_to=save_description, force=force
        )
        options = importer.Options(name, region, vpc_id, security_groups)  # type: ignore[arg-type]
        result = importer.build(desc, options)
    except (importer.DescriptionError, OSError) as exc:
        _fail_input(str(exc))
    for problem in problems:
        typer.echo(f"vpcegen: warning: {problem}", err=True)
    address = (
        importer.default_module_address(result.name) if module_address is None else module_address
    )
    files = importer.render_files(result, address, sources)
    try:
        importer.write(out, files, force=force)
    except OSError as exc:
        _fail_input(str(exc))
    findings = sort_findings(result.findings)
    sys.stdout.write(format_text(findings, color=_use_color(sys.stdout)))
    typer.echo(
        f"vpcegen: wrote {out}/spec.yaml and {out}/imports.tf: {len(result.adoptions)} "
        f"object(s) to import, {len(result.not_imported)} the plan creates, "
        f"{len(findings)} finding(s)",
        err=True,
    )


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
    rule_id: Annotated[str, typer.Argument(metavar="ID", hidden=True)],
) -> None:
    """Show one rule's documentation, source and examples.

    ID: a rule ID, e.g. IF001 ('vpcegen rules' lists them).
    """
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
    try:
        # one name however it was started (`python -m generator` too): usage lines and the
        # shell-completion variable (_VPCEGEN_COMPLETE) stay the same
        app(prog_name="vpcegen")
    except KeyboardInterrupt:
        sys.stderr.write("vpcegen: interrupted\n")
        _exit(130)
    except SystemExit as exc:
        if exc.code == 130:  # typer turns Ctrl-C inside a command into exit 130, silently
            sys.stderr.write("vpcegen: interrupted\n")
        _exit(exc.code)
    except Exception as exc:  # a bug in vpcegen, not bad input: say so plainly
        if os.environ.get("VPCEGEN_DEBUG"):
            raise
        sys.stderr.write(
            f"vpcegen: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in vpcegen; rerun with VPCEGEN_DEBUG=1 for details and report it.\n"
        )
        _exit(3)
    _exit(0)


def _exit(code: object) -> NoReturn:
    """End the process without the interpreter's teardown.

    Every command has finished its work here: files are written and closed (the writer syncs
    them), the run lock is released with the process. Tearing down a few hundred modules and
    the objects of a run only costs time (about 25 ms, a tenth of a `validate` of one spec), so
    flush the standard streams and leave. `code` follows SystemExit: None is 0, an int is
    the status, anything else is printed and gives 1.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe (`vpcegen ... | head`): nothing left to say
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
