"""Locale and time zone selection and the formatting helpers templates use.

Dutch is the default; a user's choice is stored on their account (and in the session
for visitors). Times are stored in UTC and shown in Europe/Amsterdam.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, session
from flask_babel import Babel, format_currency, format_date, format_datetime, get_locale
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background work: the default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def translation_directories(app: Flask) -> str:
    """Every core package's ``translations`` folder (one domain, merged by Flask-Babel)."""
    root = Path(app.root_path)
    return ";".join(str(p) for p in sorted(root.glob("**/translations")) if p.is_dir())


def add_plugin_translations(app: Flask, pm) -> None:
    """Plugins return their catalogue folder from the ``register_translations`` hook."""
    config = app.extensions["babel"]
    for path in pm.hook.register_translations():
        if path and str(path) not in config.translation_directories:
            config.translation_directories.append(str(path))


def money(cents: int, currency: str = "EUR") -> str:
    """Integer cents to a localised amount: 123456 -> '€ 1.234,56' in nl."""
    return format_currency(cents / 100, currency)


def init_app(app: Flask, babel: Babel) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translation_directories(app))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(get_locale=get_locale)
    app.jinja_env.filters.update(
        datetime=lambda v, fmt="medium": format_datetime(v, fmt) if v else "",
        date=lambda v, fmt="medium": format_date(v, fmt) if v else "",
        money=money,
    )
