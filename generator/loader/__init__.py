"""Spec files -> plain data with a source map -> validated models, with located findings."""
