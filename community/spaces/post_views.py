"""Post pages: write (with preview), read, edit, history, delete; comments, "nuttig",
bookmarks and attachment downloads.

Every URL loads the post through ``post_queries.find_post`` (404 when missing or not
visible) and checks that it belongs to the space in the URL. ``/posts/<id>`` is a short
link that redirects to the canonical ``/spaces/<slug>/posts/<id>`` (for notifications
and feeds).
"""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..accounts.forms import EmptyForm
from ..accounts.views import form_error
from ..errors import DomainError, NotFound
from ..extensions import limiter
from ..tags import THEMES
from ..text import render_markdown, safe
from . import attachments, mentions
from . import post_queries as queries
from . import post_services as services
from .policy import membership
from .post_forms import CommentForm, PostForm
from .post_models import Post
from .post_policy import may_delete_comment, may_edit_comment
from .services import find_visible

bp = Blueprint("posts", __name__, template_folder="templates")


@bp.app_template_filter("sanitised")
def sanitised_filter(html: str | None):
    """Stored ``body_html`` (sanitised when written by ``text.render_markdown``) as Markup."""
    return safe(html)


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1


def _load(slug: str | None, post_id: int) -> Post:
    post = queries.find_post(current_user, post_id)
    if slug != post.space.slug:
        raise NotFound()
    return post


def post_url(post: Post, **kw) -> str:
    return url_for("posts.show", slug=post.space.slug, post_id=post.id, **kw)


def _require_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


# ---------------------------------------------------------------- write

def _can_mark() -> bool:
    return access.can(current_user, "moderate")


def _form_kwargs(form: PostForm, can_mark: bool) -> dict:
    return dict(
        title=form.title.data, body_md=form.body.data,
        tags=services.tag_labels(form.themes.data, form.free_tags()),
        review_on=form.review_on.data,
        files=request.files.getlist(form.attachments.name),
        featured=form.featured.data if can_mark else None,
        official=form.official.data if can_mark else None,
    )


def _preview(form: PostForm) -> str | None:
    """The "Preview" button without JavaScript: render the form again with the preview."""
    body = (form.body.data or "")[: current_app.config["POST_BODY_MAX"]]
    return mentions.preview(body)


@bp.route("/spaces/<slug>/posts/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    space = find_visible(current_user, slug)
    access.require(current_user, "post", space)
    form = PostForm()
    can_mark = _can_mark()
    status, preview = 200, None
    if form.is_submitted() and request.form.get("action") == "preview":
        preview = _preview(form)  # saves nothing
    elif form.validate_on_submit():
        try:
            post = services.create_post(current_user, space, **_form_kwargs(form, can_mark))
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("Your best practice is published."), "success")
            return redirect(post_url(post))
    elif form.is_submitted():
        status = 400
    return render_template("spaces/post_form.html", form=form, space=space, post=None,
                           can_mark=can_mark, preview=preview and safe(preview)), status


