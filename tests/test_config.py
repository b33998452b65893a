"""Configuration: found upward within the repository, from trusted files only, validated, one clear
error when broken."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from toneaudit.classifier import sha256_of, shipped_model_path
from toneaudit.config import ConfigError, from_mapping, load


def test_dot_toneaudit_toml_is_found_upward(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".toneaudit.toml").write_text('disable = ["familiar"]\nfail-on = "error"\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config = load(start=nested)
    assert config.disable == ("familiar",) and config.fail_on == "error"
    assert config.source == tmp_path / ".toneaudit.toml"


def test_pyproject_tool_section_is_used(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.toneaudit]\nlang = "en"\n')
    assert load(start=tmp_path).lang == "en"


def test_pyproject_without_section_is_ignored(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load(start=tmp_path).source is None


@pytest.mark.parametrize("content,message", [
    ("disable = [", "invalid TOML"),
    ("colour = true", "unknown key 'colour'"),
    ('lang = "de"', "'lang' must be one of"),
    ('severity = { "aggressive" = "loud" }', "unknown severity"),
    ("max-bytes = -1", "max-bytes"),
    ('extra = { fr = { rude = ["x"] } }', "extra.fr.rude"),
    ('disable = "familiar"', "'disable' must be a list"),
])
def test_broken_configs_are_one_clear_error(tmp_path, content, message):
    path = tmp_path / ".toneaudit.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message) as error:
        load(path)
    assert "\n" not in str(error.value)


def test_missing_explicit_config(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load(tmp_path / "nope.toml")


def test_longest_prefix_wins_between_select_and_disable():
    config = from_mapping({"disable": ["aggressive"]})
    assert config.is_disabled("aggressive.capitals") and not config.is_disabled("commercial.price")
    import dataclasses

    selected = dataclasses.replace(config, select=("aggressive.capitals", "commercial"))
    assert not selected.is_disabled("aggressive.capitals")
    assert selected.is_disabled("aggressive.urgency")
    assert selected.is_disabled("familiar.slang")
    assert not selected.is_disabled("commercial.price")


# ---------------------------------------------------------------------------------------------
# Trust, as git trusts a repository: where the search stops, whose files are used, which models.

ROOT_USER = os.geteuid() == 0
OTHER = 65534  # another user (nobody); as root, files are given to it
as_root = pytest.mark.skipif(not ROOT_USER, reason="only root can give a file to another user")
DEEP_ARRAY = "a = " + "[" * 3000 + "]" * 3000 + "\n"
DEEP_TABLE = "a = " + "{ b = " * 3000 + "1" + " }" * 3000 + "\n"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home directory of the test's own, beside the other folders of the test."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


@pytest.fixture
def project(tmp_path, home):
    """A repository (a folder holding .git) with a folder inside, outside the home directory."""
    top = tmp_path / "project"
    (top / ".git").mkdir(parents=True)
    (top / "posts").mkdir()
    return top


def test_the_search_stops_at_the_top_of_the_repository(tmp_path, project):
    (tmp_path / ".toneaudit.toml").write_text('disable = ["familiar"]\n')
    assert load(start=project / "posts").source is None
    (project / ".toneaudit.toml").write_text('disable = ["familiar"]\n')
    assert load(start=project / "posts").source == project / ".toneaudit.toml"


def test_a_git_file_marks_the_top_of_a_worktree_or_submodule(tmp_path, home):
    top = tmp_path / "worktree"
    (top / "posts").mkdir(parents=True)
    (top / ".git").write_text("gitdir: /somewhere/else/.git/worktrees/x\n")
    (tmp_path / ".toneaudit.toml").write_text('disable = ["familiar"]\n')
    assert load(start=top / "posts").source is None


def test_outside_a_repository_the_search_stops_at_home(tmp_path, home):
    (home / "drafts").mkdir()
    (tmp_path / ".toneaudit.toml").write_text('disable = ["familiar"]\n')  # above home
    assert load(start=home / "drafts").source is None
    (home / ".toneaudit.toml").write_text('disable = ["familiar"]\n')
    assert load(start=home / "drafts").source == home / ".toneaudit.toml"


def test_outside_a_repository_and_home_only_the_working_directory_is_searched(tmp_path, home):
    here = tmp_path / "shared" / "drafts"
    here.mkdir(parents=True)
    (here.parent / ".toneaudit.toml").write_text('disable = ["familiar"]\n')
    assert load(start=here).source is None
    (here / ".toneaudit.toml").write_text('disable = ["familiar"]\n')
    assert load(start=here).source == here / ".toneaudit.toml"


def _ignored(config, path, why):
    assert config.source is None and config.disable == ()
    (note,) = config.notes
    assert note.startswith(f"ignoring {path}: ") and why in note and "--config" in note and "\n" not in note


@as_root
@pytest.mark.parametrize("name,content", [(".toneaudit.toml", 'disable = ["aggressive"]\n'),
                                          ("pyproject.toml", '[tool.toneaudit]\ndisable = ["aggressive"]\n')])
def test_a_configuration_owned_by_another_user_is_ignored_with_a_note(project, name, content):
    path = project / name
    path.write_text(content)
    os.chown(path, OTHER, OTHER)
    _ignored(load(start=project / "posts"), path, f"belongs to another user (uid {OTHER})")


@as_root
def test_a_symbolic_link_does_not_dodge_the_owner_check(tmp_path, project):
    theirs = tmp_path / "theirs.toml"
    theirs.write_text('disable = ["aggressive"]\n')
    os.chown(theirs, OTHER, OTHER)
    (project / ".toneaudit.toml").symlink_to(theirs)  # a link of ours to their file
    _ignored(load(start=project), project / ".toneaudit.toml", "another user")
    (project / ".toneaudit.toml").unlink()
    mine = tmp_path / "mine.toml"
    mine.write_text('disable = ["aggressive"]\n')
    (project / ".toneaudit.toml").symlink_to(mine)
    os.lchown(project / ".toneaudit.toml", OTHER, OTHER)  # their link to our file
    _ignored(load(start=project), project / ".toneaudit.toml", "another user")


def test_a_configuration_in_a_folder_other_users_can_write_is_ignored(project):
    (project / ".toneaudit.toml").write_text('disable = ["aggressive"]\n')
    project.chmod(0o777)
    _ignored(load(start=project / "posts"), project / ".toneaudit.toml", f"in {project}, which other users can write")


def test_a_configuration_other_users_can_write_is_ignored(project):
    (project / ".toneaudit.toml").write_text('disable = ["aggressive"]\n')
    (project / ".toneaudit.toml").chmod(0o666)
    _ignored(load(start=project), project / ".toneaudit.toml", "other users can write it")


@as_root
def test_a_folder_writable_by_a_group_of_others_is_not_trusted(project):
    (project / ".toneaudit.toml").write_text('disable = ["aggressive"]\n')
    os.chown(project, 0, OTHER)
    project.chmod(0o775)
    _ignored(load(start=project), project / ".toneaudit.toml", "other users can write")


@as_root
def test_in_a_sticky_folder_only_a_file_of_ones_own_is_used(project):
    """Like /tmp: everyone may create files there, but no one can replace another's."""
    project.chmod(0o1777)
    path = project / ".toneaudit.toml"
    path.write_text('disable = ["aggressive"]\n')
    assert load(start=project).disable == ("aggressive",)
    os.chown(path, OTHER, OTHER)
    _ignored(load(start=project), path, "another user")


