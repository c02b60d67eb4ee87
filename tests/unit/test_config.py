"""Settings: packaged defaults, then a user file, then WARTA_* env, then overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.config import Settings, load_settings
from warta.errors import ConfigError


def test_packaged_defaults_match_the_dataclass_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}) == Settings()


def test_layers_apply_in_order(tmp_path: Path) -> None:
    user = tmp_path / "w.toml"
    user.write_text("[dedupe]\nthreshold = 0.9\nnum_perm = 64\n[cluster]\nwindow_days = 7\n")
    settings = load_settings(
        user,
        env={"WARTA_DEDUPE_THRESHOLD": "0.85", "WARTA_DB": "x.db"},
        overrides={"dedupe.threshold": "0.8"},
    )
    assert settings.dedupe.threshold == 0.8  # override beats env beats file
    assert settings.dedupe.num_perm == 64  # file beats defaults
    assert settings.cluster.window_days == 7
    assert settings.store.db == "x.db"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WARTA_DEDUPE_THRESHOLD": "high"}, "dedupe.threshold: 'high' is not a valid float"),
        ({"WARTA_CLUSTER_WINDOW_DAYS": "2.5"}, "cluster.window_days"),
        ({"WARTA_DEDUPE_NOPE": "1"}, "unknown setting dedupe.nope"),
    ],
)
def test_bad_settings_name_where_they_came_from(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(env=env)
    assert "environment" in str(info.value)


def test_missing_user_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", env={})


def test_every_setting_is_documented_in_defaults_toml() -> None:
    from warta.config import packaged_defaults

    documented = {f"{s}.{k}" for s, values in packaged_defaults().items() for k in values}
    known = {f"{s}.{k}" for s, values in Settings().as_dict().items() for k in values}
    assert documented == known
