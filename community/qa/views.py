"""Pages of the knowledge square: the queues, asking, a question with its answers and
comments, voting, accepting, helpful marks, closing, history, top contributors, a user's
reputation and the "similar questions" JSON for the ask form.

Every URL loads its question through ``queries.find_question`` (404 when missing or not
visible); the services decide the rest and raise domain errors that become messages.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..accounts.forms import EmptyForm
from ..accounts.models import User
from ..accounts.views import form_error
from ..errors import DomainError, NotFound
from ..extensions import limiter
from ..taxonomy import SECTORS
from ..text import render_markdown, safe
from . import queries, reputation, votes
from . import services as services
from .forms import AnswerForm, CloseForm, CommentForm, QuestionForm, TagsForm
from .models import QaComment, Question

bp = Blueprint("qa", __name__, template_folder="templates", cli_group="qa")


@bp.app_template_global("reputation_of")
def reputation_global(user) -> int:
    return reputation.reputation_of(user)


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1


def _require_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _labels(raw: str | None) -> list[str]:
    return [t for t in (raw or "").split(",") if t.strip()]


def _back(question: Question, anchor: str | None = None):
    return redirect(url_for("qa.show", question_id=question.id, _anchor=anchor))


# ---------------------------------------------------------------- lists

@bp.route("/qa")
def index():
    queue = request.args.get("queue", "newest")
    if queue not in queries.QUEUES:
        queue = "newest"
    tag = (request.args.get("tag") or "").strip()[:60] or None
    sector = (request.args.get("sector") or "").strip().upper()[:1] or None
    if sector not in SECTORS:
        sector = None
    pagination = queries.queue_page(current_user, queue, page=_page_arg(), tag=tag,
                                    sector=sector)
    return render_template("qa/index.html", pagination=pagination, queue=queue, tag=tag,
                           sector=sector, sectors=SECTORS,
                           can_ask=access.can(current_user, "ask"))


@bp.route("/qa/top")
def top():
    period = request.args.get("period", "week")
    if period not in reputation.PERIODS:
        period = "week"
    return render_template("qa/top.html", period=period,
                           rows=reputation.top_contributors(period))


@bp.route("/qa/users/<int:user_id>/reputation")
def user_reputation(user_id: int):
    person = access.get_visible(current_user, User, user_id)
    return render_template("qa/reputation.html", person=person,
                           total=reputation.reputation_of(person),
                           events=reputation.history(person),
                           reason_labels=reputation.REASON_LABELS)


@bp.route("/qa/similar")
@limiter.limit("120 per minute")
def similar():
    """Questions whose title starts like what is being typed (progressive enhancement)."""
    from ..search.services import suggest_titles

    text = (request.args.get("q") or "")[:200]
    try:
        items = suggest_titles(current_user, text, doc_type="question", limit=5)
    except DomainError as exc:
        return jsonify({"status": exc.status, "message": str(exc.message), "items": []}), \
            exc.status
    return jsonify({"items": [{"title": i["title"], "url": i["url"]} for i in items]})


# ---------------------------------------------------------------- asking and editing

@bp.route("/qa/ask", methods=["GET", "POST"])
@login_required
def ask():
    space = None
    slug = request.args.get("space")
    if slug:
        from ..spaces.services import find_visible

        space = find_visible(current_user, slug)
        access.require(current_user, "post", space)
    else:
        access.require(current_user, "ask")
    form = QuestionForm()
    status = 200
    if form.validate_on_submit():
        try:
            question = services.ask(current_user, title=form.title.data,
                                    body_md=form.body.data, tags=_labels(form.tags.data),
                                    sector=form.sector.data or None, space=space)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("Your question is published."), "success")
            return _back(question)
    elif form.is_submitted():
        status = 400
    return render_template("qa/ask.html", form=form, space=space, question=None), status


@bp.route("/qa/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit(question_id: int):
    question = queries.find_question(current_user, question_id)
    access.require(current_user, "edit", question)
    form = QuestionForm()
    status = 200
    if not form.is_submitted():
        form.title.data, form.body.data = question.title, question.body_md
        form.tags.data = ", ".join(t.label for t in question.tags)
        form.sector.data = question.sector or ""
    elif form.validate_on_submit():
        try:
            services.edit_question(current_user, question, title=form.title.data,
                                   body_md=form.body.data, tags=_labels(form.tags.data),
                                   sector=form.sector.data or None)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("The question is saved."), "success")
            return _back(question)
    else:
        status = 400
    return render_template("qa/ask.html", form=form, space=question.space,
                           question=question), status


@bp.route("/qa/<int:question_id>/tags", methods=["POST"])
@login_required
def retag(question_id: int):
    question = queries.find_question(current_user, question_id)
    access.require(current_user, "retag", question)
    form = TagsForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.retag(current_user, question, _labels(form.tags.data))
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(str(exc.message), "error")
        return _back(question)
    flash(_("The tags are saved."), "success")
    return _back(question)


@bp.route("/qa/<int:question_id>/history")
def history(question_id: int):
    question = queries.find_question(current_user, question_id)
    access.require(current_user, "history", question)
    revisions = queries.revisions(question)
    rendered = {r.id: safe(render_markdown(r.body_md)) for r in revisions}
    return render_template("qa/history.html", question=question, revisions=revisions,
                           rendered=rendered)


@bp.route("/qa/<int:question_id>/delete", methods=["POST"])
@login_required
def delete(question_id: int):
    question = queries.find_question(current_user, question_id)
    access.require(current_user, "delete", question)
    _require_form()
    services.delete_question(current_user, question)
    flash(_("The question is deleted."), "success")
    return redirect(url_for("qa.index"))


def _close_target(form: CloseForm) -> Question | None:
    if not form.duplicate_of.data:
        return None
    try:
        return queries.find_question(current_user, form.duplicate_of.data)
    except NotFound:
        return False  # type: ignore[return-value]


@bp.route("/qa/<int:question_id>/close", methods=["POST"])
@login_required
def close(question_id: int):
    question = queries.find_question(current_user, question_id)
    access.require(current_user, "close", question)
    form = CloseForm()
    if not form.validate_on_submit():
        flash(_("Check the reason and the question number."), "error")
        return _back(question), 400
    duplicate = _close_target(form)
    if duplicate is False:
        flash(_("There is no question with that number."), "error")
        return _back(question)
    try:
        services.close(current_user, question, form.reason.data, duplicate_of=duplicate)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(str(exc.message), "error")
    else:
        flash(_("The question is closed."), "success")
    return _back(question)


@bp.route("/qa/<int:question_id>/reopen", methods=["POST"])
@login_required
def reopen(question_id: int):
    question = queries.find_question(current_user, question_id)
    access.require(current_user, "close", question)
    _require_form()
    try:
        services.reopen(current_user, question, request.form.get("reason"))
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The question is open again."), "success")
    return _back(question)


# ---------------------------------------------------------------- the question page

def _render_show(question: Question, answer_form=None, comment_form=None, status=200):
    page = queries.question_page(current_user, question)
    authors = {a.answer.author_id for a in page.answers if a.answer.author_id}
    return render_template(
        "qa/show.html", question=question, page=page,
        experts=queries.expert_author_ids(authors),
        answer_form=answer_form or AnswerForm(), comment_form=comment_form or CommentForm(),
        close_form=CloseForm(), tags_form=TagsForm(
            tags=", ".join(t.label for t in question.tags)),
        can_answer=access.can(current_user, "answer", question) and not question.is_closed,
        can_comment=access.can(current_user, "comment", question),
        can_vote=access.can(current_user, "vote", question),
        can_edit=access.can(current_user, "edit", question),
        can_retag=access.can(current_user, "retag", question),
        can_delete=access.can(current_user, "delete", question),
        can_close=access.can(current_user, "close", question),
        can_accept=access.can(current_user, "accept", question),
        me=current_user if current_user.is_authenticated else None,
        sector_label=SECTORS.get(question.sector or "", ""),
    ), status


@bp.route("/qa/<int:question_id>")
def show(question_id: int):
    question = queries.find_question(current_user, question_id)
    return _render_show(question)


@bp.route("/qa/<int:question_id>/answers", methods=["POST"])
@login_required
def answer(question_id: int):
    question = queries.find_question(current_user, question_id)
    access.require(current_user, "answer", question)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            item = services.answer(current_user, question, form.body.data)
        except DomainError as exc:
            if exc.status == 404:
                raise
            status = form_error(form, exc)
        else:
            flash(_("Your answer is placed."), "success")
            return _back(question, f"answer-{item.id}")
    else:
        status = 400
    return _render_show(question, answer_form=form, status=status)


@bp.route("/qa/<int:question_id>/comments", methods=["POST"])
@login_required
def comment(question_id: int):
    question = queries.find_question(current_user, question_id)
    access.require(current_user, "comment", question)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(current_user, question, form.body.data,
                                 answer_id=form.answer_id.data or None)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            flash(str(exc.message), "error")
            return _render_show(question, status=exc.status)
        flash(_("Your comment is placed."), "success")
        anchor = f"answer-{form.answer_id.data}" if form.answer_id.data else "question"
        return _back(question, anchor)
    flash(" ".join(form.body.errors) or _("Write a comment."), "error")
    return _render_show(question, status=400)


@bp.route("/qa/comments/<int:comment_id>/delete", methods=["POST"])
@login_required
def delete_comment(comment_id: int):
    from ..extensions import db

    item = db.session.get(QaComment, comment_id)
    if item is None:
        raise NotFound()
    question = queries.find_question(current_user, item.question_id)
    access.require(current_user, "delete", item)
    _require_form()
    services.delete_comment(current_user, item)
    flash(_("The comment is deleted."), "success")
    return _back(question)


def _vote(question: Question, target, anchor: str):
    access.require(current_user, "vote", target)
    _require_form()
    # refusals (no privilege, a bad value) answer with their status and message
    votes.vote(current_user, target, request.form.get("value", "1"))
    return _back(question, anchor)


@bp.route("/qa/<int:question_id>/vote", methods=["POST"])
@login_required
def vote_question(question_id: int):
    question = queries.find_question(current_user, question_id)
    return _vote(question, question, "question")


@bp.route("/qa/answers/<int:answer_id>/vote", methods=["POST"])
@login_required
def vote_answer(answer_id: int):
    question, item = queries.find_answer(current_user, answer_id)
    return _vote(question, item, f"answer-{item.id}")


@bp.route("/qa/answers/<int:answer_id>/accept", methods=["POST"])
@login_required
def accept(answer_id: int):
    question, item = queries.find_answer(current_user, answer_id)
    access.require(current_user, "accept", item)
    _require_form()
    on = request.form.get("on", "1") != "0"
    votes.accept(current_user, item, on)
    flash(_("The answer is accepted.") if on else _("The answer is no longer accepted."),
          "success")
    return _back(question, f"answer-{item.id}")


@bp.route("/qa/answers/<int:answer_id>/helpful", methods=["POST"])
@login_required
def helpful(answer_id: int):
    question, item = queries.find_answer(current_user, answer_id)
    access.require(current_user, "accept", item)
    _require_form()
    votes.mark_helpful(current_user, item, request.form.get("on", "1") != "0")
    return _back(question, f"answer-{item.id}")


@bp.route("/qa/answers/<int:answer_id>/edit", methods=["GET", "POST"])
@login_required
def edit_answer(answer_id: int):
    question, item = queries.find_answer(current_user, answer_id)
    access.require(current_user, "edit", item)
    form = AnswerForm()
    status = 200
    if not form.is_submitted():
        form.body.data = item.body_md
    elif form.validate_on_submit():
        try:
            services.edit_answer(current_user, item, form.body.data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            flash(_("Your answer is saved."), "success")
            return _back(question, f"answer-{item.id}")
    else:
        status = 400
    return render_template("qa/answer_form.html", form=form, question=question,
                           answer=item), status


@bp.route("/qa/answers/<int:answer_id>/delete", methods=["POST"])
@login_required
def delete_answer(answer_id: int):
    question, item = queries.find_answer(current_user, answer_id)
    access.require(current_user, "delete", item)
    _require_form()
    services.delete_answer(current_user, item)
    flash(_("The answer is deleted."), "success")
    return _back(question, "answers")


from . import cli  # noqa: E402,F401  (registers ``community qa escalate`` on bp)
