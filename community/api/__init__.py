"""The JSON API under /api/v1: token auth, content types, CSRF and errors, in one place.

Each feature's ``api.py`` makes its blueprint with ``make_blueprint`` and declares its
endpoints with flask-smorest (marshmallow schemas validate input and shape output), so
``/api/v1/openapi.json`` is generated from the same declarations that serve requests.

Authentication: ``Authorization: Bearer <token>`` (scoped read or write), or the browser
session; a cookie-authenticated request that changes something needs a CSRF token.
"""
from __future__ import annotations

from importlib import import_module

from flask import g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from ..accounts import tokens
from ..extensions import csrf

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PREFIX = "/api/v1"


def _json_error(status: int, message: str, **headers):
    resp = jsonify({"status": status, "message": message})
    resp.status_code = status
    resp.headers.update(headers)
    return resp


def _authenticate():
    """Resolve the caller before any API view runs; sets ``g.api_user`` and ``g.api_scope``."""
    g.api_user, g.api_scope = None, None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, raw = header.partition(" ")
        token = tokens.find_api_token(raw.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            return _json_error(401, _("Unknown, revoked or malformed API token."),
                               **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
        tokens.mark_used(token)
        g.api_user, g.api_scope = token.user, token.scope
        if request.method not in SAFE_METHODS and token.scope != "write":
            return _json_error(403, _("This token may only read. Create a token with write "
                                      "access."))
    elif current_user.is_authenticated:
        if request.method not in SAFE_METHODS:
            csrf.protect()
        g.api_user, g.api_scope = current_user._get_current_object(), "write"
    if request.method in ("POST", "PUT", "PATCH") and (request.content_length or 0) > 0 \
            and not request.is_json:
        return _json_error(415, _("Unsupported content type: send application/json."))
    return None


def api_user():
    """The authenticated API caller, or None for an anonymous request."""
    return g.get("api_user")


def require_api_user():
    from ..errors import DomainError

    user = api_user()
    if user is None:
        err = DomainError(_("Authentication required: send a Bearer token."))
        err.status = 401
        raise err
    return user


def make_blueprint(name: str, import_name: str, url_prefix: str,
                   description: str = "") -> Blueprint:
    blp = Blueprint(name, import_name, url_prefix=PREFIX + url_prefix, description=description)
    blp.before_request(_authenticate)
    csrf.exempt(blp)  # CSRF is enforced in _authenticate for cookie-authenticated writes
    return blp


def register_api_blueprints(app, api, features: list[str]) -> None:
    """Register ``<feature>.api.blp`` for every core feature that has an api module."""
    for name in features:
        try:
            module = import_module(f"{name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.api":
                raise
            continue
        for blp in getattr(module, "api_blueprints", [getattr(module, "blp", None)]):
            if blp is not None:
                api.register_blueprint(blp)

