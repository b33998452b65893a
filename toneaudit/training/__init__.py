"""Training and evaluation. Nothing in the inference path imports this package."""
