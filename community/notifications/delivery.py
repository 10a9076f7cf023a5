"""E-mail about notifications: one per event (after commit) or a daily/weekly digest.

Both check access again at send time, with the state of the database at that moment:
someone removed from a space after the notification was created gets no e-mail about
it. Every message carries a signed unsubscribe link (and RFC 8058 one-click headers).
"""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from .. import mail
from ..accounts.models import User
from ..db import after_commit, utcnow
from ..errors import ValidationError
from ..extensions import db
from .models import Notification, NotificationPreference
from .services import DEFAULT_EMAIL_MODE, describe, email_modes, visible_items

log = logging.getLogger("community.notifications")

PERIODS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}
UNSUBSCRIBE_SALT = "community-notifications-unsubscribe"


# ---------------------------------------------------------------- unsubscribe tokens

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User) -> str:
    return _serializer().dumps({"u": user.id})


def user_for_token(token: str) -> User:
    """The user an unsubscribe token was made for; a tampered token is a 400."""
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise ValidationError(_l("This unsubscribe link is not valid.")) from exc
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None:
        raise ValidationError(_l("This unsubscribe link is not valid."))
    return user


def unsubscribe(token: str) -> User:
    """Turn e-mail off for the token's user (idempotent; no login needed)."""
    user = user_for_token(token)
    pref = db.session.get(NotificationPreference, user.id)
    if pref is None:
        pref = NotificationPreference(user_id=user.id)
        db.session.add(pref)
    pref.email_mode = "off"
    db.session.commit()
    return user


# ---------------------------------------------------------------- building messages

def _links(user: User) -> dict:
    unsubscribe_url = mail.external_url(url_for("notifications.unsubscribe",
                                                token=unsubscribe_token(user)))
    return {"unsubscribe_url": unsubscribe_url,
            "preferences_url": mail.external_url(url_for("notifications.preferences"))}


def _message(user: User, subject, template: str, **context):
    links = _links(user)
    msg = mail.build(user.email, subject, template, locale=user.locale or "nl", user=user,
                     **links, **context)
    msg["List-Unsubscribe"] = f"<{links['unsubscribe_url']}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return msg


def _entries(user: User, items) -> list[dict]:
    from flask_babel import force_locale

    with force_locale(user.locale or "nl"):
        return [{"text": describe(item), "url": mail.external_url(item.url) if item.url
                 else mail.external_url(url_for("notifications.inbox"))} for item in items]


# ---------------------------------------------------------------- one e-mail per event

def send_instant_after_commit(notifications: list[Notification]) -> None:
    """After the caller's commit, e-mail these notifications to instant-mode recipients."""
    ids = [n.id for n in notifications]
    app = current_app._get_current_object()
    after_commit(lambda: _deliver_instant(app, ids))


def _deliver_instant(app, ids: list[int]) -> None:
    # A fresh app context has its own database session: the committed state, read now.
    with app.app_context(), app.test_request_context(
            "/", base_url=app.config["SERVER_NAME_FOR_MAIL"]):
        deliver_instant(ids)


def deliver_instant(ids: list[int]) -> int:
    """E-mail the given notifications now, each only if its recipient still wants e-mail
    per event and may still see the target. Returns the number of messages queued."""
    notifications = list(db.session.scalars(
        sa.select(Notification).where(Notification.id.in_(ids),
                                      Notification.emailed_at.is_(None))))
    if not notifications:
        return 0
    users = {u.id: u for u in db.session.scalars(
        sa.select(User).where(User.id.in_({n.user_id for n in notifications})))}
    modes = email_modes(users)
    now = utcnow()
    sent = 0
    for n in notifications:
        user = users.get(n.user_id)
        if user is None or not user.active or modes[user.id] != "instant":
            continue
        items = visible_items(user, [n])
        if not items:
            continue
        entries = _entries(user, items)
        mail.send_after_commit(_message(user, entries[0]["text"][:150], "notification",
                                        entry=entries[0]))
        n.emailed_at = now
        sent += 1
    db.session.commit()
    return sent


# ---------------------------------------------------------------- digests

def send_digests(period: str, now: dt.datetime | None = None) -> int:
    """Send the ``daily`` or ``weekly`` digest to everyone who chose it.

    A digest holds the unread notifications since the user's last digest that were not
    e-mailed yet and that the user may still see now. Each user's digest is committed
    (``emailed_at``, ``last_digest_at``) and then sent, so running it twice sends nothing
    new. Returns the number of digests sent.
    """
    if period not in PERIODS:
        raise ValidationError(_l("Unknown digest period."))
    now = now or utcnow()
    window_start = now - PERIODS[period]
    mode = sa.func.coalesce(NotificationPreference.email_mode, DEFAULT_EMAIL_MODE)
    since = sa.func.coalesce(NotificationPreference.last_digest_at,
                             sa.literal(window_start, NotificationPreference.last_digest_at.type))
    rows = db.session.execute(
        sa.select(Notification, User)
        .join(User, User.id == Notification.user_id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(mode == period, User.active.is_(True),
               Notification.emailed_at.is_(None), Notification.read_at.is_(None),
               Notification.created_at > since, Notification.created_at <= now)
        .order_by(User.id, Notification.id)
    ).all()
    by_user: dict[int, tuple[User, list[Notification]]] = {}
    for n, user in rows:
        by_user.setdefault(user.id, (user, []))[1].append(n)
    sent = 0
    for user, notifications in by_user.values():
        items = visible_items(user, notifications)  # access checked again, now
        if items:
            entries = _entries(user, items)
            subject = (_l("Your daily summary from the MKB Limburg Community")
                       if period == "daily" else
                       _l("Your weekly summary from the MKB Limburg Community"))
            mail.send_after_commit(_message(user, subject, "digest", entries=entries,
                                            period=period))
            for item in items:
                item.notification.emailed_at = now
            sent += 1
        pref = db.session.get(NotificationPreference, user.id)
        if pref is None:
            pref = NotificationPreference(user_id=user.id, email_mode=DEFAULT_EMAIL_MODE)
            db.session.add(pref)
        pref.last_digest_at = now
        db.session.commit()
    log.info("digests sent", extra={"period": period, "digests": sent})
    return sent
