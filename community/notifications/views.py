"""The notifications inbox, e-mail preferences, unsubscribe links and the digest command."""
from __future__ import annotations

import click
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.forms import EmptyForm
from ..extensions import csrf
from . import delivery, services
from .forms import PreferencesForm

bp = Blueprint("notifications", __name__, template_folder="templates",
               cli_group="notifications")


def _cursor() -> int | None:
    value = request.args.get("before", type=int)
    return value if value and value > 0 else None


@bp.route("/notifications")
@login_required
def inbox():
    unread_only = request.args.get("unread") == "1"
    items, next_cursor = services.inbox(current_user, before=_cursor(), unread_only=unread_only)
    return render_template("notifications/inbox.html", items=items, next_cursor=next_cursor,
                           unread_only=unread_only, describe=services.describe)


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_read(current_user, notification_id)
    return redirect(url_for("notifications.inbox"), 303)


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def mark_all_read():
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_all_read(current_user)
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.inbox"), 303)


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    pref = services.preference(current_user)
    form = PreferencesForm(email_mode=pref.email_mode)
    status = 200
    if form.validate_on_submit():
        services.set_email_mode(current_user, form.email_mode.data)
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.preferences"), 303)
    if form.is_submitted():
        status = 400
    return render_template("notifications/preferences.html", form=form), status


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # authenticated by the signed token in the URL (RFC 8058 one-click POST)
def unsubscribe(token: str):
    user = delivery.user_for_token(token)  # a tampered token: 400 before anything else
    if request.method == "POST":
        delivery.unsubscribe(token)
        return render_template("notifications/unsubscribed.html")
    return render_template("notifications/unsubscribe.html", token=token,
                           already_off=services.preference(user).email_mode == "off")


@bp.cli.command("digest")
@click.option("--period", type=click.Choice(sorted(delivery.PERIODS)), required=True,
              help="Which digest to send.")
def digest_command(period: str) -> None:
    """Send the daily or weekly notification digests (safe to run twice)."""
    from flask import current_app

    with current_app.test_request_context(
            "/", base_url=current_app.config["SERVER_NAME_FOR_MAIL"]):
        sent = delivery.send_digests(period)
    click.echo(f"{sent} {period} digest(s) sent")


@bp.record_once
def _register_globals(state) -> None:
    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return services.unread_count(current_user)

    state.app.jinja_env.globals["unread_notifications"] = unread_notifications
