"""The application factory: config, extensions, plugins, blueprints, sockets, CLI."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from . import access, config, errors, i18n, logs, security
from .extensions import api, babel, csrf, db, limiter, login_manager, migrate, socketio
from .plugins import load_plugins, run_hook

PACKAGE_DIR = Path(__file__).resolve().parent

# Core feature packages: each may have views (bp), api (blp), policy, migrations, translations.
FEATURES = [
    "community.site",
    "community.accounts",
    "community.companies",
    "community.notifications",
    "community.spaces",
    "community.feeds",
    "community.moderation",
    "community.search",
    "community.qa",
    "community.events",
]


def migration_locations(app: Flask) -> list[str]:
    """Alembic version folders: core, each feature's ``migrations/`` and each plugin's."""
    from importlib import import_module

    from .plugins import manager

    locations = [str(PACKAGE_DIR / "migrations" / "versions")]
    for name in FEATURES:
        module_file = Path(import_module(name).__file__)
        folder = module_file.parent / "migrations"
        if module_file.name == "__init__.py" and folder.is_dir():
            locations.append(str(folder))
    for path in manager(app).hook.register_migrations():
        if path:
            locations.append(str(path))
    return locations


@migrate.configure
def _alembic_config(cfg):
    from flask import current_app

    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(migration_locations(current_app)))
    return cfg


def create_app(config_overrides: dict | None = None) -> Flask:
    app = Flask(
        "community",
        instance_path=os.environ.get("COMMUNITY_INSTANCE_PATH") or str(Path.cwd() / "instance"),
        instance_relative_config=True,
    )
    _configure(app, config_overrides)
    logs.init_app(app)
    _init_extensions(app)
    pm = load_plugins(app)
    i18n.add_plugin_translations(app, pm)
    _register_blueprints(app, pm)
    _init_sockets(app)
    _register_cli(app)
    return app


def _configure(app: Flask, overrides: dict | None) -> None:
    config.load(app, overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops:  # per-IP rate limits and logs need the client's address, not the proxy's
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app, babel)
    security.init_app(app)
    api.init_app(app, spec_kwargs={"info": {"description": "MKB Limburg Community JSON API."}})
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "Personal API token"}
    )
    errors.init_app(app)  # after the API: our handlers replace flask-smorest's
    _import_feature_modules("models")
    access.load_policies(FEATURES)
    app.jinja_env.globals["run_hook"] = run_hook


def _import_feature_modules(kind: str) -> None:
    """Import ``<feature>.<kind>`` where it exists (models must be known to migrations)."""
    from importlib import import_module

    for name in FEATURES:
        try:
            import_module(f"{name}.{kind}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.{kind}":
                raise


def _register_blueprints(app: Flask, pm) -> None:
    from importlib import import_module

    from .api import register_api_blueprints

    for name in FEATURES:
        module = import_module(name)
        for bp in getattr(module, "blueprints", ()):
            app.register_blueprint(bp)
    register_api_blueprints(app, api, FEATURES)
    for bps in pm.hook.register_blueprints(app=app):
        for bp in bps or ():
            app.register_blueprint(bp)


def _init_sockets(app: Flask) -> None:
    socketio.init_app(
        app,
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE", "threading"),
        message_queue=app.config.get("REDIS_URL"),
        # None = same origin only; never "*" (it turns the Origin check off)
        cors_allowed_origins=app.config.get("SOCKETIO_ORIGINS"),
        manage_session=False,
    )
    # ``socketio`` is one object; a second app in the same process (tests, tools) replaces
    # its server. Each app keeps its own so it can be put back (see tests/conftest.py).
    app.extensions["socketio_server"] = socketio.server


def _register_cli(app: Flask) -> None:
    from .cli import register

    register(app)
