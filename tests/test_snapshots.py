"""Golden reports: every test-split draft and every rule example gives exactly the report kept in
tests/snapshots/. A change that is meant to change reports regenerates them
(`python -m tests.snapshots.regenerate`) and its diff shows which reports changed, and how."""
import json

import pytest

from tests.snapshots import regenerate


@pytest.mark.parametrize("name", sorted(regenerate.FILES))
def test_reports_are_the_golden_ones(name):
    kept = regenerate.FILES[name].read_text(encoding="utf-8").splitlines()
    entries = regenerate.drafts()[name]
    assert len(entries) == len(kept), f"{name}: drafts were added or removed; regenerate the snapshots"
    now = regenerate.reports(entries)
    changed = [(json.loads(old), json.loads(new)) for old, new in zip(kept, now) if old != new]
    if changed:
        old, new = changed[0]
        pytest.fail(f"{len(changed)} of {len(kept)} reports of {name} changed; the first is {old['draft']!r}:\n"
                    f"  kept: {json.dumps(old['report'], ensure_ascii=False)[:1500]}\n"
                    f"  now:  {json.dumps(new['report'], ensure_ascii=False)[:1500]}\n"
                    "If the change is meant, run `python -m tests.snapshots.regenerate` and commit the diff.")
