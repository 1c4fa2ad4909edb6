"""Project configuration: `[tool.vpcegen]` in pyproject.toml, or a vpcegen.toml.

Found the way ruff finds its settings: from the working directory upward, the first folder
holding a `vpcegen.toml`, or a `pyproject.toml` with a `[tool.vpcegen]` table (a pyproject.toml
without one is passed over). In one folder `vpcegen.toml` wins. Every path in the file is
relative to the folder holding it (the project root), so a command gives the same result from
any subfolder.

    [tool.vpcegen]
    specs = ["specs/**/*.yaml"]      # files, folders or globs ("**" spans folders)
    exclude = ["specs/drafts/**"]    # globs taken out of `specs`
    out = "modules"                  # generate's --out
    strict = false                   # warnings fail too (like --strict)
    ignore = ["POL011"]              # warnings / notices not reported in this project

    [tool.vpcegen.severity]          # per-rule severity for this project
    SVC002 = "error"                 # raise a warning to an error
    IF004 = "info"                   # or lower a warning to a notice

Errors can be neither lowered nor ignored, as a spec's `suppress` cannot hide them.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Severity

CONFIG_NAMES = ("vpcegen.toml", "pyproject.toml")
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_KEYS = ("specs", "exclude", "out", "strict", "ignore", "severity")
_LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "notice": Severity.INFO,
}


class ConfigError(Exception):
    """A configuration file that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Config:
    file: Path  # the configuration file (absolute)
    specs: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    out: str | None = None
    strict: bool = False
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.file.parent

    @property
    def where(self) -> str:
        """How messages name the settings: `pyproject.toml [tool.vpcegen]`."""
        table = " [tool.vpcegen]" if self.file.name == "pyproject.toml" else ""
        return f"{self.file}{table}"


# --- finding and reading -----------------------------------------------------------------------


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in `start` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "vpcegen.toml" or _has_tool_table(candidate):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        doc = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # a broken pyproject.toml that may hold our table: reading it says what is wrong
        try:
            return "[tool.vpcegen" in pyproject.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    tool = doc.get("tool")
    return isinstance(tool, dict) and "vpcegen" in tool


def load_config(path: Path) -> Config:
    """Read and check one configuration file; ConfigError says what is wrong and where."""
    path = path.resolve()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = doc.get("tool")
        table = tool.get("vpcegen") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(f"{path}: has no [tool.vpcegen] table")
        where = f"{path} [tool.vpcegen]"
    else:
        table, where = doc, str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table of settings")
    return _parse(path, where, table)


def _parse(path: Path, where: str, table: dict[str, object]) -> Config:
    for key in table:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(
                f"{where}: unknown setting '{key}'{hint}; settings: {', '.join(_KEYS)}"
            )
    specs = _str_list(table, "specs", where)
    exclude = _str_list(table, "exclude", where)
    for pattern in (*specs, *exclude):
        _check_pattern(pattern, where)
    out = table.get("out")
    if out is not None and (not isinstance(out, str) or not out.strip()):
        raise ConfigError(f"{where}: 'out' must be a folder path (a string)")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(f"{where}: 'strict' must be true or false")
    ignore = frozenset(_rule_id(r, where, "ignore") for r in _str_list(table, "ignore", where))
    severity = _severities(table.get("severity", {}), where)
    return Config(path, specs, exclude, out, strict, ignore, severity)


def _str_list(table: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _check_pattern(pattern: str, where: str) -> None:
    if not pattern.strip():
        raise ConfigError(f"{where}: an empty path in 'specs' or 'exclude'")
    if os.path.isabs(pattern) or pattern.startswith("~"):
        raise ConfigError(
            f"{where}: '{pattern}' is absolute; paths are relative to the configuration file"
        )
    if ".." in pattern.replace("\\", "/").split("/"):
        raise ConfigError(
            f"{where}: '{pattern}' leaves the project folder; specs live under the folder of "
            "the configuration file"
        )


def _rule_id(value: str, where: str, key: str) -> str:
    from generator.rules.catalog import rule_by_id
    from generator.rules.docs import suggest_ids

    rule_id = value.strip().upper()
    rule = rule_by_id(rule_id)
    if rule is None:
        close = suggest_ids(value)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ConfigError(f"{where}: {key}: '{value}' is not a rule ID{hint}")
    if rule.severity is Severity.ERROR:
        verb = "ignored" if key == "ignore" else "lowered"
        raise ConfigError(
            f"{where}: {key}: {rule_id} is an error and cannot be {verb}; fix the specs instead "
            "(only warnings and notices can be ignored or lowered)"
        )
    return rule_id


def _severities(value: object, where: str) -> dict[str, Severity]:
    from generator.rules.catalog import rule_by_id

    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of RULE-ID = \"level\"")
    out: dict[str, Severity] = {}
    for key, level in value.items():
        name = level.strip().lower() if isinstance(level, str) else None
        if name not in _LEVELS:
            raise ConfigError(
                f'{where}: severity.{key} = {level!r}: use "error", "warning" or "info"'
            )
        wanted = _LEVELS[name]
        rule = rule_by_id(key.strip().upper())
        if rule is not None and rule.severity is Severity.ERROR and wanted is Severity.ERROR:
            out[rule.id] = wanted  # already an error: a no-op, allowed
            continue
        out[_rule_id(key, where, "severity")] = wanted
    return out


