"""The shipped model, installed as the package data `toneaudit.models` (see pyproject.toml)."""
