from pathlib import Path

import pytest

from toneaudit import audit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def audit_fr():
    return lambda text, **kwargs: audit(text, lang="fr", **kwargs)


@pytest.fixture(scope="session")
def audit_en():
    return lambda text, **kwargs: audit(text, lang="en", **kwargs)


def rules_of(report):
    return {finding.rule for finding in report.findings}
