"""Plugin discovery: entry points in the group ``community.plugins``.

In-tree plugins (``plugins.kvk``, ``plugins.frontdesks``) are declared in ``setup.cfg``
and load exactly as a partner's own package would. ``PLUGINS`` in the config (or
``COMMUNITY_PLUGINS=kvk,frontdesks``) is an allow-list; unset means all installed ones.
"""
from __future__ import annotations

import logging
from importlib.metadata import entry_points

import pluggy
from flask import Flask, current_app
from markupsafe import Markup

from . import hooks

log = logging.getLogger("community.plugins")
ENTRY_POINT_GROUP = "community.plugins"


def make_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hooks.PROJECT)
    pm.add_hookspecs(hooks)
    return pm


def load_plugins(app: Flask, extra: list | None = None) -> pluggy.PluginManager:
    """Build the app's one plugin manager from entry points (filtered) plus `extra` objects."""
    pm = make_manager()
    allowed = app.config.get("PLUGINS")
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if allowed is not None and ep.name not in allowed:
            continue
        module = ep.load()
        pm.register(module, name=ep.name)
        log.debug("plugin loaded", extra={"plugin": ep.name})
    for obj in extra or app.config.get("EXTRA_PLUGINS", []):
        pm.register(obj)
    pm.check_pending()
    app.extensions["community_plugins"] = pm
    return pm


def manager(app: Flask | None = None) -> pluggy.PluginManager:
    return (app or current_app).extensions["community_plugins"]


def hook():
    """The hook relay of the current app: ``hook().company_lookup(kvk_number=...)``."""
    return manager().hook


def run_hook(name: str, **kwargs) -> Markup:
    """Jinja global for ``tpl_*`` slots: joins what every plugin returns."""
    if not name.startswith("tpl_"):
        raise ValueError("run_hook only renders tpl_* hooks")
    parts = getattr(hook(), name)(**kwargs)
    return Markup("").join(p for p in parts if p)  # plain str is escaped, Markup kept


def plugin_names(app: Flask | None = None) -> list[str]:
    return sorted(n for n, _ in manager(app).list_name_plugin() if n and not n.isdigit())


def fire_after_commit(name: str, **kwargs) -> None:
    """Call the ``on_*`` hook ``name`` once the current transaction has committed."""
    from .db import after_commit

    if not name.startswith("on_"):
        raise ValueError("only on_* hooks fire after commit")
    pm = manager()
    after_commit(lambda: getattr(pm.hook, name)(**kwargs))
