"""What changed in a git repository: for `check --diff` and `check --staged`, so that a hook on a
large content repository judges the new post and not the archive.

Only tracked text and Markdown files count. Paths are relative to the current directory, as git prints
them with `--relative`. Nothing here analyses text or writes anything.
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass

# What `--diff` and the hooks look at: Markdown and plain text, the formats people draft posts in.
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx", ".txt", ".text")

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class GitError(RuntimeError):
    """git is missing, this is not a repository, or the revision is unknown; the message is one line."""


@dataclass(frozen=True)
class Change:
    path: str
    added_lines: frozenset[int]  # 1-based line numbers in the new version


def changes(revision: str, staged: bool = False, paths: tuple[str, ...] = ()) -> list[Change]:
    """Text and Markdown files that differ from `revision` (the working tree, or the index when `staged`),
    with the lines they add. A file whose changes only delete lines adds none and is left out."""
    command = ["diff", "--no-color", "--no-ext-diff", "--unified=0", "--relative", "--find-renames",
               "--diff-filter=ACMR", "--src-prefix=a/", "--dst-prefix=b/"]
    if staged:
        command.append("--cached")
    _git(["rev-parse", "--git-dir"])  # not a repository: say so
    if revision == "HEAD" and not _is_revision(revision):
        revision = _EMPTY_TREE  # a repository before its first commit: everything is new
    elif not _is_revision(revision):
        if os.path.exists(revision):  # `check --diff post.md` reads post.md as the revision
            raise GitError(f"'{revision}' is a file, not a revision: write 'check {revision} --diff' "
                           f"or 'check --diff=HEAD {revision}'")
        raise GitError(f"unknown revision '{revision}'")
    output = _git(command + [revision, "--", *paths]).decode("utf-8", "surrogateescape")
    found: dict[str, set[int]] = {}
    current = None
    for line in output.split("\n"):
        if line.startswith("+++ "):
            name = _unquote(line[4:])
            current = name[2:] if name.startswith("b/") else None
            if current is not None and not current.lower().endswith(TEXT_SUFFIXES):
                current = None
            if current is not None:
                found.setdefault(current, set())
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                first, count = int(match.group(1)), int(match.group(2) or 1)
                found[current].update(range(first, first + count))
    return [Change(path, frozenset(lines)) for path, lines in sorted(found.items()) if lines]


_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's well-known hash of the empty tree


def _is_revision(revision: str) -> bool:
    probe = ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def staged_content(path: str) -> bytes:
    """The version of `path` in the index: what `git commit` will record."""
    return _git(["show", f":./{path}"])


def _git(arguments: list[str]) -> bytes:
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", *arguments], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (needed by --diff and --staged)") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {arguments[0]} failed: {reason[0] if reason else 'exit status ' + str(done.returncode)}")
    return done.stdout


_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(name: str) -> str:
    """A path as git prints it: as is, or C-quoted ("b/a\\tb.md", octal bytes) when it holds odd characters."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    data, index, body = bytearray(), 0, name[1:-1]
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            following = body[index + 1]
            if following in "01234567":
                data.append(int(body[index + 1:index + 4], 8))
                index += 4
                continue
            data.append(_ESCAPES.get(following, ord(following)))
            index += 2
            continue
        data.extend(char.encode("utf-8", "surrogateescape"))
        index += 1
    return data.decode("utf-8", "surrogateescape")
