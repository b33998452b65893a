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

from .messages import Phrase

# What `--diff` and the hooks look at: Markdown and plain text, the formats people draft posts in.
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx", ".txt", ".text")

_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")

# Modes of the files that can be drafts: regular files. A submodule (160000) has no text of its own, and a
# symbolic link (120000) would have us read, and print, whatever it points to.
_REGULAR_MODES = ("100644", "100755")


class GitError(RuntimeError):
    """git is missing, this is not a repository, or the revision is unknown; the message is one line."""


@dataclass(frozen=True)
class Change:
    path: str
    added_lines: frozenset[int]  # 1-based line numbers in the new version


def changes(revision: str, staged: bool = False, paths: tuple[str, ...] = ()) -> list[Change]:
    """Text and Markdown files that differ from `revision` (the working tree, or the index when `staged`),
    with the lines they add. A file whose changes only delete lines adds none and is left out."""
    # One run gives both: the files with their modes as NUL-separated records (`--raw -z`: names exactly
    # as stored, never quoted), then the patch, whose sections are matched to those names.
    # --text: an attribute (`*.md -diff`) must not turn a draft into "Binary files differ" and hide it;
    # --no-textconv: the added lines are those of the file itself; --submodule=short: the one patch format
    # read here, whatever diff.submodule says. T: a link that becomes a file is a new draft.
    command = ["diff", "--raw", "-z", "--patch", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
               "--text", "--submodule=short", "--relative", "--find-renames", "--diff-filter=ACMRT",
               "--src-prefix=a/", "--dst-prefix=b/"]
    if staged:
        command.append("--cached")
    _git(["rev-parse", "--git-dir"])  # not a repository: say so
    if revision == "HEAD" and not _is_revision(revision):
        revision = _EMPTY_TREE  # a repository before its first commit: everything is new
    elif not _is_revision(revision):
        if os.path.exists(revision):  # `check --diff post.md` reads post.md as the revision
            raise GitError(Phrase("'{revision}' is a file, not a revision: write 'check {revision} --diff' or "
                                  "'check --diff=HEAD {revision}'", revision=revision))
        raise GitError(Phrase("unknown revision '{revision}'", revision=revision))
    # Paths from the command line are names, not patterns: `[x].md` is that file, not `x.md`.
    output = _git(command + [revision, "--", *(f":(literal){path}" for path in paths)])
    modes, patch = _raw_records(output)
    judged = {path for path, mode in modes.items() if mode in _REGULAR_MODES and path.lower().endswith(TEXT_SUFFIXES)}
    found = _added_lines(patch, set(modes), judged)
    return [Change(path, frozenset(lines)) for path, lines in sorted(found.items()) if lines]


def _raw_records(output: bytes) -> tuple[dict[str, str], bytes]:
    """The new mode of each file `--raw -z` lists, by its new path, and the patch that follows the records.
    A record is `:old-mode new-mode old-id new-id STATUS` NUL path NUL (two paths for a rename); an empty
    record separates the records from the patch."""
    modes, position = {}, 0
    try:
        while output.startswith(b":", position):
            end = output.index(b"\0", position)
            fields = output[position:end].split()
            for _ in range(2 if fields[4][:1] in (b"R", b"C") else 1):
                start, end = end + 1, output.index(b"\0", end + 1)
            modes[os.fsdecode(output[start:end])] = fields[1].decode("ascii")
            position = end + 1
    except (ValueError, IndexError, UnicodeDecodeError):
        raise GitError("git diff printed a list of files that cannot be read") from None
    if output.startswith(b"\0", position):
        position += 1
    return modes, output[position:]


def _added_lines(patch: bytes, listed: set[str], judged: set[str]) -> dict[str, set[int]]:
    """The numbers of the added lines of each judged file, from the patch. A section starts at `diff --git`;
    its header names the new file on its `+++ ` line; each hunk then holds exactly the lines its counts say.
    So an added line that begins like a header (`++ b/x` is printed `+++ b/x`) is read as the content it is."""
    found: dict[str, set[int]] = {}
    lines = iter(patch.split(b"\n"))
    current: set[int] = set()
    in_header = False
    for line in lines:
        if line.startswith(b"diff --git "):
            current, in_header = set(), True
        elif in_header and line.startswith(b"+++ "):
            # git puts a TAB after a name that holds a space; a name that holds a TAB is quoted.
            quoted = _unquote(line[4:].removesuffix(b"\t"))
            name = os.fsdecode(quoted[2:]) if quoted.startswith(b"b/") else None  # else /dev/null
            if name is not None and name not in listed:
                raise GitError(f"git diff printed a patch for {name!r}, a file it did not list")
            current = found.setdefault(name, set()) if name in judged else set()
        elif line.startswith(b"@@ "):
            in_header = False
            _read_hunk(line, lines, current)
        elif not in_header and line and not line.startswith(b"\\"):  # "\ No newline at end of file"
            raise GitError(f"git diff printed a line that cannot be read: {line[:60]!r}")
    return found


def _read_hunk(header: bytes, lines, added: set[int]) -> None:
    """Consume the lines of one hunk (`@@ -a,b +c,d @@`: b old lines and d new ones), noting added ones."""
    match = _HUNK.match(header.decode("ascii", "replace"))  # the counts are ASCII; a function name may follow
    if not match:
        raise GitError(f"git diff printed a hunk that cannot be read: {header[:60]!r}")
    old = int(match.group(1)) if match.group(1) is not None else 1
    number = int(match.group(2))
    new = int(match.group(3)) if match.group(3) is not None else 1
    while old or new:
        line = next(lines, None)
        kind = line[:1] if line is not None else None
        if kind == b"+" and new:
            added.add(number)
            number, new = number + 1, new - 1
        elif kind == b"-" and old:
            old -= 1
        elif kind == b" " and old and new:  # context, if GIT_DIFF_OPTS asks for some
            number, old, new = number + 1, old - 1, new - 1
        elif kind != b"\\":
            raise GitError("git diff printed a hunk shorter than its counts")


_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's well-known hash of the empty tree


def _is_revision(revision: str) -> bool:
    probe = ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def staged_content(path: str) -> bytes:
    """The version of `path` in the index: what `git commit` will record."""
    return _git(["show", f":./{path}"])


def _git(arguments: list[str]) -> bytes:
    try:
        done = subprocess.run(["git", *arguments], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError(Phrase("git is not installed (needed by --diff and --staged)")) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if reason:
            raise GitError(Phrase("git {command} failed: {reason}", command=arguments[0], reason=reason[0]))
        raise GitError(Phrase("git {command} failed: exit status {status}", command=arguments[0], status=done.returncode))
    return done.stdout


_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(name: bytes) -> bytes:
    """A path as git prints it in a patch: as is, or C-quoted ("b/a\\tb.md", octal bytes) when it holds odd
    characters (and bytes above 127, unless core.quotePath is false)."""
    if not (len(name) >= 2 and name.startswith(b'"') and name.endswith(b'"')):
        return name
    data, index, body = bytearray(), 0, name[1:-1]
    while index < len(body):
        if body[index:index + 1] == b"\\" and index + 1 < len(body):
            following = chr(body[index + 1])
            if following in "01234567":
                data.append(int(body[index + 1:index + 4], 8))
                index += 4
                continue
            data.append(_ESCAPES.get(following, ord(following)))
            index += 2
            continue
        data.append(body[index])
        index += 1
    return bytes(data)
