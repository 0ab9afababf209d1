from __future__ import annotations

from pathlib import Path

import pytest

from beachhead.errors import ConfigError, WorkspaceError
from beachhead.services.workspace import init_workspace
from beachhead.settings import load_settings, resolve_workspace


def test_init_writes_settings_and_store(tmp_path: Path) -> None:
    result = init_workspace(tmp_path / "ws")
    assert result.created
    settings = load_settings(tmp_path / "ws")
    assert settings.store_url.endswith("ws/beachhead.db")
    assert settings.signals_dir.is_dir()
    assert not init_workspace(tmp_path / "ws").created


def test_bad_settings_name_the_file_and_field(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws")
    (tmp_path / "ws" / "beachhead.toml").write_text("[identity]\nname_match_threshold = 'high'\n")
    with pytest.raises(ConfigError, match=r"beachhead\.toml: identity\.name_match_threshold"):
        load_settings(tmp_path / "ws")
    (tmp_path / "ws" / "beachhead.toml").write_text("[identity\n")
    with pytest.raises(ConfigError, match=r"beachhead\.toml"):
        load_settings(tmp_path / "ws")


def test_missing_workspace_has_a_hint(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError) as info:
        load_settings(tmp_path)
    assert info.value.hint and "beachhead init" in info.value.hint


def test_workspace_comes_from_option_then_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEACHHEAD_WORKSPACE", str(tmp_path / "env"))
    assert resolve_workspace(None) == tmp_path / "env"
    assert resolve_workspace(tmp_path / "opt") == tmp_path / "opt"
