"""Plugins load from the `community.plugins` entry points, filtered by an allow-list."""
from __future__ import annotations

import pluggy
import pytest

from community.app import create_app
from community.plugins import plugin_names
from tests.conftest import base_config


def _app(tmp_path, **extra):
    config = base_config(tmp_path, f"sqlite:///{tmp_path}/plugins.db")
    config.update(extra)
    return create_app(config)


def test_in_tree_plugins_load_through_entry_points(tmp_path):
    assert {"kvk", "frontdesks"} <= set(plugin_names(_app(tmp_path)))


def test_allow_list_limits_plugins(tmp_path):
    assert plugin_names(_app(tmp_path, PLUGINS=["kvk"])) == ["kvk"]
    assert plugin_names(_app(tmp_path, PLUGINS=[])) == []


def test_allow_list_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNITY_PLUGINS", "frontdesks")
    config = base_config(tmp_path, f"sqlite:///{tmp_path}/plugins.db")
    config.pop("PLUGINS", None)
    assert plugin_names(create_app(config)) == ["frontdesks"]


def test_misspelt_hook_is_refused(tmp_path):
    from community.hooks import hookimpl

    class Typo:
        @hookimpl
        def on_compnay_created(self, company, user):  # misspelt on purpose
            pass

    with pytest.raises(pluggy.PluginValidationError):
        _app(tmp_path, EXTRA_PLUGINS=[Typo()])
