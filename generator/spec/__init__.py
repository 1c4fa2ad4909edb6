"""The spec language v1: pydantic models for shape and single-field constraints only.

Cross-field and AWS-derived constraints are catalog rules (generator.rules), each with an ID.
"""
