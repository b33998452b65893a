"""`--format json`: the object of the contract, with `errors` and `notes` added where there are any."""
from __future__ import annotations

import json

from .. import __version__
from . import shown


def render(results, options) -> str:
    files, errors = [], []
    for result in results:
        if result.report is None:
            errors.append({"path": shown(result.path), "message": result.error})
            continue
        entry = {"path": shown(result.path), **result.report.to_dict()}
        entry["blocked"] = options.policy.blocks(result.report)
        if options.quiet:
            entry["findings"] = [item for item in entry["findings"] if not item["advice"]]
        notes = result.notes + entry.pop("notes", [])
        if notes:
            entry["notes"] = notes
        files.append(entry)
    document = {"version": __version__, "files": files}
    if errors:
        document["errors"] = errors
    # Indented for people; a batch of hundreds of reports is written compact (it is read by programs,
    # and indenting megabytes of JSON costs a noticeable share of a batch run).
    indent = 2 if len(results) <= _INDENT_UP_TO else None
    return json.dumps(document, ensure_ascii=False, indent=indent) + "\n"


_INDENT_UP_TO = 100
