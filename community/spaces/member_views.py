"""Space pages about people: members, join requests, invitations; the Early Birds
feedback board; the feature-flag admin page. Routes on the ``spaces`` blueprint."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..accounts.forms import EmptyForm
from ..accounts.views import form_error
from ..errors import DomainError
from . import feedback, flags, memberships, services
from .forms import (
    FEEDBACK_LABELS,
    FLAG_LABELS,
    DecisionForm,
    FeedbackForm,
    FeedbackStatusForm,
    FlagForm,
    InviteForm,
    RoleForm,
)
from .models import FEEDBACK_STATES
from .views import bp, load, page_arg

# ---------------------------------------------------------------- members

@bp.route("/spaces/<slug>/members")
def members(slug: str):
    space = load(slug)
    access.require(current_user, "view_members", space)
    searchable = flags.feature_enabled(current_user, "member_search")
    q = (request.args.get("q") or "").strip()[:100] if searchable else ""
    pagination = services.members(current_user, space, q=q or None, page=page_arg(),
                                  per_page=current_app.config["SPACE_MEMBERS_PER_PAGE"])
    return render_template(
        "spaces/members.html", space=space, pagination=pagination, q=q, searchable=searchable,
        is_admin=access.can(current_user, "admin", space), empty_form=EmptyForm(),
        role_form=RoleForm())


@bp.route("/spaces/<slug>/members/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_member(slug: str, user_id: int):
    space = load(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    memberships.remove_member(current_user, space, user_id)
    if user_id == current_user.id:
        flash(_("You left %(space)s.", space=space.name), "success")
        return redirect(url_for("spaces.index"))
    flash(_("The member is removed."), "success")
    return redirect(url_for("spaces.members", slug=space.slug))


@bp.route("/spaces/<slug>/members/<int:user_id>/role", methods=["POST"])
@login_required
def member_role(slug: str, user_id: int):
    space = load(slug)
    access.require(current_user, "admin", space)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    memberships.set_role(current_user, space, user_id, form.role.data)
    flash(_("The role is changed."), "success")
    return redirect(url_for("spaces.members", slug=space.slug))


# ---------------------------------------------------------------- join requests

@bp.route("/spaces/<slug>/requests")
@login_required
def requests(slug: str):
    space = load(slug)
    access.require(current_user, "admin", space)
    return render_template("spaces/requests.html", space=space,
                           requests=memberships.pending_requests(current_user, space),
                           form=DecisionForm())


@bp.route("/spaces/<slug>/requests/<int:request_id>", methods=["POST"])
@login_required
def decide_request(slug: str, request_id: int):
    space = load(slug)
    access.require(current_user, "admin", space)
    form = DecisionForm()
    if not form.validate_on_submit() or form.decision.data not in ("approve", "decline"):
        abort(400)
    approve = form.decision.data == "approve"
    req = memberships.decide_request(current_user, space, request_id, approve)
    if approve:
        flash(_("%(name)s is now a member.", name=req.user.name), "success")
    else:
        flash(_("The request is declined."), "success")
    return redirect(url_for("spaces.requests", slug=space.slug))


# ---------------------------------------------------------------- invitations

@bp.route("/spaces/<slug>/invitations", methods=["GET", "POST"])
@login_required
def invitations(slug: str):
    space = load(slug)
    access.require(current_user, "invite", space)
    form = InviteForm()
    status = 200
    if form.validate_on_submit():
        try:
            memberships.invite(current_user, space, form.email.data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The invitation is sent."), "success")
            return redirect(url_for("spaces.invitations", slug=space.slug))
    elif form.is_submitted():
        status = 400
    pending = memberships.pending_invitations(current_user, space)
    return render_template("spaces/invitations.html", space=space, form=form,
                           invitations=pending, invitees=memberships.invitees(pending),
                           empty_form=EmptyForm()), status


@bp.route("/spaces/<slug>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(slug: str, invitation_id: int):
    space = load(slug)
    access.require(current_user, "invite", space)
    if not EmptyForm().validate_on_submit():
        abort(400)
    memberships.revoke_invitation(current_user, space, invitation_id)
    flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("spaces.invitations", slug=space.slug))


@bp.route("/spaces/invitations")
@login_required
def my_invitations():
    return render_template("spaces/invitations_mine.html",
                           invitations=memberships.my_invitations(current_user),
                           form=DecisionForm())


@bp.route("/spaces/invitations/<int:invitation_id>", methods=["POST"])
@login_required
def respond_invitation(invitation_id: int):
    form = DecisionForm()
    if not form.validate_on_submit() or form.decision.data not in ("accept", "decline"):
        abort(400)
    return _after_response(memberships.respond(current_user, invitation_id,
                                               form.decision.data == "accept"),
                           form.decision.data == "accept")


def _after_response(space, accepted: bool):
    if accepted:
        flash(_("Welcome to %(space)s.", space=space.name), "success")
        return redirect(url_for("spaces.show", slug=space.slug))
    flash(_("The invitation is declined."), "success")
    return redirect(url_for("spaces.my_invitations"))


@bp.route("/spaces/invitations/token/<token>", methods=["GET", "POST"])
@login_required
def invitation_token(token: str):
    invitation = memberships.find_by_token(token)
    form = DecisionForm()
    if form.validate_on_submit():
        if form.decision.data not in ("accept", "decline"):
            abort(400)
        accept = form.decision.data == "accept"
        return _after_response(memberships.respond_token(current_user, token, accept), accept)
    if form.is_submitted():
        abort(400)
    return render_template("spaces/invitations_token.html", invitation=invitation, form=form,
                           wrong_address=invitation.email != current_user.email)


# ---------------------------------------------------------------- Early Birds feedback

@bp.route("/spaces/<slug>/feedback", methods=["GET", "POST"])
@login_required
def feedback_board(slug: str):
    space = feedback.board(current_user, load(slug))
    can_write = access.can(current_user, "give_feedback", space)
    form = FeedbackForm()
    status = 200
    if form.is_submitted() and not can_write:
        abort(403)
    if form.validate_on_submit():
        try:
            feedback.create(current_user, space, form.title.data, form.body.data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("Thank you! Your feedback is on the board."), "success")
            return redirect(url_for("spaces.feedback_board", slug=space.slug))
    elif form.is_submitted():
        status = 400
    wanted = request.args.get("status")
    return render_template(
        "spaces/feedback.html", space=space, form=form, can_write=can_write,
        items=feedback.items(current_user, space, wanted), status=wanted,
        states=FEEDBACK_STATES, labels=FEEDBACK_LABELS,
        can_set_status=access.can(current_user, "view_all_feedback"),
        status_form=FeedbackStatusForm()), status


@bp.route("/spaces/<slug>/feedback/<int:item_id>/status", methods=["POST"])
@login_required
def feedback_status(slug: str, item_id: int):
    space = load(slug)
    item = feedback.get(current_user, space, item_id)
    access.require(current_user, "set_status", item)
    form = FeedbackStatusForm()
    if not form.validate_on_submit():
        abort(400)
    feedback.set_status(current_user, space, item_id, form.status.data)
    flash(_("The status is changed."), "success")
    return redirect(request.form.get("back") == "all" and url_for("spaces.feedback_overview")
                    or url_for("spaces.feedback_board", slug=space.slug))


@bp.route("/spaces/feedback")
@login_required
def feedback_overview():
    wanted = request.args.get("status")
    return render_template("spaces/feedback_all.html",
                           rows=feedback.all_items(current_user, wanted), status=wanted,
                           states=FEEDBACK_STATES, labels=FEEDBACK_LABELS,
                           status_form=FeedbackStatusForm())


# ---------------------------------------------------------------- feature flags

@bp.route("/admin/flags", methods=["GET", "POST"])
@login_required
def feature_flags():
    access.require(current_user, "manage_flags")
    form = FlagForm()
    status = 200
    if form.validate_on_submit():
        try:
            flags.set_flag(current_user, form.name.data, form.state.data, form.description.data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The feature flag is saved."), "success")
            return redirect(url_for("spaces.feature_flags"))
    elif form.is_submitted():
        status = 400
    return render_template("spaces/flags.html", flags=flags.all_flags(), form=form,
                           labels=FLAG_LABELS, known=flags.KNOWN_FLAGS), status
