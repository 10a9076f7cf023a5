"""Who may see or do what: the one place where it is decided.

``can(user, action, obj)`` answers every permission question. Rules are registered per
(action, object type) with ``@rule``; each feature keeps its rules in its ``policy.py``
module (the way Discourse splits its Guardian), imported by ``load_policies`` at start-up,
so there is still one dispatcher and one table to read. A missing rule is a refusal.

Query filters (``visible_*``) live next to the rules they mirror, and views turn a
refusal to *see* into 404, so hidden content is indistinguishable from missing content.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from flask_login import AnonymousUserMixin

from .errors import Forbidden, NotFound

_RULES: dict[tuple[str, type | str], Callable] = {}



def rule(action: str, kind: type | str):
    """Register a rule ``fn(user, obj) -> bool`` for ``action`` on objects of ``kind``.

    ``kind`` may be a class or a string for actions without an object (``"site"``).
    """

    def decorator(fn):
        _RULES[(action, kind)] = fn
        return fn

    return decorator


def load_policies(packages: list[str]) -> None:
    """Import ``<package>.policy`` for every feature package that has one."""
    for package in packages:
        try:
            import_module(f"{package}.policy")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.policy":
                raise


def is_authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_role(user, *roles: str) -> bool:
    return is_authenticated(user) and user.role in roles


def is_staff(user) -> bool:
    return has_role(user, "moderator", "admin")


def _lookup(action: str, obj) -> Callable | None:
    if isinstance(obj, str):
        return _RULES.get((action, obj))
    for klass in type(obj).__mro__:
        found = _RULES.get((action, klass))
        if found:
            return found
    return None


def _unwrap(value):
    """``current_user`` is a proxy; rules dispatch on the real object's type."""
    getter = getattr(value, "_get_current_object", None)
    return getter() if callable(getter) else value


def can(user, action: str, obj="site") -> bool:
    """True when ``user`` (maybe anonymous or None) may do ``action`` on ``obj``."""
    if user is None:
        user = AnonymousUserMixin()
    user = _unwrap(user)
    obj = _unwrap(obj)
    if is_authenticated(user) and not user.is_active:
        return False
    fn = _lookup(action, obj)
    return bool(fn and fn(user, obj))


def require(user, action: str, obj="site"):
    """Raise unless allowed. A refused ``view`` is NotFound: hidden looks like missing."""
    if can(user, action, obj):
        return obj
    if isinstance(obj, str):  # site-wide actions hide nothing
        raise Forbidden()
    if action == "view" or not can(user, "view", obj):
        raise NotFound()
    raise Forbidden()


def get_visible(user, model, ident):
    """Load ``model`` by primary key, or raise NotFound if missing or not visible."""
    from .extensions import db

    obj = db.session.get(model, ident) if ident is not None else None
    if obj is None or not can(user, "view", obj):
        raise NotFound()
    return obj


# ---------------------------------------------------------------- site-wide actions

@rule("admin", "site")
def _site_admin(user, _):
    return has_role(user, "admin")


@rule("moderate", "site")
def _site_moderate(user, _):
    return is_staff(user)


@rule("view_audit", "site")
def _site_audit(user, _):
    return has_role(user, "admin")
