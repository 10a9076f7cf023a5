"""Space pages: the list, create and edit, the space page with its posts, cover images.

Member lists, join requests, invitations, the feedback board and the feature-flag admin
page are in ``member_views.py`` (same blueprint). Every URL of a space loads it through
``services.find_visible``: a space the user may not know of answers 404 everywhere.
"""
from __future__ import annotations

import functools

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from jinja2 import TemplateNotFound
from werkzeug.routing import BuildError

from .. import access
from ..accounts.forms import EmptyForm
from ..accounts.views import form_error
from ..db import utcnow, write_after_request
from ..errors import Conflict, DomainError, ValidationError
from ..extensions import db
from ..text import plain_text, render_markdown, safe
from . import covers, flags, memberships, services
from .forms import VISIBILITY_LABELS, CoverForm, JoinRequestForm, SpaceForm
from .models import JoinRequest, Space, SpaceMembership
from .policy import membership

bp = Blueprint("spaces", __name__, template_folder="templates")

bp.add_app_template_global(flags.feature_enabled, "feature_enabled")


def page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1


def load(slug: str) -> Space:
    return services.find_visible(current_user, slug)


def maybe_url(endpoint: str, **values) -> str | None:
    """A URL for an endpoint another part of the app may or may not provide yet."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.app_template_filter("markdown")
def markdown_filter(source: str | None):
    """Space descriptions and rules: Markdown rendered and sanitised (text.py)."""
    return safe(render_markdown(source or ""))


@bp.app_template_filter("markdown_excerpt")
@functools.lru_cache(maxsize=2048)
def markdown_excerpt(source: str | None, limit: int = 180) -> str:
    """The first words of a Markdown text, as plain text (escaped by Jinja).

    Cached: rendering and sanitising every description on each list view was most of the
    cost of /spaces; the result depends only on the arguments.
    """
    return plain_text(render_markdown(source or ""), limit)


def template_exists(name: str) -> bool:
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return False
    return True


@bp.route("/spaces")
def index():
    mine = request.args.get("mine") == "1" and current_user.is_authenticated
    q = (request.args.get("q") or "").strip()[:100]
    pagination = services.list_spaces(current_user, mine=mine, q=q, page=page_arg())
    ids = [s.id for s in pagination.items]
    return render_template(
        "spaces/space_list.html", pagination=pagination, mine=mine, q=q,
        counts=services.member_counts(ids),
        my_memberships=services.memberships_of(current_user, ids),
        visibility_labels=VISIBILITY_LABELS,
        can_create=access.can(current_user, "create", "space"),
    )


@bp.route("/spaces/new", methods=["GET", "POST"])
@login_required
def create():
    access.require(current_user, "create", "space")
    form = SpaceForm(allow_secret=access.can(current_user, "create_secret", "space"))
    status = 200
    if form.validate_on_submit():
        try:
            space = services.create_space(current_user, _form_data(form))
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The space is created. You are its admin."), "success")
            return redirect(url_for("spaces.show", slug=space.slug))
    elif form.is_submitted():
        status = 400
    return render_template("spaces/space_form.html", form=form, space=None), status


def _form_data(form: SpaceForm) -> dict:
    return {"name": form.name.data, "description": form.description.data,
            "rules": form.rules.data, "visibility": form.visibility.data}


def space_events(space: Space) -> tuple[list, str | None]:
    """The space's next events and the link to organise one there, when the events
    feature is installed (else nothing). One query."""
    try:
        from ..events.services import upcoming_in_space
    except ModuleNotFoundError as exc:  # the events feature is not installed
        if not (exc.name or "").startswith("community.events"):
            raise
        return [], None
    new_url = (maybe_url("events.create", space=space.slug)
               if access.can(current_user, "create_event", space) else None)
    return upcoming_in_space(space, limit=3), new_url


@bp.route("/spaces/<slug>")
def show(slug: str):
    space = load(slug)
    can_content = access.can(current_user, "view_content", space)
    me = membership(current_user, space)
    posts, next_cursor = [], None
    if can_content:
        cursor = (request.args.get("cursor") or "")[:200] or None
        posts, next_cursor = services.space_posts(
            current_user, space, cursor=cursor,
            per_page=current_app.config["SPACE_POSTS_PER_PAGE"])
    last_visit = me.last_visit_at if me is not None else None
    if me is not None and not request.args.get("cursor"):
        write_after_request(
            sa.update(SpaceMembership)
            .where(SpaceMembership.space_id == space.id,
                   SpaceMembership.user_id == current_user.id)
            .values(last_visit_at=utcnow()))
    events, new_event_url = space_events(space) if can_content else ([], None)
    is_admin = access.can(current_user, "admin", space)
    pending = 0
    if is_admin:
        pending = db.session.scalar(
            db.select(db.func.count()).select_from(JoinRequest)
            .where(JoinRequest.space_id == space.id, JoinRequest.status == "pending")) or 0
    return render_template(
        "spaces/space_show.html", space=space, posts=posts, next_cursor=next_cursor,
        can_content=can_content, membership=me, last_visit=last_visit,
        member_count=services.member_count(space), is_admin=is_admin, pending_requests=pending,
        my_request=memberships.my_request(current_user, space) if me is None else None,
        can_join=access.can(current_user, "join", space),
        can_request=access.can(current_user, "request_join", space),
        can_post=access.can(current_user, "post", space),
        new_post_url=maybe_url("posts.create", slug=space.slug),
        post_url=lambda post: maybe_url("posts.show", slug=space.slug, post_id=post.id),
        visibility_labels=VISIBILITY_LABELS, follow_macros=template_exists("feeds/macros.html"),
        empty_form=EmptyForm(), request_form=JoinRequestForm(),
        space_events=events, new_event_url=new_event_url,
    )


@bp.route("/spaces/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    space = load(slug)
    access.require(current_user, "edit", space)
    allow_secret = access.can(current_user, "create_secret", "space")
    form = SpaceForm(obj=space, allow_secret=allow_secret or space.visibility == "secret")
    status = 200
    if form.validate_on_submit():
        try:
            services.update_space(current_user, space, _form_data(form))
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The space is saved."), "success")
            return redirect(url_for("spaces.show", slug=space.slug))
    elif form.is_submitted():
        status = 400
    return render_template("spaces/space_form.html", form=form, space=space,
                           cover_form=CoverForm(prefix="cover"), empty_form=EmptyForm()), status


@bp.route("/spaces/<slug>/cover", methods=["POST"])
@login_required
def upload_cover(slug: str):
    space = load(slug)
    access.require(current_user, "edit", space)
    form = CoverForm(prefix="cover")
    status = 400
    if form.validate_on_submit():
        try:
            services.set_cover(current_user, space, form.cover.data.stream)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The cover image is saved."), "success")
            return redirect(url_for("spaces.edit", slug=space.slug))
    return render_template("spaces/space_form.html", space=space, cover_form=form,
                           form=SpaceForm(obj=space, allow_secret=space.visibility == "secret"
                                          or access.can(current_user, "create_secret", "space")),
                           empty_form=EmptyForm()), status


@bp.route("/spaces/<slug>/cover/remove", methods=["POST"])
@login_required
def remove_cover(slug: str):
    space = load(slug)
    access.require(current_user, "edit", space)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.remove_cover(current_user, space)
    flash(_("The cover image is removed."), "success")
    return redirect(url_for("spaces.edit", slug=space.slug))


@bp.route("/spaces/<slug>/cover")
def cover(slug: str):
    space = load(slug)
    path = covers.path_of(space.cover_file) if space.cover_file else None
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=3600, etag=True)


@bp.route("/spaces/<slug>/join", methods=["POST"])
@login_required
def join(slug: str):
    space = load(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    memberships.join(current_user, space)
    flash(_("Welcome to %(space)s.", space=space.name), "success")
    return redirect(url_for("spaces.show", slug=space.slug))


@bp.route("/spaces/<slug>/leave", methods=["POST"])
@login_required
def leave(slug: str):
    space = load(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    memberships.leave(current_user, space)
    flash(_("You left %(space)s.", space=space.name), "success")
    if access.can(current_user, "view", space):
        return redirect(url_for("spaces.show", slug=space.slug))
    return redirect(url_for("spaces.index"))


@bp.route("/spaces/<slug>/request", methods=["POST"])
@login_required
def request_join(slug: str):
    space = load(slug)
    form = JoinRequestForm()
    if not form.validate_on_submit():
        abort(400)  # only the CSRF token can fail here; the service checks the message
    try:
        memberships.request_join(current_user, space, form.message.data)
    except (ValidationError, Conflict) as exc:
        flash(str(exc.message), "error")
        return show(slug), exc.status
    flash(_("Your request is sent. A space admin will answer it."), "success")
    return redirect(url_for("spaces.show", slug=space.slug))


from . import member_views  # noqa: E402,F401  (more routes on the same blueprint)
