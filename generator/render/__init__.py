"""Spec -> frozen view model -> Jinja templates -> Terraform files, written atomically."""
