"""Account use-cases: register, confirm, log in and out, reset and change passwords,
profiles, roles, language. Each commits once; mail and hooks run after commit."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import audit, mail
from ..access import require
from ..db import utcnow
from ..errors import Conflict, NotFound, ValidationError
from ..extensions import db
from ..plugins import fire_after_commit
from ..tags import tags_for
from . import passwords, sessions, tokens
from .models import ROLES, VISIBILITIES, ApiToken, User


def normalise_email(raw: str) -> str:
    try:
        return validate_email((raw or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationError(_l("Enter a valid e-mail address."), field="email") from exc


def find_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email.strip().lower()))


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise ValidationError(_l("Enter your name (at most 120 characters)."), field="name")
    return name


def register(email: str, name: str, password: str, locale: str = "nl") -> User:
    email = normalise_email(email)
    name = _clean_name(name)
    passwords.check_policy(password, user_inputs=(email, name))
    if find_by_email(email):
        raise Conflict(_l("An account with this e-mail address already exists."), field="email")
    user = User(email=email, name=name, password_hash=passwords.hash_password(password),
                locale=locale if locale in current_app.config["LANGUAGES"] else "nl")
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as exc:  # a concurrent registration with the same address
        db.session.rollback()
        raise Conflict(_l("An account with this e-mail address already exists."),
                       field="email") from exc
    audit.record("user.registered", actor=user, target=user)
    _send_confirmation(user)
    fire_after_commit("on_user_registered", user=user)
    db.session.commit()
    return user


def _send_confirmation(user: User) -> None:
    token = tokens.make_link_token(user, "confirm")
    link = mail.external_url(url_for("accounts.confirm", token=token))
    mail.send_after_commit(mail.build(user.email, _l("Confirm your e-mail address"),
                                      "confirm", locale=user.locale, user=user, link=link))


def resend_confirmation(user: User) -> None:
    if user.is_confirmed:
        return
    _send_confirmation(user)
    db.session.commit()


def confirm(token: str) -> User:
    user = _read_token(token, "confirm", current_app.config["TOKEN_MAX_AGE_CONFIRM"])
    if not user.is_confirmed:
        user.confirmed_at = utcnow()
        audit.record("user.confirmed", actor=user, target=user)
        db.session.commit()
    return user


def _read_token(token: str, purpose: str, max_age: int) -> User:
    try:
        return tokens.read_link_token(token, purpose, max_age)
    except tokens.LinkTokenError as exc:
        if exc.reason == "expired":
            raise ValidationError(_l("This link has expired. Request a new one.")) from exc
        raise ValidationError(_l("This link is not valid or has already been used.")) from exc


def authenticate(email: str, password: str) -> User:
    """The user for these credentials, or ValidationError; failures are audited."""
    user = find_by_email((email or "").strip().lower()) if email else None
    if user is None:
        passwords.dummy_verify(password or "")
    ok = user is not None and passwords.verify_password(user.password_hash, password or "")
    if not ok or not user.active:
        audit.record("login.failed", actor=user, target=user, reason="credentials"
                     if not ok else "inactive")
        db.session.commit()
        raise ValidationError(_l("E-mail address or password is incorrect."))
    return user


def log_in(user: User, user_agent: str | None, replaces: str | None = None) -> str:
    """Start a new server-side session; returns its key for the cookie.

    ``replaces`` is the key hash of the session the browser had before (logging in again
    while logged in): it ends, so a copy of the old cookie stops working.
    """
    if replaces:
        sessions.revoke(replaces)
    key = sessions.start(user, user_agent)
    user.last_login_at = utcnow()
    audit.record("login.succeeded", actor=user, target=user)
    db.session.commit()
    return key


def log_out(user: User, key_hash: str | None) -> None:
    if key_hash:
        sessions.revoke(key_hash)
    audit.record("logout", actor=user, target=user)
    db.session.commit()


def request_password_reset(email: str) -> None:
    """Send a reset link if the account exists; say the same thing either way."""
    try:
        email = normalise_email(email)
    except ValidationError:
        return
    user = find_by_email(email)
    if user is None or not user.active:
        return
    token = tokens.make_link_token(user, "reset")
    link = mail.external_url(url_for("accounts.reset_password", token=token))
    mail.send_after_commit(mail.build(user.email, _l("Reset your password"), "reset",
                                      locale=user.locale, user=user, link=link))
    audit.record("password.reset_requested", actor=user, target=user)
    db.session.commit()


def check_reset_token(token: str) -> User:
    return _read_token(token, "reset", current_app.config["TOKEN_MAX_AGE_RESET"])


def reset_password(token: str, new_password: str) -> User:
    user = check_reset_token(token)
    _set_password(user, new_password, keep_session=None)
    if not user.is_confirmed:  # the link proved the address
        user.confirmed_at = utcnow()
    audit.record("password.reset", actor=user, target=user)
    db.session.commit()
    return user


def change_password(user: User, current: str, new_password: str, key_hash: str | None) -> int:
    """Change the password and end every other session; returns how many were ended."""
    if not passwords.verify_password(user.password_hash, current or ""):
        raise ValidationError(_l("Your current password is incorrect."), field="current_password")
    ended = _set_password(user, new_password, keep_session=key_hash)
    audit.record("password.changed", actor=user, target=user, sessions_ended=ended)
    mail.send_after_commit(mail.build(user.email, _l("Your password was changed"),
                                      "password_changed", locale=user.locale, user=user))
    db.session.commit()
    return ended


def _set_password(user: User, new_password: str, keep_session: str | None) -> int:
    passwords.check_policy(new_password, user_inputs=(user.email, user.name))
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    return sessions.revoke_all(user, except_hash=keep_session)


def end_other_sessions(user: User, key_hash: str | None) -> int:
    ended = sessions.revoke_all(user, except_hash=key_hash)
    audit.record("sessions.ended", actor=user, target=user, count=ended)
    db.session.commit()
    return ended


def change_email(user: User, password: str, new_email: str) -> None:
    """Needs the password again; the old address gets a notice, the new one a confirmation."""
    if not passwords.verify_password(user.password_hash, password or ""):
        raise ValidationError(_l("Your current password is incorrect."), field="current_password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        return
    if find_by_email(new_email):
        raise Conflict(_l("An account with this e-mail address already exists."), field="email")
    old = user.email
    user.email = new_email
    user.confirmed_at = None
    audit.record("email.changed", actor=user, target=user)
    mail.send_after_commit(mail.build(old, _l("Your e-mail address was changed"),
                                      "email_changed", locale=user.locale, user=user,
                                      new_email=new_email))
    _send_confirmation(user)
    db.session.commit()


PROFILE_FIELDS = ("name", "job_title", "bio", "municipality", "visibility")


def update_profile(actor: User, user: User, data: dict, expertise: list[str] | None = None) -> User:
    """Change the whitelisted profile fields only (role, e-mail, admin flags are ignored)."""
    require(actor, "edit", user)
    from ..taxonomy import MUNICIPALITIES

    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if isinstance(value, str):
            value = value.strip() or None
        if field == "name":
            value = _clean_name(value or "")
        elif field == "visibility" and value not in VISIBILITIES:
            raise ValidationError(_l("Choose a valid visibility."), field="visibility")
        elif field == "municipality" and value and value not in MUNICIPALITIES:
            raise ValidationError(_l("Choose a municipality in Limburg."), field="municipality")
        elif field in ("job_title",) and value and len(value) > 120:
            raise ValidationError(_l("At most 120 characters."), field=field)
        elif field == "bio" and value and len(value) > 4000:
            raise ValidationError(_l("At most 4000 characters."), field=field)
        setattr(user, field, value)
    if expertise is not None:
        try:
            user.expertise = tags_for(expertise, limit=12)
        except ValidationError as exc:  # shown at the expertise field, not as a page message
            raise ValidationError(exc.message, field="expertise") from exc
    db.session.commit()
    return user


def set_locale(user: User, locale: str) -> None:
    if locale not in current_app.config["LANGUAGES"]:
        raise ValidationError(_l("Unknown language."))
    user.locale = locale
    db.session.commit()


def set_role(actor: User, user: User, role: str) -> None:
    require(actor, "change_role", user)
    if role not in ROLES:
        raise ValidationError(_l("Unknown role."), field="role")
    old = user.role
    user.role = role
    audit.record("user.role_changed", actor=actor, target=user, old=old, new=role)
    db.session.commit()


def create_user(email: str, name: str, role: str, password: str, confirmed: bool = True) -> User:
    """For the CLI and the demo: an account that is confirmed straight away."""
    if role not in ROLES:
        raise ValidationError(_l("Unknown role."), field="role")
    email = normalise_email(email)
    passwords.check_policy(password, user_inputs=(email, name))
    if find_by_email(email):
        raise Conflict(_l("An account with this e-mail address already exists."), field="email")
    user = User(email=email, name=_clean_name(name), role=role,
                password_hash=passwords.hash_password(password),
                confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", target=user, role=role)
    db.session.commit()
    return user


def create_api_token(user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    if scope not in ("read", "write"):
        raise ValidationError(_l("Scope must be read or write."), field="scope")
    name = (name or "").strip() or "token"
    token, raw = tokens.create_api_token(user, name, scope)
    db.session.flush()
    audit.record("token.created", actor=user, target=token, scope=scope, token_name=name)
    db.session.commit()
    return token, raw


def revoke_api_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    require(user, "revoke", token)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("token.revoked", actor=user, target=token)
        db.session.commit()


def api_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    ))


def set_avatar(actor: User, user: User, stream) -> User:
    from . import avatars

    require(actor, "edit", user)
    name = avatars.store(stream)
    old = user.avatar_file
    user.avatar_file = name
    try:
        db.session.commit()
    except Exception:
        avatars.remove(name)
        raise
    avatars.remove(old)
    return user
