"""Site-wide pages: home, language switch, health check."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import func, text

from .accounts.forms import LanguageForm
from .accounts.services import set_locale
from .companies.models import Company
from .db import run_deferred_writes
from .extensions import db
from .security import safe_next

bp = Blueprint("site", __name__)
blueprints = [bp]


def nav_items(user):
    from flask import url_for
    from flask_babel import gettext as _

    return [(_("Home"), url_for("site.home"))]


def home_panels(user) -> list:
    """Panels for the home page: each feature package may define ``home_panel(user)``
    returning safe HTML (or None); plugins use the ``tpl_home_panels`` hook."""
    from importlib import import_module

    from .app import FEATURES

    panels = []
    for name in FEATURES:
        provider = getattr(import_module(name), "home_panel", None)
        if provider:
            html = provider(user)
            if html:
                panels.append(html)
    return panels


@bp.route("/")
def home():
    # newest first by primary key: ids grow with creation and the index is already there
    latest = db.session.scalars(db.select(Company).order_by(Company.id.desc()).limit(6))
    count = db.session.scalar(db.select(func.count()).select_from(Company))
    return render_template("home.html", companies=list(latest), company_count=count,
                           panels=home_panels(current_user))


@bp.route("/language", methods=["POST"])
def language():
    form = LanguageForm()
    target = safe_next(request.form.get("next"), "/")
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            set_locale(current_user, form.locale.data)
    return redirect(target)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means the database is not usable
        current_app.logger.warning("health check failed: %s", type(exc).__name__)
        db.session.rollback()
        return jsonify({"status": "error", "database": "unreachable",
                        "reason": type(exc).__name__}), 503
    return jsonify({"status": "ok", "database": "ok"})


def main_nav() -> list[tuple[str, str]]:
    """Main navigation: each feature package may define ``nav_items(user)``; plugins use
    the ``register_nav_items`` hook."""
    from importlib import import_module

    from .app import FEATURES
    from .plugins import hook

    items: list[tuple[str, str]] = []
    for name in FEATURES:
        provider = getattr(import_module(name), "nav_items", None)
        if provider:
            items.extend(provider(current_user))
    for plugin_items in hook().register_nav_items(user=current_user):
        items.extend(plugin_items or [])
    return items


@bp.app_context_processor
def _globals():
    return {"main_nav": main_nav}


@bp.after_app_request
def commit_touches(response):
    """Persist "last seen" stamps queued with ``db.write_after_request`` while serving."""
    if response.status_code < 500:
        run_deferred_writes()
    return response
