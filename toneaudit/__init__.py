"""toneaudit: audit social-media post drafts for tone before they go out.

    from toneaudit import audit
    report = audit("Achetez maintenant !!!", lang="auto")

The names below are imported on first use, so that `toneaudit check` can hand its work to a warm
server (`toneaudit serve`) without paying for the engine's imports.
"""
__version__ = "0.1.0"
# Not `from typing import TYPE_CHECKING`: `toneaudit check` handing its work to a warm server imports
# this module and never needs `typing`. Type checkers read the name as true all the same.
TYPE_CHECKING = False

_EXPORTS = {
    "audit": "engine", "audit_many": "engine", "AuditError": "engine", "Config": "config", "Finding": "findings", "Severity": "findings",
    "Report": "report", "DimensionVerdict": "report",
}
__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # what the names are, for type checkers; at run time they come from __getattr__
    from .config import Config as Config
    from .engine import AuditError as AuditError
    from .engine import audit as audit
    from .engine import audit_many as audit_many
    from .findings import Finding as Finding
    from .findings import Severity as Severity
    from .report import DimensionVerdict as DimensionVerdict
    from .report import Report as Report


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'toneaudit' has no attribute {name!r}")
