"""Folders named on the command line, turned into the drafts they hold: their text and Markdown files,
in a fixed order, with what `.gitignore` leaves out left out. No terminal code, and never the `git`
program (a repository's configuration can run commands): the ignore files are read as plain text.

The rules:
- a name that is not a folder (a file, "-" for standard input, a missing name) is passed on unchanged,
  to be read (or refused) as today, whatever its suffix and whatever the ignore files say;
- in a folder, only regular files whose names end with TEXT_SUFFIXES count; names starting with "."
  (files and folders, `.git` among them) are left out; so is whatever a `.gitignore` of the walk
  ignores, and whatever `.git/info/exclude` ignores under a repository root met on the way; when the
  named folder lies in a repository, the `.gitignore` files between the repository root and it count too
  (as git would read them), unless the folder itself is ignored there (named, it is walked);
- symbolic links to folders are never followed (a link to / or a loop would walk for ever); a link to a
  file counts only when it resolves to a regular file inside the named folder;
- order: depth first, the entries of each folder sorted by name, so `a.md`, `b/c.md`, `b.md`;
- a folder that cannot be listed, or an ignore file that cannot be used, is one error for that name;
  the walk goes on. A named folder that yields no draft is one error for that argument.

Memory holds one folder's sorted names per level being walked, not the whole tree.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from .gitdiff import TEXT_SUFFIXES
from .messages import Phrase

STDIN = "-"
# A .gitignore larger than this is not read (it would be patterns by the hundred thousand).
IGNORE_FILE_LIMIT = 1024 * 1024
NO_DRAFT = Phrase("no text or Markdown file in this folder (looked for {suffixes} files, leaving out hidden ones and "
                  "those .gitignore ignores)", suffixes=", ".join(TEXT_SUFFIXES))


@dataclass(frozen=True)
class _Rules:
    base: tuple[str, ...]  # the folder of the ignore file, as components below the named folder
    lead: tuple[str, ...]  # for an ignore file above the named folder: the components from its folder down to it
    spec: object           # a pathspec.GitIgnoreSpec


def expand(paths) -> list[tuple[str, str | None]]:
    """(name, None) for each input to read, in order, or (name, error) for a folder (or an ignore file)
    that gave a problem: folders replaced by their drafts."""
    return list(iter_expand(paths))


def iter_expand(paths) -> Iterator[tuple[str, str | None]]:
    for path in paths:
        if path == STDIN or not _is_real_folder(path):
            yield path, None
            continue
        found = False
        for entry in _walk(path):
            found = found or entry[1] is None
            yield entry
        if not found:
            yield path, NO_DRAFT


def _is_real_folder(path: str) -> bool:
    """A folder, or a symbolic link to one, named on the command line (a name given is followed once)."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _walk(top: str) -> Iterator[tuple[str, str | None]]:
    problems: list[tuple[str, str]] = []
    rules = _rules_above(top, problems)
    try:
        inside = os.path.realpath(top)
    except (OSError, ValueError):
        inside = None
    rules, entries = _enter(top, (), rules, problems)
    yield from problems
    if entries is None:
        return
    # An explicit stack (no recursion limit): (folder, its components, the rules in force, its sorted entries, next index).
    stack: list[tuple[str, tuple[str, ...], tuple[_Rules, ...], list[tuple[str, str]], int]] = [(top, (), rules, entries, 0)]
    while stack:
        folder, parts, rules, entries, index = stack.pop()
        if index >= len(entries):
            continue
        stack.append((folder, parts, rules, entries, index + 1))
        name, kind = entries[index]
        path, here = os.path.join(folder, name), (*parts, name)
        if _ignored(rules, here, kind == "dir"):
            continue
        if kind == "dir":
            problems = []
            sub_rules, sub_entries = _enter(path, here, rules, problems)
            yield from problems
            if sub_entries is not None:
                stack.append((path, here, sub_rules, sub_entries, 0))
        elif name.lower().endswith(TEXT_SUFFIXES) and (kind == "file" or _link_to_file_inside(path, inside)):
            yield path, None


def _enter(folder: str, parts: tuple[str, ...], rules: tuple[_Rules, ...], problems: list):
    """The rules in force in FOLDER (its own ignore files added) and its entries sorted by name, as
    (name, "dir" | "file" | "link"); entries None when it cannot be listed."""
    entries = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_symlink():
                        entries.append((entry.name, "link"))
                    elif entry.is_dir(follow_symlinks=False):
                        entries.append((entry.name, "dir"))
                    elif entry.is_file(follow_symlinks=False):
                        entries.append((entry.name, "file"))
                except OSError:
                    continue  # removed meanwhile
    except OSError as error:
        reason = Phrase("permission denied") if isinstance(error, PermissionError) else (error.strerror or str(error))
        problems.append((folder, Phrase("cannot list this folder ({reason}); the drafts in it are not checked", reason=reason)))
        return rules, None
    entries.sort()
    for ignore_file in _ignore_files(folder):
        spec = _read_rules(ignore_file, problems)
        if spec is not None:
            rules = (*rules, _Rules(parts, (), spec))
    return rules, entries


