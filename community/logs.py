"""Structured logging: one JSON object per line on stderr, with the request path.

Paths that carry a secret (confirmation, reset, invitation and unsubscribe tokens) are
logged with the secret replaced, so log files never hold a working link.
"""
from __future__ import annotations

import logging
import re
import sys

from flask import Flask, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

# /confirm/<token>, /password/reset/<token>, /.../invitations/<token>, /unsubscribe/<token>,
# /calendar/<secret>.ics: the last segment after one of these words is a secret
_SECRET_SEGMENT = re.compile(
    r"(/(?:confirm|reset|invitations?|unsubscribe|calendar|token)/)[^/]{16,}", re.IGNORECASE)


def redact_path(path: str) -> str:
    return _SECRET_SEGMENT.sub(r"\1[redacted]", path)


class _RequestContext(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.path = redact_path(request.path)
            record.method = request.method
        return True


def init_app(app: Flask) -> None:
    root = logging.getLogger("community")
    if getattr(root, "_community_configured", False):
        return
    handler = logging.StreamHandler(sys.stderr)
    if app.config.get("LOG_JSON", True):
        handler.setFormatter(
            JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                          rename_fields={"asctime": "time", "levelname": "level"})
        )
    handler.addFilter(_RequestContext())
    root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    root.propagate = True
    root._community_configured = True
