"""Machine-readable reports of a run: JSON, GitHub Actions workflow commands, SARIF 2.1.0.

One `Report` holds everything a run found or did (findings, and for generate the modules
written, compared or orphaned); each format renders all of it, so a CI job reads one stream.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from generator.diagnostics import Finding, Severity

if TYPE_CHECKING:
    from generator.api import Skipped
    from generator.render.writer import ModuleResult


@dataclass
class Report:
    command: Literal["validate", "generate"]
    findings: Sequence[Finding]
    specs: int  # spec files checked
    skipped: Sequence[Skipped] = ()
    check: bool = False
    modules: Sequence[ModuleResult] = ()
    orphans: Sequence[ModuleResult] = ()
    out: str | None = None  # --out as given (or configured)
    out_in_repo: str = ""  # --out relative to the repository's top folder
    diff: str = ""
    messages: Sequence[str] = ()
    update_command: str | None = None  # what brings stale modules up to date
    base: Path = field(default_factory=Path.cwd)  # the folder finding paths are relative to
    repo_root: Path | None = None

    def counts(self) -> dict[str, int]:
        return {
            "specs": self.specs,
            "errors": sum(1 for f in self.findings if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in self.findings if f.severity is Severity.WARNING),
            "notices": sum(1 for f in self.findings if f.severity is Severity.INFO),
            "skipped": len(self.skipped),
        }

    def module_path(self, name: str, file: str | None = None) -> str:
        """A module folder (or one of its files) relative to the repository's top folder."""
        parts = [p for p in (self.out_in_repo, name, file) if p]
        return "/".join(parts)

    def stale_text(self, m: ModuleResult) -> tuple[str, str]:
        """(file to annotate, what is wrong) for a module that differs: one entry per module,
        on its first differing file that is not the manifest."""
        from generator.render.writer import MANIFEST  # generate only: validate never loads it

        shown = [f for f in m.files if f != MANIFEST] or list(m.files)
        edited = f"; edited by hand: {', '.join(m.edited)}" if m.edited else ""
        hint = f"; run `{self.update_command}`" if self.update_command else ""
        text = (
            f"module {m.name} differs from what {m.spec} generates "
            f"({', '.join(shown)}{edited}){hint}"
        )
        return self.module_path(m.name, shown[0] if shown else None), text

    def repo_path(self, file: str) -> str:
        """A finding's file relative to the repository's top folder (as given outside one)."""
        if self.repo_root is None:
            return Path(file).as_posix()
        target = Path(os.path.normpath(self.base / file))
        try:
            return target.relative_to(self.repo_root).as_posix()
        except ValueError:
            return Path(file).as_posix()
