"""A model file is a pickle, and a pickle runs code when it is read. The shipped model is read only
after its SHA-256 matches the manifest shipped with it; a user's model must be named, and is refused
when a given or neighbouring hash does not match. A crafted pickle never runs through these paths."""
import json
import pickle
import shutil
import subprocess
import sys

import pytest

from toneaudit import classifier
from toneaudit.classifier import MANIFEST_FILE, MODEL_FILE, ModelError, load, sha256_of, shipped_model_path


class _Payload:
    """Unpickling this creates the file named in it: proof that code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture
def crafted(tmp_path):
    marker = tmp_path / "code-ran"
    path = tmp_path / "crafted.joblib"
    path.write_bytes(pickle.dumps(_Payload(marker)))
    return path, marker


@pytest.fixture(autouse=True)
def _fresh_cache():
    load.cache_clear()
    yield
    load.cache_clear()


def test_the_pickle_really_runs_code_when_read(crafted):
    path, marker = crafted
    pickle.loads(path.read_bytes())  # the control: this is what must never happen through toneaudit
    assert marker.exists()


def test_a_crafted_file_in_place_of_the_shipped_model_is_refused(crafted, tmp_path, monkeypatch):
    path, marker = crafted
    shipped = tmp_path / "package-models"
    shipped.mkdir()
    shutil.copy(path, shipped / MODEL_FILE)
    shutil.copy(shipped_model_path().with_name(MANIFEST_FILE), shipped / MANIFEST_FILE)
    monkeypatch.setattr(classifier, "_shipped_folder", lambda: shipped)
    with pytest.raises(ModelError, match="does not match"):
        load()
    assert not marker.exists()


def test_a_shipped_manifest_without_a_hash_is_refused(crafted, tmp_path, monkeypatch):
    path, marker = crafted
    shipped = tmp_path / "package-models"
    shipped.mkdir()
    shutil.copy(path, shipped / MODEL_FILE)
    (shipped / MANIFEST_FILE).write_text(json.dumps({}), encoding="utf-8")
    monkeypatch.setattr(classifier, "_shipped_folder", lambda: shipped)
    with pytest.raises(ModelError, match="no hash"):
        load()
    assert not marker.exists()


def test_a_named_model_with_a_wrong_expected_hash_is_refused(crafted):
    path, marker = crafted
    with pytest.raises(ModelError, match="does not match"):
        load(str(path), sha256_of(shipped_model_path()))
    assert not marker.exists()


def test_a_named_model_is_checked_against_the_manifest_beside_it(crafted, tmp_path):
    path, marker = crafted
    folder = tmp_path / "trained"
    folder.mkdir()
    shutil.copy(path, folder / MODEL_FILE)
    (folder / MANIFEST_FILE).write_text(json.dumps({MODEL_FILE: "0" * 64}), encoding="utf-8")
    with pytest.raises(ModelError, match="does not match"):
        load(str(folder / MODEL_FILE))
    assert not marker.exists()


def test_the_command_refuses_the_crafted_model_named_in_a_configuration(crafted, tmp_path):
    path, marker = crafted
    (tmp_path / "draft.txt").write_text("J'ai ouvert l'atelier ce matin avec Claire.\n", encoding="utf-8")
    (tmp_path / ".toneaudit.toml").write_text(
        f'model = "{path.name}"\nmodel-sha256 = "{sha256_of(shipped_model_path())}"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-server", "draft.txt"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "does not match" in done.stderr and done.stderr.count("\n") == 1
    assert not marker.exists()


def test_the_default_path_loads_the_shipped_model_and_says_its_hash():
    model = load()
    assert model.sha256 == json.loads(shipped_model_path().with_name(MANIFEST_FILE).read_text())[MODEL_FILE]
    assert set(model.languages) == {"fr", "en"}


def test_a_user_model_named_explicitly_is_loaded_and_its_hash_printed(tmp_path):
    copy = tmp_path / "mine.joblib"
    shutil.copy(shipped_model_path(), copy)
    (tmp_path / "draft.txt").write_text("J'ai ouvert l'atelier ce matin avec Claire.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-server", "--model", str(copy),
                           "draft.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"toneaudit: using the model {copy} (SHA-256 {sha256_of(copy)})\n"
