"""Configuration: found upward, validated, one clear error when broken."""
import pytest

from toneaudit.config import ConfigError, from_mapping, load


def test_dot_toneaudit_toml_is_found_upward(tmp_path):
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
