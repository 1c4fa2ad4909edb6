"""Where things are, and running the CLI as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
EXAMPLES = ROOT / "output-examples"


def example_specs() -> list[Path]:
    return sorted(EXAMPLES.glob("*/spec.yaml"))


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`vpcegen ARGS` in a child process (as a user runs it)."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("VPCEGEN_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or ROOT,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
