"""A model file is written by joblib as a pickle, and an ordinary pickle runs code when it is read.
toneaudit reads models as data only: a pickle that names any function, class or external object is
refused whatever its hash, and so is one of the wrong shape. The shipped model is also read only after
its SHA-256 matches the manifest shipped with it; a user's model must be named, and is refused when a
given or neighbouring hash does not match. A crafted pickle never runs through these paths."""
import copyreg
import json
import os
import pickle
import pickletools
import shutil
import subprocess
import sys

import joblib
import numpy as np
import pytest

from toneaudit import classifier
from toneaudit.classifier import (
    FORMAT_VERSION,
    MANIFEST_FILE,
    MODEL_FILE,
    ModelError,
    load,
    pack_array,
    sha256_of,
    shipped_model_path,
)
from toneaudit.rules import DIMENSIONS


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
    classifier._load_file.cache_clear()
    yield
    classifier._load_file.cache_clear()


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


@pytest.mark.parametrize("pin,message", [("shipped", "does not match"), ("its own", "run code")])
def test_the_command_refuses_the_crafted_model_named_in_a_configuration(crafted, tmp_path, pin, message):
    path, marker = crafted
    (tmp_path / "draft.txt").write_text("J'ai ouvert l'atelier ce matin avec Claire.\n", encoding="utf-8")
    pinned = sha256_of(shipped_model_path() if pin == "shipped" else path)
    (tmp_path / ".toneaudit.toml").write_text(f'model = "{path.name}"\nmodel-sha256 = "{pinned}"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-server", "draft.txt"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and message in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert not marker.exists()


def test_the_command_refuses_a_crafted_model_named_with_model(crafted, tmp_path):
    path, marker = crafted
    (tmp_path / "draft.txt").write_text("J'ai ouvert l'atelier ce matin avec Claire.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-server", "--model", str(path), "draft.txt"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "run code" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert not marker.exists()


def test_the_default_path_loads_the_shipped_model_and_says_its_hash():
    model = load()
    assert model.sha256 == json.loads(shipped_model_path().with_name(MANIFEST_FILE).read_text())[MODEL_FILE]
    assert set(model.languages) == {"fr", "en"}


@pytest.mark.slow
def test_a_user_model_named_explicitly_is_loaded_and_its_hash_printed(tmp_path):
    copy = tmp_path / "mine.joblib"
    shutil.copy(shipped_model_path(), copy)
    (tmp_path / "draft.txt").write_text("J'ai ouvert l'atelier ce matin avec Claire.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-server", "--model", str(copy),
                           "draft.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"toneaudit: using the model {copy} (SHA-256 {sha256_of(copy)})\n"


def test_the_shipped_model_is_plain_data_that_joblib_still_reads():
    """No opcode of the shipped file names a global or calls anything, and joblib.load, the documented
    way to read what `joblib.dump` wrote, reads the same data as toneaudit."""
    opcodes = {opcode.name for opcode, _, _ in pickletools.genops(shipped_model_path().read_bytes())}
    assert not opcodes & {"GLOBAL", "STACK_GLOBAL", "REDUCE", "BUILD", "INST", "OBJ", "NEWOBJ", "NEWOBJ_EX",
                          "EXT1", "EXT2", "EXT4", "PERSID", "BINPERSID"}
    data = joblib.load(shipped_model_path())
    assert data["format"] == FORMAT_VERSION and set(data["languages"]) == {"fr", "en"}
    model = load()
    for lang, entry in data["languages"].items():
        assert model.languages[lang].vocabulary == entry["vocabulary"].split("\0")
        assert model.languages[lang].weights.tobytes() == entry["weights"]["float32"]


def test_a_crafted_model_with_its_own_hash_pinned_is_refused(crafted):
    path, marker = crafted
    with pytest.raises(ModelError, match="run code") as error:
        load(str(path), sha256_of(path))
    assert "\n" not in str(error.value) and str(path) in str(error.value)
    assert not marker.exists()


def test_a_crafted_model_listed_in_the_manifest_beside_it_is_refused(crafted, tmp_path):
    path, marker = crafted
    folder = tmp_path / "trained"
    folder.mkdir()
    shutil.copy(path, folder / MODEL_FILE)
    (folder / MANIFEST_FILE).write_text(json.dumps({MODEL_FILE: sha256_of(path)}), encoding="utf-8")
    with pytest.raises(ModelError, match="run code"):
        load(str(folder / MODEL_FILE))
    assert not marker.exists()


def test_a_crafted_file_in_place_of_the_shipped_model_with_a_matching_manifest_is_refused(crafted, tmp_path,
                                                                                         monkeypatch):
    path, marker = crafted
    shipped = tmp_path / "package-models"
    shipped.mkdir()
    shutil.copy(path, shipped / MODEL_FILE)
    (shipped / MANIFEST_FILE).write_text(json.dumps({MODEL_FILE: sha256_of(path)}), encoding="utf-8")
    monkeypatch.setattr(classifier, "_shipped_folder", lambda: shipped)
    with pytest.raises(ModelError, match="run code"):
        load()
    assert not marker.exists()


@pytest.fixture
def open_as_extension_code():
    """`builtins.open` registered as pickle extension code 240, and already looked up once, so that the
    unpickler's cache of extension codes holds it: an EXT1 opcode then reaches it without find_class."""
    copyreg.add_extension("builtins", "open", 240)
    pickle.loads(b"\x80\x02\x82\xf0.")  # PROTO 2, EXT1 240, STOP: fills the cache
    yield
    copyreg.remove_extension("builtins", "open", 240)


def _call_pickle(callable_opcodes: bytes, marker) -> bytes:
    """A protocol-2 pickle that calls what `callable_opcodes` push, with (marker, "w")."""
    argument = str(marker).encode()
    return (b"\x80\x02" + callable_opcodes + b"X" + len(argument).to_bytes(4, "little") + argument
            + b"X\x01\x00\x00\x00w\x86R.")  # two strings, TUPLE2, REDUCE, STOP


@pytest.mark.parametrize("kind", ["global", "stack global", "extension code", "persistent id", "build"])
def test_every_way_a_pickle_can_reach_code_is_refused_even_when_pinned(kind, tmp_path, open_as_extension_code):
    marker = tmp_path / "code-ran"
    crafted = {
        "global": _call_pickle(b"cbuiltins\nopen\n", marker),
        "stack global": _call_pickle(b"X\x08\x00\x00\x00builtinsX\x04\x00\x00\x00open\x93", marker),
        "extension code": _call_pickle(b"\x82\xf0", marker),
        "persistent id": b"\x80\x02X\x01\x00\x00\x00xQ.",  # BINPERSID
        "build": b"\x80\x02}X\x01\x00\x00\x00a}b.",  # BUILD on a dict
    }[kind]
    if kind == "extension code":
        pickle.loads(_call_pickle(b"\x82\xf0", tmp_path / "control"))
        assert (tmp_path / "control").exists()  # the control: this pickle runs code through plain pickle
    path = tmp_path / "crafted.joblib"
    path.write_bytes(crafted)
    with pytest.raises(ModelError) as error:
        load(str(path), sha256_of(path))
    assert str(error.value).startswith(f"{path}: ") and "\n" not in str(error.value)
    assert not marker.exists()


def _entry(**changes):
    entry = {
        "dimensions": list(DIMENSIONS), "vocabulary": "w:tartines\0w:merci", "features": 2,
        "weights": pack_array(np.ones((2, 5))), "bias": pack_array(np.zeros(5)),
        "platt": pack_array(np.array([[1.0, 0.0]] * 5)), "thresholds": pack_array(np.full(5, 0.5)),
        "rule_overrides": pack_array(np.full(5, 0.9)),
    }
    entry.update(changes)
    return entry


def _model(**entry_changes):
    return {"format": FORMAT_VERSION, "version": "test", "languages": {"fr": _entry(**entry_changes)}}


@pytest.mark.parametrize("data,message", [
    ([1, 2, 3], "not a toneaudit model"),
    ({"format": FORMAT_VERSION, "version": "test"}, "languages"),
    ({"format": FORMAT_VERSION, "version": "test", "languages": ["fr"]}, "languages"),
    ({"format": FORMAT_VERSION, "version": 3, "languages": {}}, "version"),
    ({"format": FORMAT_VERSION, "version": "test", "languages": {"fr": "weights"}}, "fr"),
    (_model(vocabulary=["w:tartines", "w:merci"]), "vocabulary"),
    (_model(dimensions=["commercial"]), "dimensions"),
    (_model(dimensions=list(DIMENSIONS) + [7]), "dimensions"),
    (_model(weights={"shape": [2, 5], "float32": b"\0" * 12}), "weights"),
    (_model(weights={"shape": [2, "5"], "float32": b"\0" * 40}), "weights"),
    (_model(weights=pack_array(np.ones((3, 5)))), "weights"),
    (_model(weights=pack_array(np.ones((2, 4)))), "weights"),
    (_model(weights=pack_array(np.ones(10))), "weights"),
    (_model(bias=pack_array(np.zeros(4))), "bias"),
    (_model(platt=pack_array(np.zeros((5, 3)))), "platt"),
    (_model(thresholds={"shape": [5]}), "thresholds"),
    (_model(rule_overrides=None), "rule_overrides"),
    (_model(weights={"shape": [-2, -5], "float32": b"\0" * 40}), "weights"),
    # A pickle may give one entry under many names (its memo): 3,000 languages sharing the shipped model's
    # French took 1.8 MB on disk and over 5 GB of memory when read. Only French and English exist.
    ({"format": FORMAT_VERSION, "version": "test", "languages": {"de": _entry()}}, "languages"),
    ({"format": FORMAT_VERSION, "version": "test", "languages": {"fr": _entry(), "x1": _entry()}}, "languages"),
])
def test_a_model_of_the_wrong_shape_is_one_clear_error(data, message, tmp_path):
    path = tmp_path / "odd.joblib"
    joblib.dump(data, path, compress=0, protocol=4)
    with pytest.raises(ModelError, match="not a toneaudit model") as error:
        load(str(path), sha256_of(path))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_well_formed_handmade_model_loads(tmp_path):
    """The control for the test above: the same model, unchanged, is accepted."""
    path = tmp_path / "handmade.joblib"
    joblib.dump(_model(), path, compress=0, protocol=4)
    assert load(str(path), sha256_of(path)).languages["fr"].vocabulary == ["w:tartines", "w:merci"]


def test_a_pinned_model_altered_after_it_was_loaded_is_refused(tmp_path):
    """The warm server keeps models in a cache: the cache must notice that the file changed."""
    copy = tmp_path / "mine.joblib"
    shutil.copy(shipped_model_path(), copy)
    pinned = sha256_of(copy)
    assert load(str(copy), pinned).sha256 == pinned
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 1
    before = copy.stat()
    copy.write_bytes(bytes(data))  # same size, same inode
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    with pytest.raises(ModelError, match="does not match"):
        load(str(copy), pinned)


def test_a_manifest_changed_after_the_model_was_loaded_is_read_again(tmp_path):
    folder = tmp_path / "trained"
    folder.mkdir()
    shutil.copy(shipped_model_path(), folder / MODEL_FILE)
    manifest = folder / MANIFEST_FILE
    manifest.write_text(json.dumps({MODEL_FILE: sha256_of(folder / MODEL_FILE)}), encoding="utf-8")
    load(str(folder / MODEL_FILE))
    before = manifest.stat()
    manifest.write_text(json.dumps({MODEL_FILE: "f" * 64}), encoding="utf-8")
    os.utime(manifest, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    with pytest.raises(ModelError, match="does not match"):
        load(str(folder / MODEL_FILE))
