"""The floor of the stack: what any typer + pydantic + PyYAML command pays before its own work.

A command with one option that reads a one-line YAML document and validates it against a
one-field pydantic model, run as `python bench/floor.py FILE`. `bench/run.py` times it beside
`vpcegen validate`: the difference is vpcegen's own start-up and work.
"""

import sys

import typer
import yaml
from pydantic import BaseModel, ConfigDict

app = typer.Typer(add_completion=False)


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str


@app.command()
def main(path: str, strict: bool = False) -> None:
    with open(path, encoding="utf-8") as fh:
        doc = Doc.model_validate(yaml.safe_load(fh))
    sys.stdout.write(f"{doc.name}: ok\n")


if __name__ == "__main__":
    app()
