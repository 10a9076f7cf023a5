"""Moderation pages: report an item, the moderation queue, moderator actions, move."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..accounts.views import form_error
from ..errors import DomainError, NotFound
from ..extensions import db
from ..security import safe_next
from . import services, targets
from .forms import REASON_LABELS, ActionForm, MoveForm, ReportForm, reason_choices

bp = Blueprint("moderation", __name__, template_folder="templates")


class _Ui:
    """The ``moderation`` Jinja global: imported macros get no template context, so
    they ask here (it reads the logged-in user itself)."""

    @staticmethod
    def logged_in() -> bool:
        return access.is_authenticated(current_user)

    @staticmethod
    def user_id() -> int | None:
        return current_user.id if access.is_authenticated(current_user) else None

    @staticmethod
    def can(action: str, obj="site") -> bool:
        return access.can(current_user, action, obj)

    @staticmethod
    def reasons():
        return reason_choices()

    @staticmethod
    def kind(target_type: str):
        return targets.get(target_type)


@bp.record_once
def _install_globals(state) -> None:
    state.app.jinja_env.globals["moderation"] = _Ui()


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1


def _back(obj=None) -> str:
    fallback = None
    if obj is not None:
        fallback = targets.kind_of(obj).url(obj)
    return safe_next(request.values.get("next"), fallback or url_for("site.home"))


@bp.route("/moderation")
@login_required
def queue():
    access.require(current_user, "moderate")
    result = services.queue(current_user, page=_page_arg())
    return render_template("moderation/queue.html", queue=result, reasons=REASON_LABELS)


@bp.route("/moderation/report/<target_type>/<int:target_id>", methods=["GET", "POST"])
@login_required
def report(target_type: str, target_id: int):
    obj = services.load_target(current_user, target_type, target_id)
    access.require(current_user, "report", obj)
    kind = targets.kind_of(obj)
    form = ReportForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.report(current_user, obj, form.reason.data, form.note.data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("Thank you. A moderator will look at your report."), "success")
            return redirect(_back(obj))
    elif form.is_submitted():
        status = 400
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "") or None
    already = services.has_reported(current_user, kind.name, obj.id)
    return render_template("moderation/report.html", form=form, kind=kind, target=obj,
                           already=already), status


_ACTION_MESSAGES = {
    "hide": lambda: _("The content is hidden."),
    "restore": lambda: _("The content is visible again."),
    "lock": lambda: _("The post is locked: no new comments."),
    "unlock": lambda: _("The post is open for comments again."),
    "delete": lambda: _("The content is deleted."),
    "dismiss": lambda: _("The reports are dismissed."),
    "resolve": lambda: _("The reports are marked as resolved."),
}


@bp.route("/moderation/<target_type>/<int:target_id>/<any(hide, restore, lock, unlock, "
          "delete, dismiss, resolve):action>", methods=["POST"])
@login_required
def act(target_type: str, target_id: int, action: str):
    obj = services.load_target(current_user, target_type, target_id)
    access.require(current_user, "moderate", obj)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.ACTIONS[action](current_user, obj)
    flash(_ACTION_MESSAGES[action](), "success")
    return redirect(safe_next(request.form.get("next"), url_for("moderation.queue")), 303)


@bp.route("/moderation/<target_type>/<int:target_id>/move", methods=["GET", "POST"])
@login_required
def move(target_type: str, target_id: int):
    obj = services.load_target(current_user, target_type, target_id)
    access.require(current_user, "moderate", obj)
    kind = targets.kind_of(obj)
    if not kind.movable:
        raise NotFound()
    from ..spaces.models import Space

    form = MoveForm()
    form.space.choices = [(s.id, s.name) for s in services.spaces_for_move(current_user)]
    status = 200
    if form.validate_on_submit():
        try:
            services.move(current_user, obj, db.session.get(Space, form.space.data))
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The post is moved."), "success")
            return redirect(safe_next(form.next.data, url_for("moderation.queue")), 303)
    elif form.is_submitted():
        status = 400
    else:
        form.space.data = kind.space_id(obj)
        form.next.data = safe_next(request.args.get("next"), "") or None
    return render_template("moderation/move.html", form=form, kind=kind, target=obj), status
