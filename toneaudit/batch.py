"""Auditing many drafts: batches through spaCy's pipe, in one process or several."""
from __future__ import annotations

import os


def audit_all(texts: list[str], langs: list[str], markdown: list[bool], config, messages_lang: str | None,
              jobs: int = 1, progress=None, lines: list | None = None) -> list:
    """A Report or an exception per text, in order. `progress(done)` is called as drafts finish.
    `lines` gives each text the lines to judge (None: all of them)."""
    lines = lines if lines is not None else [None] * len(texts)
    if jobs == 1 or len(texts) < 2 * jobs:
        return _audit_chunk((texts, langs, markdown, config, messages_lang, lines), progress)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(8, min(64, len(texts) // (jobs * 4) or 1))
    chunks = [(texts[i:i + size], langs[i:i + size], markdown[i:i + size], config, messages_lang, lines[i:i + size])
              for i in range(0, len(texts), size)]
    outcomes = []
    # fork: the workers start with this process's modules, and load their pipelines once each.
    # Not multiprocessing's Pool: it replaces a worker that dies (killed, out of memory, unable to
    # start) with another, forever, and never answers; this pool reports it.
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        try:
            for chunk_outcomes in pool.map(_audit_chunk, chunks):
                outcomes.extend(chunk_outcomes)
                if progress:
                    progress(len(outcomes))
        except BrokenProcessPool:
            stopped = RuntimeError("a worker process stopped before auditing this draft (run again, or with --jobs 1)")
            outcomes.extend([stopped] * (len(texts) - len(outcomes)))
    return outcomes


def _audit_chunk(work, progress=None) -> list:
    from .engine import AuditError, audit_many

    texts, langs, markdown, config, messages_lang, lines = work
    try:
        return audit_many(texts, langs, config=config, messages_lang=messages_lang, markdown=markdown,
                          progress=progress, lines=lines)
    except AuditError as error:
        return [error] * len(texts)
    except Exception as error:  # a hook must never crash with a traceback; TONEAUDIT_DEBUG=1 shows it
        if os.environ.get("TONEAUDIT_DEBUG"):
            raise
        return [RuntimeError(f"internal error ({type(error).__name__}: {error})")] * len(texts)
