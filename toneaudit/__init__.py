"""toneaudit: audit social-media post drafts for tone before they go out.

    from toneaudit import audit
    report = audit("Achetez maintenant !!!", lang="auto")
"""
__version__ = "0.1.0"

from .config import Config  # noqa: E402
from .engine import AuditError, audit  # noqa: E402
from .findings import Finding, Severity  # noqa: E402
from .report import DimensionVerdict, Report  # noqa: E402

__all__ = ["audit", "AuditError", "Config", "Finding", "Severity", "Report", "DimensionVerdict", "__version__"]
