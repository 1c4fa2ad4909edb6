"""The Jinja environment: strict, whitespace-exact, built once per process."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from generator.render import hcl


def templates_dir() -> Path:
    """Templates ship inside the wheel as generator/_templates; a source checkout keeps them
    in the repository's templates/ folder."""
    packaged = Path(str(resources.files("generator"))) / "_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def _md_cell(value: object) -> str:
    text = html.escape(str(value), quote=False)
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _md_code(value: object) -> str:
    text = str(value).replace("\n", " ")
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def _md_text(value: object) -> str:
    return html.escape(str(value), quote=False)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # HCL is not HTML; every literal goes through the hcl_* filters
        auto_reload=False,
    )
    env.filters["hcl_string"] = hcl.string
    env.filters["hcl_comment"] = hcl.comment
    env.filters["hcl_bool"] = hcl.boolean
    env.filters["hcl_list"] = hcl.string_list
    env.filters["hcl_number"] = hcl.number
    env.filters["md_cell"] = _md_cell
    env.filters["md_code"] = _md_code
    env.filters["md_text"] = _md_text
    return env
