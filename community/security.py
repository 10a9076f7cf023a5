"""Secure defaults for every response, and safe redirects.

Headers come from Flask-Talisman (CSP without inline scripts, nosniff, frame-ancestors,
Referrer-Policy); pages for logged-in users are never stored by shared caches.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request
from flask_login import current_user
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

talisman = Talisman()


def init_app(app: Flask) -> None:
    production = app.config["ENV"] == "production"
    talisman.init_app(
        app,
        content_security_policy=app.config.get("CSP", CSP),
        force_https=app.config.get("FORCE_HTTPS", False),
        strict_transport_security=production,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "()", "microphone": "()", "camera": "()"},
    )

    @app.after_request
    def _no_shared_cache(response):
        if getattr(current_user, "is_authenticated", False) or request.path.startswith("/api/"):
            response.headers["Cache-Control"] = "private, no-store"
            response.vary.add("Cookie")
            response.vary.add("Authorization")
        return response


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Only on-site relative paths: '//evil', 'https://evil', '/\\evil' fall back."""
    if not target:
        return fallback
    target = target.strip().replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if any(ord(c) < 32 for c in target):
        return fallback
    return target