def _ignore_files(folder: str) -> list[str]:
    """A repository root's own excludes first (its .gitignore overrides them), then the .gitignore."""
    names = [os.path.join(folder, ".gitignore")]
    if os.path.isdir(os.path.join(folder, ".git")):
        names.insert(0, os.path.join(folder, ".git", "info", "exclude"))
    return names


def _rules_above(top: str, problems: list) -> tuple[_Rules, ...]:
    """When TOP lies inside a repository (and is not its root), the ignore files from the root down to
    TOP's parent, as git reads them. Nothing outside a repository, and nothing when TOP itself, or a
    folder above it, is ignored there: a folder named on the command line is walked."""
    try:
        absolute = os.path.abspath(top)
    except (OSError, ValueError):
        return ()
    if os.path.lexists(os.path.join(absolute, ".git")):
        return ()
    chain, folder = [], os.path.dirname(absolute)  # TOP's parent, up to the repository root
    while True:
        chain.append(folder)
        if os.path.lexists(os.path.join(folder, ".git")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            return ()
        folder = parent
    rules = []
    for folder in reversed(chain):
        lead = tuple(part for part in os.path.relpath(absolute, folder).split(os.sep) if part not in ("", "."))
        for ignore_file in _ignore_files(folder):
            spec = _read_rules(ignore_file, problems)
            if spec is not None:
                rules.append(_Rules((), lead, spec))
    # Each folder from the root's child down to TOP, as each rule above it sees it (dist: its depth above TOP).
    for dist in range(len(chain) - 1, -1, -1):
        seen = tuple(_Rules((), rule.lead[:len(rule.lead) - dist], rule.spec) for rule in rules if len(rule.lead) > dist)
        if _ignored(seen, (), True):
            return ()
    return tuple(rules)


def _ignored(rules, parts: tuple[str, ...], is_dir: bool) -> bool:
    """git's answer for the entry at PARTS (components below the named folder): the deepest ignore file
    with a matching pattern decides, and in it the last matching pattern. An ignored folder is not
    entered, so nothing under it can be brought back."""
    for rule in reversed(rules):
        base = rule.base
        if parts[:len(base)] != base:
            continue
        relative = (*rule.lead, *parts[len(base):])
        if not relative:
            continue
        result = rule.spec.check_file("/".join(relative) + ("/" if is_dir else ""))
        if result.include is not None:
            return result.include
    return False


def _read_rules(path: str, problems: list):
    """The patterns of an ignore file, or None when there is none; a file too large or not text is one
    problem and counts as absent. Only a regular file is opened (a FIFO would block, a link may lead
    anywhere), and without blocking; invalid patterns are skipped, as git skips them."""
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with open(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None  # replaced meanwhile
            data = handle.read(IGNORE_FILE_LIMIT + 1)
    except OSError as error:
        problems.append((path, Phrase("cannot read this ignore file ({reason}); its patterns are not applied",
                                        reason=error.strerror or str(error))))
        return None
    if len(data) > IGNORE_FILE_LIMIT:
        problems.append((path, Phrase("an ignore file larger than {limit} bytes; its patterns are not applied",
                                        limit=IGNORE_FILE_LIMIT)))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append((path, Phrase("an ignore file that is not UTF-8 (byte {offset}); its patterns are not applied",
                                        offset=error.start)))
        return None
    from pathspec import GitIgnoreSpec

    patterns: list = []  # pathspec's compiled patterns
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        try:
            patterns.extend(GitIgnoreSpec.from_lines([line]).patterns)
        except Exception:  # noqa: BLE001 - an invalid pattern (pathspec raises ValueError or re.error): git skips it
            continue
    return GitIgnoreSpec(patterns) if patterns else None


def _link_to_file_inside(path: str, inside: str | None) -> bool:
    """A symbolic link read as a draft: only when it resolves to a regular file within the named folder."""
    if inside is None:
        return False
    try:
        target = os.path.realpath(path)
        if not stat.S_ISREG(os.stat(target).st_mode):
            return False
    except (OSError, ValueError):
        return False
    return os.path.commonpath([target, inside]) == inside
