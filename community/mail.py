"""Outgoing e-mail, sent only after the transaction that caused it has committed.

Backends (``MAIL_BACKEND``): ``smtp`` (production, and tests against a local aiosmtpd
server), ``outbox`` (development: each message is written to ``instance/outbox`` as an
.eml file and logged), ``memory`` (kept in ``app.extensions['mail_outbox']``).
Templates are rendered in the recipient's language.
"""
from __future__ import annotations

import logging
import smtplib
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from .db import after_commit

log = logging.getLogger("community.mail")


def build(to: str, subject: str, template: str, locale: str = "nl", **context) -> EmailMessage:
    """Render ``mail/<template>.txt`` (and ``.html`` if present) in ``locale``."""
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **context)
        subject_text = str(subject)
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject_text
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="mkb-limburg.example")
    msg.set_content(text)
    return msg


def send_after_commit(msg: EmailMessage) -> None:
    app = current_app._get_current_object()
    after_commit(lambda: deliver(msg, app))


def deliver(msg: EmailMessage, app=None) -> None:
    app = app or current_app._get_current_object()
    backend = app.config["MAIL_BACKEND"]
    if backend == "memory":
        app.extensions.setdefault("mail_outbox", []).append(msg)
    elif backend == "outbox":
        folder = Path(app.config["MAIL_OUTBOX"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{time.time_ns()}.eml"
        path.write_bytes(bytes(msg))
        log.info("mail written to outbox", extra={"to": msg["To"], "subject": msg["Subject"],
                                                  "file": str(path)})
    else:
        with smtplib.SMTP(app.config["MAIL_SERVER"], app.config["MAIL_PORT"], timeout=10) as smtp:
            if app.config["MAIL_USE_TLS"]:
                smtp.starttls()
            if app.config.get("MAIL_USERNAME"):
                smtp.login(app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"])
            smtp.send_message(msg)
        log.info("mail sent", extra={"to": msg["To"], "subject": msg["Subject"]})


def external_url(path: str) -> str:
    """Absolute link for e-mails from configuration, never from the request's Host header."""
    return current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/") + path
