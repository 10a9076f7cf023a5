"""Domain exceptions raised by services, and the handlers that turn them into responses.

Services raise these; views never build error responses by hand. Every message is a
lazy translatable string, so the user reads it in their own language.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

log = logging.getLogger("community.errors")


class DomainError(Exception):
    """Base: a use-case refused; `status` is the HTTP status a view should answer."""

    status = 400
    default_message = _l("This action could not be completed.")

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class ValidationError(DomainError):
    status = 400
    default_message = _l("Some of the input is not valid.")


class NotFound(DomainError):
    """Also used for things the user may not see: hidden looks exactly like missing."""

    status = 404
    default_message = _l("This page does not exist or is not visible to you.")


class Forbidden(DomainError):
    status = 403
    default_message = _l("You are not allowed to do this.")


class Conflict(DomainError):
    status = 409
    default_message = _l("This conflicts with the current state.")


class RateLimited(DomainError):
    status = 429
    default_message = _l("Too many attempts. Please wait a moment and try again.")


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def _render(status: int, message, details: dict | None = None) -> tuple:
    from .extensions import db

    db.session.rollback()  # nothing half-written survives a refused or failed request
    if wants_json():
        body = {"status": status, "message": str(message)}
        if details:
            body["errors"] = details
        return jsonify(body), status
    known = (400, 403, 404, 413, 429, 500)
    template = f"errors/{status}.html" if status in known else "errors/generic.html"
    return render_template(template, status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        return _render(exc.status, exc.message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            400: _l("The request could not be understood."),
            403: _l("You are not allowed to do this."),
            404: _l("This page does not exist or is not visible to you."),
            405: _l("This method is not allowed here."),
            413: _l("The upload is too large."),
            415: _l("Unsupported content type: send application/json."),
            422: _l("Some of the input is not valid."),
            429: _l("Too many requests. Please wait a moment and try again."),
        }
        status = exc.code or 500
        if status == 429:
            log.warning("rate limited", extra={"path": request.path})
        details = (getattr(exc, "data", None) or {}).get("messages")  # webargs (API input)
        resp = _render(status, messages.get(status, exc.description), details)
        if status == 405 and exc.valid_methods:
            body, code = resp
            return body, code, {"Allow": ", ".join(exc.valid_methods)}
        return resp

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error", extra={"path": request.path, "method": request.method})
        return _render(500, _l("Something went wrong on our side. The error has been logged."))