@bp.route("/spaces/<slug>/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, post_id: int):
    post = _load(slug, post_id)
    access.require(current_user, "edit", post)
    existing = queries.post_attachments(post)
    form = PostForm(existing_attachments=existing)
    can_mark = access.can(current_user, "feature", post)
    status, preview = 200, None
    if not form.is_submitted():
        form.title.data, form.body.data = post.title, post.body_md
        form.themes.data = [t.slug for t in post.tags if t.slug in THEMES]
        form.tags.data = ", ".join(t.label for t in post.tags if t.slug not in THEMES)
        form.review_on.data = post.review_on
        form.featured.data, form.official.data = post.is_featured, post.is_official
    elif request.form.get("action") == "preview":
        preview = _preview(form)
    elif form.validate_on_submit():
        try:
            services.update_post(current_user, post, **_form_kwargs(form, can_mark),
                                 remove_attachments=form.remove_attachments.data or ())
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The post is saved."), "success")
            return redirect(post_url(post))
    else:
        status = 400
    return render_template("spaces/post_form.html", form=form, space=post.space, post=post,
                           can_mark=can_mark, preview=preview and safe(preview)), status


@bp.route("/posts/preview", methods=["POST"])
@login_required
@limiter.limit("60 per minute")
def preview():
    """Progressive enhancement for the form (static/js/preview.js): sanitised HTML as JSON."""
    body = request.form.get("body")
    if body is None:
        body = (request.get_json(silent=True) or {}).get("body")
    if not isinstance(body, str):
        return jsonify({"status": 400, "message": _("Send the text as 'body'.")}), 400
    limit = current_app.config["POST_BODY_MAX"]
    if len(body) > limit:
        return jsonify({"status": 400, "message": _("The text has at most %(n)d characters.",
                                                    n=limit)}), 400
    return jsonify({"html": mentions.preview(body)})


# ---------------------------------------------------------------- read

def _render_show(post: Post, comment_form: CommentForm | None = None, status: int = 200):
    # Held for the whole request: the identity map keeps only referenced objects, and every
    # permission below asks for this membership again (a lookup instead of a query).
    my_membership = membership(current_user, post.space)  # noqa: F841
    threads = queries.comment_threads(current_user, post)
    comment_ids = [t.comment.id for t in threads] + [r.id for t in threads for r in t.replies]
    moderates = access.can(current_user, "moderate_comments", post)

    def comment_can(action: str, comment) -> bool:
        if action == "edit":
            return may_edit_comment(current_user, post, comment)
        if action == "delete":
            return may_delete_comment(current_user, comment, moderates)
        return False

    return render_template(
        "spaces/post_show.html", post=post, space=post.space, threads=threads,
        attachments=queries.post_attachments(post),
        reacted=queries.my_reactions(current_user, post, comment_ids),
        bookmarked=queries.is_bookmarked(current_user, post),
        outdated=services.is_outdated(post),
        can_comment=access.can(current_user, "comment", post),
        can_react=access.can(current_user, "react", post),
        can_bookmark=access.can(current_user, "bookmark", post),
        can_edit=access.can(current_user, "edit", post),
        can_delete=access.can(current_user, "delete", post),
        can_mark=access.can(current_user, "feature", post),
        can_history=access.can(current_user, "history", post),
        comment_can=comment_can, comment_form=comment_form or CommentForm(),
        post_url=post_url,
    ), status


@bp.route("/posts/<int:post_id>", defaults={"slug": None})
@bp.route("/spaces/<slug>/posts/<int:post_id>")
def show(post_id: int, slug: str | None):
    post = queries.find_post(current_user, post_id)
    if slug != post.space.slug:  # short link, or the post moved to another space
        return redirect(post_url(post), 301)
    return _render_show(post)


@bp.route("/spaces/<slug>/posts/<int:post_id>/history")
def history(slug: str, post_id: int):
    post = _load(slug, post_id)
    access.require(current_user, "history", post)
    revisions = queries.revisions(post)
    rendered = {r.id: safe(render_markdown(r.body_md)) for r in revisions}
    return render_template("spaces/post_history.html", post=post, space=post.space,
                           revisions=revisions, rendered=rendered, post_url=post_url)


@bp.route("/spaces/<slug>/posts/<int:post_id>/attachments/<int:attachment_id>")
def attachment(slug: str, post_id: int, attachment_id: int):
    """Downloads only: ``Content-Disposition: attachment``, the checked type, nosniff."""
    post = _load(slug, post_id)
    att = queries.find_attachment(current_user, post, attachment_id)
    path = attachments.path_of(att.stored_name)
    if not path.is_file():
        abort(404)
    resp = send_file(path, mimetype=att.content_type, as_attachment=True,
                     download_name=att.filename, max_age=0, conditional=True)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


@bp.route("/bookmarks")
@login_required
def bookmarks():
    pagination = queries.bookmarks(current_user, page=_page_arg())
    return render_template("spaces/post_bookmarks.html", pagination=pagination,
                           post_url=post_url)


# ---------------------------------------------------------------- change

@bp.route("/spaces/<slug>/posts/<int:post_id>/delete", methods=["POST"])
@login_required
def delete(slug: str, post_id: int):
    post = _load(slug, post_id)
    access.require(current_user, "delete", post)
    _require_form()
    services.delete_post(current_user, post)
    flash(_("The post is deleted."), "success")
    return redirect(url_for("spaces.show", slug=post.space.slug))


@bp.route("/spaces/<slug>/posts/<int:post_id>/marks", methods=["POST"])
@login_required
def marks(slug: str, post_id: int):
    post = _load(slug, post_id)
    access.require(current_user, "feature", post)
    _require_form()
    services.set_marks(current_user, post, featured=request.form.get("featured") == "1",
                       official=request.form.get("official") == "1")
    flash(_("The marks are saved."), "success")
    return redirect(post_url(post))


@bp.route("/spaces/<slug>/posts/<int:post_id>/useful", methods=["POST"])
@login_required
def react(slug: str, post_id: int):
    post = _load(slug, post_id)
    access.require(current_user, "react", post)
    _require_form()
    services.set_reaction(current_user, post, request.form.get("on", "1") != "0")
    return redirect(post_url(post, _anchor="post-actions"))


@bp.route("/spaces/<slug>/posts/<int:post_id>/bookmark", methods=["POST"])
@login_required
def bookmark(slug: str, post_id: int):
    post = _load(slug, post_id)
    access.require(current_user, "bookmark", post)
    _require_form()
    on = request.form.get("on", "1") != "0"
    services.set_bookmark(current_user, post, on)
    flash(_("Saved in your bookmarks.") if on else _("Removed from your bookmarks."),
          "success")
    return redirect(post_url(post, _anchor="post-actions"))


# ---------------------------------------------------------------- comments

@bp.route("/spaces/<slug>/posts/<int:post_id>/comments", methods=["POST"])
@login_required
def comment(slug: str, post_id: int):
    post = _load(slug, post_id)
    access.require(current_user, "comment", post)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            new = services.add_comment(current_user, post, form.body.data,
                                       parent_id=form.parent_id.data or None)
        except DomainError as exc:
            if exc.status == 404:
                raise
            status = form_error(form, exc)
        else:
            flash(_("Your comment is placed."), "success")
            return redirect(post_url(post, _anchor=f"comment-{new.id}"))
    else:
        status = 400
        if form.parent_id.data:  # a reply form has no error slot of its own
            flash(" ".join(form.body.errors) or _("Write a reply."), "error")
    return _render_show(post, comment_form=form if not form.parent_id.data else None,
                        status=status)


def _load_comment(slug: str, post_id: int, comment_id: int):
    post = _load(slug, post_id)
    return post, queries.find_comment(current_user, post, comment_id)


@bp.route("/spaces/<slug>/posts/<int:post_id>/comments/<int:comment_id>/edit",
          methods=["GET", "POST"])
@login_required
def edit_comment(slug: str, post_id: int, comment_id: int):
    post, item = _load_comment(slug, post_id, comment_id)
    access.require(current_user, "edit", item)
    form = CommentForm()
    status = 200
    if not form.is_submitted():
        form.body.data = item.body_md
    elif form.validate_on_submit():
        try:
            services.edit_comment(current_user, item, form.body.data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("Your comment is saved."), "success")
            return redirect(post_url(post, _anchor=f"comment-{item.id}"))
    else:
        status = 400
    return render_template("spaces/comment_form.html", form=form, post=post, comment=item,
                           space=post.space, post_url=post_url), status


@bp.route("/spaces/<slug>/posts/<int:post_id>/comments/<int:comment_id>/delete",
          methods=["POST"])
@login_required
def delete_comment(slug: str, post_id: int, comment_id: int):
    post, item = _load_comment(slug, post_id, comment_id)
    access.require(current_user, "delete", item)
    _require_form()
    services.delete_comment(current_user, item)
    flash(_("The comment is deleted."), "success")
    return redirect(post_url(post, _anchor="comments"))


@bp.route("/spaces/<slug>/posts/<int:post_id>/comments/<int:comment_id>/useful",
          methods=["POST"])
@login_required
def react_comment(slug: str, post_id: int, comment_id: int):
    post, item = _load_comment(slug, post_id, comment_id)
    access.require(current_user, "react", item)
    _require_form()
    services.set_reaction(current_user, item, request.form.get("on", "1") != "0")
    return redirect(post_url(post, _anchor=f"comment-{item.id}"))
