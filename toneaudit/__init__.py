"""toneaudit: audit social-media post drafts for tone before they go out.

    from toneaudit import audit
    report = audit("Achetez maintenant !!!", lang="auto")

The names below are imported on first use, so that `toneaudit check` can hand its work to a warm
server (`toneaudit serve`) without paying for the engine's imports.
"""
__version__ = "0.1.0"

_EXPORTS = {
    "audit": "engine", "audit_many": "engine", "AuditError": "engine", "Config": "config", "Finding": "findings", "Severity": "findings",
    "Report": "report", "DimensionVerdict": "report",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name):
    if name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'toneaudit' has no attribute {name!r}")
