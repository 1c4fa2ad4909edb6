"""Regenerate everything vpcegen generates inside this repository.

    python scripts/regen.py          # rewrite output-examples/*/, README tables, docs/rules.md,
                                     # docs/spec-language.md, docs/vpcegen-spec.schema.json
    python scripts/regen.py --check  # exit 1 if anything is stale

Golden modules are produced by the tool, never edited by hand.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
PRESETS_START, PRESETS_END = "<!-- presets:start -->", "<!-- presets:end -->"


def _fill(text: str, start: str, end: str, body: str) -> str:
    block = f"{start}\n{body}{end}"
    return re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)


def readme_with_rules(text: str) -> str:
    from generator.rules.docs import presets_table, rules_table

    text = _fill(text, START, END, rules_table("md"))
    return _fill(text, PRESETS_START, PRESETS_END, presets_table())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    stale = False
    from generator.rules.docs import rules_page
    from generator.spec.reference import reference_page
    from generator.spec.schema import schema_text

    readme = ROOT / "README.md"
    docs = ROOT / "docs"
    for path, new in (
        (readme, readme_with_rules(readme.read_text(encoding="utf-8"))),
        (docs / "rules.md", rules_page()),
        (docs / "spec-language.md", reference_page()),
        (docs / "vpcegen-spec.schema.json", schema_text()),
    ):
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if new != old:
            stale = True
            print(f"{path.relative_to(ROOT)} is stale", file=sys.stderr)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    specs = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("output-examples/*/spec.yaml"))
    cmd = [sys.executable, "-m", "generator", "generate", *specs, "--out", "output-examples"]
    cmd.append("--check" if args.check else "--force")
    result = subprocess.run(cmd, cwd=ROOT, check=False)
    stale = stale or result.returncode != 0
    return 1 if (stale and args.check) else 0


if __name__ == "__main__":
    raise SystemExit(main())
