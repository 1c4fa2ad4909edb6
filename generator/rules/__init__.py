"""The rule catalog: every constraint of RULES.md with its ID, severity, source and examples."""