@as_root
def test_after_an_ignored_file_the_search_goes_on_up_to_the_top(project):
    (project / ".toneaudit.toml").write_text('disable = ["familiar"]\n')
    theirs = project / "posts" / ".toneaudit.toml"
    theirs.write_text('disable = ["aggressive"]\n')
    os.chown(theirs, OTHER, OTHER)
    config = load(start=project / "posts")
    assert config.disable == ("familiar",) and len(config.notes) == 1


@as_root
def test_someone_elses_pyproject_without_our_table_is_passed_over_without_a_note(project):
    (project / "pyproject.toml").write_text('[project]\nname = "theirs"\n')
    os.chown(project / "pyproject.toml", OTHER, OTHER)
    config = load(start=project)
    assert config.source is None and config.notes == ()


@as_root
def test_a_configuration_named_with_config_is_trusted(tmp_path):
    """The user named it: whoever owns it, it is used (and a model it names is data, never code)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    path = shared / "team.toml"
    path.write_text('disable = ["aggressive"]\n')
    os.chown(path, OTHER, OTHER)
    config = load(path)
    assert config.disable == ("aggressive",) and config.notes == ()


def test_a_model_outside_the_repository_is_refused(tmp_path, project):
    (tmp_path / "elsewhere.joblib").write_bytes(b"")
    (project / ".toneaudit.toml").write_text('model = "../elsewhere.joblib"\n')
    with pytest.raises(ConfigError, match="outside the repository") as error:
        load(start=project / "posts")
    assert str(error.value).startswith(f"{project / '.toneaudit.toml'}: ") and "TONEAUDIT_MODEL" in str(error.value)
    (project / ".toneaudit.toml").write_text(f'model = "{tmp_path / "elsewhere.joblib"}"\n')
    with pytest.raises(ConfigError, match="outside the repository"):
        load(start=project)


def test_a_link_inside_the_repository_to_a_model_outside_is_refused(tmp_path, project):
    (tmp_path / "elsewhere.joblib").write_bytes(b"")
    (project / "model.joblib").symlink_to(tmp_path / "elsewhere.joblib")
    (project / ".toneaudit.toml").write_text('model = "model.joblib"\n')
    with pytest.raises(ConfigError, match="outside the repository"):
        load(start=project)


def test_a_model_inside_the_repository_or_named_on_the_command_line_is_accepted(tmp_path, project):
    (project / ".toneaudit.toml").write_text('model = "models/house.joblib"\n')
    assert load(start=project / "posts").model == str(project / "models" / "house.joblib")
    (project / ".toneaudit.toml").write_text('model = "../elsewhere.joblib"\nmodel-sha256 = "' + "a" * 64 + '"\n')
    config = load(start=project, model="/opt/models/mine.joblib")
    assert config.model == "/opt/models/mine.joblib" and config.model_sha256 is None


def test_a_model_outside_home_is_refused_outside_a_repository(tmp_path, home):
    (home / ".toneaudit.toml").write_text(f'model = "{tmp_path / "elsewhere.joblib"}"\n')
    with pytest.raises(ConfigError, match="outside the home directory"):
        load(start=home)


def test_model_sha256_in_upper_case_is_accepted_and_non_hexadecimal_refused():
    digest = "0123456789abcdef" * 4
    assert from_mapping({"model": "m.joblib", "model-sha256": digest.upper()}).model_sha256 == digest
    for wrong in ("g" * 64, digest[:-1], digest + "0", " " + digest[1:]):
        with pytest.raises(ConfigError, match="SHA-256 in hexadecimal"):
            from_mapping({"model": "m.joblib", "model-sha256": wrong})


@pytest.mark.parametrize("deep", [DEEP_ARRAY, DEEP_TABLE], ids=["arrays", "inline tables"])
def test_a_configuration_nested_too_deep_is_one_clear_error(tmp_path, deep):
    path = tmp_path / ".toneaudit.toml"
    path.write_text(deep)
    with pytest.raises(ConfigError, match="invalid TOML") as error:
        load(path)
    assert "\n" not in str(error.value)
    with pytest.raises(ConfigError, match="invalid TOML"):
        load(start=tmp_path)


@pytest.mark.parametrize("content", [DEEP_ARRAY, DEEP_TABLE, 'tool = "x"\n', "[tool]\ntoneaudit = 3\n"],
                         ids=["arrays", "inline tables", "tool not a table", "toneaudit not a table"])
def test_someone_elses_odd_pyproject_on_the_way_up_is_not_our_configuration(project, content):
    (project / "pyproject.toml").write_text(content)
    if "toneaudit = 3" in content:
        with pytest.raises(ConfigError, match="tool.toneaudit"):
            load(start=project / "posts")
        return
    config = load(start=project / "posts")
    assert config.source is None and config.notes == ()


# Through the real command: notes on standard error, models named on the command line, a second user.

PUSHY = "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50.\n"


def toneaudit(*arguments, cwd, env=None, **options):
    env = {**os.environ, "TONEAUDIT_NO_SERVER": "1", "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "toneaudit", *arguments], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, **options)


@pytest.mark.slow
def test_an_ignored_configuration_is_a_note_on_standard_error(project):
    (project / ".toneaudit.toml").write_text('disable = ["aggressive"]\n')
    project.chmod(0o777)
    (project / "posts" / "promo.md").write_text(PUSHY, encoding="utf-8")
    done = toneaudit("check", "--format", "json", "posts/promo.md", cwd=project)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (f"toneaudit: note: ignoring {project / '.toneaudit.toml'}: it is in {project}, which "
                           "other users can write; name it with --config if you trust it\n")
    rules = {finding["rule"] for finding in json.loads(done.stdout)["files"][0]["findings"]}
    assert "aggressive.call-to-action" in rules  # the configuration that disables them was not used


def _model_outside(tmp_path, project):
    model = tmp_path / "models" / "mine.joblib"
    model.parent.mkdir()
    shutil.copy(shipped_model_path(), model)
    (project / ".toneaudit.toml").write_text(f'model = "{model}"\n')
    (project / "draft.txt").write_text("J'ai ouvert l'atelier ce matin avec Claire.\n", encoding="utf-8")
    return model


def test_a_model_outside_the_repository_is_refused_by_the_command(tmp_path, project):
    model = _model_outside(tmp_path, project)
    done = toneaudit("check", "draft.txt", cwd=project)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"toneaudit: {project / '.toneaudit.toml'}: 'model' names {model}, outside the "
                                  f"repository {project}; name it with --model or TONEAUDIT_MODEL")


@pytest.mark.slow
def test_toneaudit_model_names_a_model_as_model_does_and_model_wins(tmp_path, project):
    model = _model_outside(tmp_path, project)
    done = toneaudit("check", "draft.txt", cwd=project, env={"TONEAUDIT_MODEL": str(model)})
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"toneaudit: using the model {model} (SHA-256 {sha256_of(model)})\n"
    other = tmp_path / "models" / "other.joblib"
    shutil.copy(model, other)
    done = toneaudit("check", "draft.txt", "--model", str(other), cwd=project, env={"TONEAUDIT_MODEL": str(model)})
    assert done.returncode == 0 and done.stderr.startswith(f"toneaudit: using the model {other} "), done.stderr
    done = toneaudit("check", "draft.txt", cwd=project, env={"TONEAUDIT_MODEL": str(tmp_path / "missing.joblib")})
    assert done.returncode == 2 and "model file not found" in done.stderr


def _load_as(uid: int, start: Path):
    """`load(start=start)` in a child process running as `uid`: (disable, notes), or the error."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child: become the other user, answer, and leave without running pytest's teardown
        try:
            os.close(reader)
            os.setgid(uid)
            os.setuid(uid)
            try:
                config = load(start=start)
                answer = {"disable": list(config.disable), "notes": list(config.notes)}
            except ConfigError as error:
                answer = {"error": str(error)}
            os.write(writer, json.dumps(answer).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as answer:
        data = answer.read()
    os.waitpid(child, 0)
    return json.loads(data)


@as_root
def test_as_a_second_user_another_users_configuration_is_ignored(monkeypatch):
    """Run as uid 65534 in its own folder, where a third user (65533) left a configuration: it is
    ignored with a note; 65534's own is used, and so is root's."""
    folder = Path(tempfile.mkdtemp(prefix="toneaudit-second-user-"))  # pytest's tmp_path is root's alone
    monkeypatch.setenv("HOME", str(folder))
    try:
        os.chown(folder, OTHER, OTHER)
        config = folder / ".toneaudit.toml"
        config.write_text('disable = ["aggressive"]\n')
        os.chown(config, OTHER - 1, OTHER - 1)
        assert _load_as(OTHER, folder) == {"disable": [], "notes": [
            f"ignoring {config}: it belongs to another user (uid {OTHER - 1}); name it with --config if you trust it"]}
        for owner in (OTHER, 0):
            os.chown(config, owner, owner)
            assert _load_as(OTHER, folder) == {"disable": ["aggressive"], "notes": []}
        config.chmod(0o664)  # root's group may write it: not 65534's own group
        assert "other users can write it" in _load_as(OTHER, folder)["notes"][0]
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------------------------------------
# Red team (issue 13): what a configuration file can be besides a file, our own broken pyproject,
# and a file swapped between its check and its reading.

def _load_in_a_child(arguments: str, cwd: Path, timeout: int = 60) -> subprocess.CompletedProcess:
    """`load(...)` in a child process, which a hang cannot take the suite down with."""
    code = ("import sys\nfrom pathlib import Path\nfrom toneaudit.config import ConfigError, load\n"
            f"try:\n    load({arguments})\nexcept ConfigError as error:\n    print(error)\n    sys.exit(2)\n")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_a_configuration_that_is_a_fifo_no_one_writes_to_is_one_clear_error_at_once(tmp_path):
    os.mkfifo(tmp_path / "fifo.toml")
    done = _load_in_a_child("Path('fifo.toml')", tmp_path)
    assert done.returncode == 2 and done.stderr == "", done.stderr
    assert done.stdout == "fifo.toml: cannot read configuration (nothing to read: a FIFO or device no one writes to)\n"


def test_a_configuration_that_never_ends_is_refused_without_reading_it_all(tmp_path):
    done = _load_in_a_child("Path('/dev/zero')", tmp_path)
    assert done.returncode == 2 and done.stderr == "", done.stderr
    assert done.stdout.startswith("/dev/zero: cannot read configuration (larger than ")


def test_a_configuration_written_by_a_pipe_is_read(tmp_path):
    """`--config <(...)`: a FIFO with a writer is a configuration like any other."""
    reader, writer = os.pipe()
    os.write(writer, b'disable = ["familiar"]\n')
    os.close(writer)
    try:
        assert load(Path(f"/proc/self/fd/{reader}")).disable == ("familiar",)
    finally:
        os.close(reader)


@pytest.mark.parametrize("content", ['[tool.toneaudit]\ndisable = ["aggressive"\n',
                                     '[project]\nname = "x"\n[tool.toneaudit]\n' + DEEP_ARRAY])
def test_our_own_pyproject_that_cannot_be_read_is_an_error_not_passed_over(project, content):
    """Its [tool.toneaudit] table is meant for us: ignoring it would drop the user's settings silently."""
    (project / "pyproject.toml").write_text(content)
    with pytest.raises(ConfigError, match="invalid TOML"):
        load(start=project / "posts")


def _a_python_for(uid: int) -> str:
    """A Python that `uid` can run (ours may sit in a folder only root can enter), or skip."""
    for candidate in (os.path.realpath(sys.executable), "/usr/bin/python3", "/usr/local/bin/python3"):
        try:
            if subprocess.run([candidate, "-I", "-c", "pass"], user=uid, cwd="/", timeout=60).returncode == 0:
                return candidate
        except OSError:
            continue
    pytest.skip(f"no Python that uid {uid} can run")


SWAPPER = """
import os, sys, time
shared, seconds = sys.argv[1], float(sys.argv[2])
ours, theirs, aside = (os.path.join(shared, name) for name in ("project", "theirs", "aside"))
end = time.time() + seconds
while time.time() < end:
    try:  # their folder in place of ours for a moment, again and again
        os.rename(ours, aside)
        os.rename(theirs, ours)
        os.rename(ours, theirs)
        os.rename(aside, ours)
    except OSError:
        pass
"""


@pytest.mark.slow
@as_root
def test_a_configuration_swapped_between_its_check_and_its_reading_is_never_used():
    """Another user who may rename folders above ours (a shared folder without the sticky bit) swaps in a
    folder of theirs again and again: what is read must be the file whose owner was checked. Before the
    fix, about one load in a thousand used their configuration."""
    shared = Path(tempfile.mkdtemp(prefix="toneaudit-swap-"))
    try:
        shared.chmod(0o777)
        (shared / "project").mkdir()
        (shared / "project" / ".toneaudit.toml").write_text('fail-on = "info"\n')
        (shared / "theirs").mkdir()
        (shared / "theirs" / ".toneaudit.toml").write_text('disable = ["all"]\n')
        for path in (shared / "theirs", shared / "theirs" / ".toneaudit.toml"):
            os.chown(path, OTHER, OTHER)
        swapper = subprocess.Popen([_a_python_for(OTHER), "-I", "-c", SWAPPER, str(shared), "30"], user=OTHER,
                                   group=OTHER, cwd="/")
        try:
            used, start = [], time.monotonic()
            while time.monotonic() - start < 8:
                try:
                    config = load(start=shared / "project")
                except ConfigError:
                    continue
                used.append(config.disable)
        finally:
            swapper.kill()
            swapper.wait()
        assert used and ("all",) not in used, f"{used.count(('all',))} of {len(used)} loads used their configuration"
    finally:
        shutil.rmtree(shared)


@as_root
def test_a_git_folder_planted_by_another_user_does_not_widen_the_search(tmp_path, home):
    """A `.git` that another user put in a shared parent (/tmp/.git) is no repository of ours (git itself
    refuses it: "dubious ownership"): the search must not climb up to it, nor let models come from under it."""
    here = tmp_path / "shared" / "drafts"
    here.mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    os.chown(tmp_path / ".git", OTHER, OTHER)
    (here.parent / ".toneaudit.toml").write_text('disable = ["familiar"]\n')
    assert load(start=here).source is None
    os.chown(tmp_path / ".git", 0, 0)  # root's, as git trusts it too
    assert load(start=here).source == here.parent / ".toneaudit.toml"