def discover_config(start: Path | None = None) -> Config | None:
    found = find_config(start)
    return load_config(found) if found else None


# --- the configured spec set ---------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over '/'-separated relative paths: `*` and `?` stay in one folder, `**` spans
    any number of folders (`specs/**/*.yaml` matches `specs/a.yaml` and `specs/x/y/b.yaml`)."""
    parts = pattern.strip("/").split("/")
    out: list[str] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            continue
        seg = ""
        j = 0
        while j < len(part):
            c = part[j]
            if c == "*":
                seg += "[^/]*"
            elif c == "?":
                seg += "[^/]"
            elif c == "[":
                close = part.find("]", j + 1)
                if close == -1:
                    seg += re.escape(c)
                else:
                    body = part[j + 1 : close]
                    if body.startswith("!"):
                        body = "^" + body[1:]
                    seg += f"[{body}]"
                    j = close
            else:
                seg += re.escape(c)
            j += 1
        out.append(seg + ("" if last else "/"))
    return re.compile("".join(out))


def _literal_prefix(pattern: str) -> str:
    """The folders before the first wildcard: where a walk for `pattern` starts."""
    parts: list[str] = []
    for part in pattern.strip("/").split("/")[:-1]:
        if any(c in part for c in "*?["):
            break
        parts.append(part)
    return "/".join(parts)


def _relative(root: Path, path: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def matches(config: Config, path: Path) -> bool:
    """Whether `path` is one of the project's specs (named by `specs`, not by `exclude`)."""
    rel = _relative(config.root, path)
    if rel is None or _hidden(rel):
        return False
    return (
        rel.endswith(SPEC_SUFFIXES)
        and _selected(rel, config.specs)
        and not _selected(rel, config.exclude)
    )


def _selected(rel: str, patterns: Iterable[str]) -> bool:
    """Whether the file `rel` is named by one of `patterns`: a glob matching it, or a folder
    (named without wildcards) holding it at any depth."""
    for pattern in patterns:
        clean = pattern.strip("/")
        if clean in ("", "."):
            return True
        if _glob_regex(clean).fullmatch(rel):
            return True
        if not any(c in clean for c in "*?[") and rel.startswith(clean + "/"):
            return True
    return False


def spec_files(config: Config) -> list[tuple[str, Path]]:
    """The project's spec files: (path relative to the root with '/', absolute path), sorted.

    Only .yaml, .yml and .json files count; folders and files whose name starts with '.' are
    skipped, like a walk of a folder given on the command line. A path without wildcards that
    does not exist is an error (a typo in the list).
    """
    root = config.root.resolve()
    found: dict[str, Path] = {}
    for pattern in config.specs:
        clean = pattern.strip("/")
        literal = not any(c in clean for c in "*?[")
        target = root / clean
        if literal and target.is_file():
            rel = _relative(root, target)
            if rel is not None:
                found[rel] = target
            continue
        if literal and not target.exists():
            raise ConfigError(
                f"{config.where}: specs: '{pattern}' does not exist (relative to {root})"
            )
        start = target if literal else root / _literal_prefix(clean)
        for path in _walk(start):
            rel = _relative(root, path)
            if (
                rel is not None
                and rel.endswith(SPEC_SUFFIXES)
                and not _hidden(rel)
                and _selected(rel, (pattern,))
            ):
                found[rel] = path
    return [
        (rel, path) for rel, path in sorted(found.items()) if not _selected(rel, config.exclude)
    ]


def _walk(start: Path) -> Iterable[Path]:
    if not start.is_dir():
        return
    for folder, dirs, files in os.walk(start):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name


def relative_to_root(config: Config, path: Path) -> str:
    """`path` as the project names it: relative to the root, '/'-separated (absolute when
    outside the root)."""
    rel = _relative(config.root, path)
    return rel if rel is not None else path.resolve().as_posix()
