"""Access rules for users and their profiles."""
from __future__ import annotations

from ..access import has_role, is_authenticated, is_staff, rule
from .models import ApiToken, User


@rule("view", User)
def view_profile(user, profile: User) -> bool:
    if not profile.active:
        return is_staff(user)
    if profile.visibility == "public":
        return True
    if profile.visibility == "members":
        return is_authenticated(user)
    return is_authenticated(user) and (user.id == profile.id or is_staff(user))


@rule("edit", User)
def edit_profile(user, profile: User) -> bool:
    return is_authenticated(user) and (user.id == profile.id or has_role(user, "admin"))


@rule("change_role", User)
def change_role(user, profile: User) -> bool:
    return has_role(user, "admin") and user.id != profile.id


@rule("view", ApiToken)
def view_token(user, token: ApiToken) -> bool:
    return is_authenticated(user) and token.user_id == user.id


@rule("revoke", ApiToken)
def revoke_token(user, token: ApiToken) -> bool:
    return view_token(user, token)
