"""Follow buttons, the home feed and the per-space activity stream."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.forms import EmptyForm
from ..security import safe_next
from . import services

bp = Blueprint("feeds", __name__, template_folder="templates")


def _cursor() -> int | None:
    value = request.args.get("before", type=int)
    return value if value and value > 0 else None


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("feeds.home"))


@bp.route("/follow/<target_type>/<int:target_id>", methods=["POST"])
@login_required
def follow(target_type: str, target_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.follow_target(current_user, target_type, target_id)
    flash(_("You are following this now. New contributions appear in your feed."), "success")
    return redirect(_back(), 303)


@bp.route("/unfollow/<target_type>/<int:target_id>", methods=["POST"])
@login_required
def unfollow(target_type: str, target_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.unfollow_target(current_user, target_type, target_id)
    flash(_("You are no longer following this."), "success")
    return redirect(_back(), 303)


@bp.route("/feed")
@login_required
def home():
    before = _cursor()
    previous = None if before else services.record_feed_visit(current_user)
    items, next_cursor = services.home_feed(current_user, before=before)
    services.flag_new(items, previous)
    return render_template("feeds/home.html", items=items, next_cursor=next_cursor,
                           first_visit=previous is None and not before)


@bp.route("/spaces/<slug>/activity")
def space_activity(slug: str):
    space = services.visible_space(current_user, slug)
    items, next_cursor = services.space_stream(current_user, space, before=_cursor())
    return render_template("feeds/space_activity.html", space=space, items=items,
                           next_cursor=next_cursor)


@bp.record_once
def _register_globals(state) -> None:
    def is_following(target_type: str, target_id: int) -> bool:
        return services.is_following(current_user, target_type, target_id)

    def follow_state(target_type: str, target_id: int) -> bool | None:
        """None for visitors (no button), else whether the user follows the target."""
        if not current_user.is_authenticated:
            return None
        return services.is_following(current_user, target_type, target_id)

    state.app.jinja_env.globals.update(is_following=is_following, follow_state=follow_state,
                                       feed_space_url=services.space_url)
