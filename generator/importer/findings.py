"""What the importer reports: objects it cannot adopt, and changes the first apply makes.

Import findings are about the description, not a spec, so they are not catalog rules: each
has an ID (IMPnnn), a severity and a hint here, and points at the object in its file.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Finding, Severity, Span


@dataclass(frozen=True)
class ImportIssue:
    id: str
    severity: Severity
    title: str
    hint: str


ISSUES: dict[str, ImportIssue] = {
    i.id: i
    for i in (
        ImportIssue(
            "IMP001",
            Severity.WARNING,
            "endpoint the spec language cannot express or should not manage",
            "it is left out of the spec and of imports.tf and stays as it is",
        ),
        ImportIssue(
            "IMP002",
            Severity.WARNING,
            "security group not only used by the adopted endpoints",
            "the spec references it by ID; it is not adopted and stays as it is",
        ),
        ImportIssue(
            "IMP003",
            Severity.WARNING,
            "security group rule the spec language cannot express",
            "the module neither manages nor deletes it; it stays on the group as it is",
        ),
        ImportIssue(
            "IMP004",
            Severity.WARNING,
            "security group rules without IDs",
            "add the output of `aws ec2 describe-security-group-rules` to adopt the group",
        ),
        ImportIssue(
            "IMP005",
            Severity.INFO,
            "object the provider cannot import",
            "the plan shows it as a create; see the note for what creating it does",
        ),
        ImportIssue(
            "IMP006",
            Severity.WARNING,
            "setting the description does not show",
            "add it to the spec by hand if you need it",
        ),
        ImportIssue(
            "IMP007",
            Severity.WARNING,
            "adopting this object would replace it",
            "it is referenced by ID instead; rerun with --security-groups define to adopt it "
            "and accept the replacement (create before destroy)",
        ),
        ImportIssue(
            "IMP008",
            Severity.WARNING,
            "the description is incomplete for this object",
            "add the missing describe output and import again",
        ),
        ImportIssue(
            "IMP009",
            Severity.INFO,
            "the first apply changes this object in place",
            "review the plan; nothing is created or destroyed for it",
        ),
        ImportIssue(
            "IMP010",
            Severity.WARNING,
            "endpoint service the spec language cannot express",
            "it is left out of the spec and of imports.tf and stays as it is",
        ),
    )
}


def issue(issue_id: str, span: Span, message: str, hint: str | None = None) -> Finding:
    known = ISSUES[issue_id]
    return Finding(issue_id, known.severity, message, span, hint or known.hint)
