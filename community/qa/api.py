"""API of the knowledge square (the same services as the pages).

- ``GET /api/v1/questions`` (queue and filters), ``POST`` (a write token, or session + CSRF)
- ``GET /api/v1/questions/{id}``
- ``GET /api/v1/questions/{id}/answers``, ``POST``
- ``POST /api/v1/questions/{id}/vote``, ``POST /api/v1/answers/{id}/vote``
- ``POST /api/v1/answers/{id}/accept``

A question the caller may not see answers 404, exactly like a missing one. Schemas
validate input (422 with ``errors``); services answer 400/403/409/429 with ``message``.
"""
from __future__ import annotations

from flask import url_for
from flask_login import AnonymousUserMixin
from marshmallow import EXCLUDE, Schema, fields, validate

from ..api import api_user, make_blueprint, require_api_user
from ..api.schemas import PageArgs
from ..spaces.post_api import PersonRefSchema, TagRefSchema
from ..spaces.services import get_visible
from . import queries, services, votes

blp = make_blueprint("qa_api", __name__, "", description="Knowledge square: questions and answers")

api_blueprints = [blp]


def _caller():
    return api_user() or AnonymousUserMixin()


class QuestionSchema(Schema):
    id = fields.Integer()
    space_id = fields.Integer(allow_none=True,
                              metadata={"description": "null: the platform-wide area"})
    title = fields.String()
    body = fields.String(attribute="body_md", metadata={"description": "Markdown source"})
    body_html = fields.String(metadata={"description": "Sanitised HTML"})
    tags = fields.List(fields.Nested(TagRefSchema))
    sector = fields.String(allow_none=True, metadata={"description": "SBI section letter"})
    author = fields.Nested(PersonRefSchema, allow_none=True)
    score = fields.Integer()
    answer_count = fields.Integer()
    accepted_answer_id = fields.Integer(allow_none=True)
    is_closed = fields.Boolean()
    closed_reason = fields.String(allow_none=True)
    duplicate_of_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    first_answer_at = fields.DateTime(allow_none=True)
    accepted_at = fields.DateTime(allow_none=True)
    url = fields.Method("_url")

    def _url(self, question) -> str:
        return url_for("qa.show", question_id=question.id)


class QuestionPageSchema(Schema):
    items = fields.List(fields.Nested(QuestionSchema))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


class QuestionArgs(PageArgs):
    queue = fields.String(load_default="newest", validate=validate.OneOf(queries.QUEUES))
    tag = fields.String(load_default=None, validate=validate.Length(max=60))
    sector = fields.String(load_default=None, validate=validate.Length(equal=1))
    space_id = fields.Integer(load_default=None)


class QuestionCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    body = fields.String(required=True, validate=validate.Length(min=1, max=20_000),
                         metadata={"description": "Markdown"})
    tags = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list,
                       validate=validate.Length(max=50))
    sector = fields.String(allow_none=True, load_default=None)
    space_id = fields.Integer(allow_none=True, load_default=None,
                              metadata={"description": "Ask in this space (else platform-wide)"})


class AnswerSchema(Schema):
    id = fields.Integer()
    question_id = fields.Integer()
    body = fields.String(attribute="body_md")
    body_html = fields.String()
    author = fields.Nested(PersonRefSchema, allow_none=True)
    score = fields.Integer()
    is_accepted = fields.Boolean()
    is_helpful = fields.Boolean()
    created_at = fields.DateTime()


class AnswerPageSchema(Schema):
    items = fields.List(fields.Nested(AnswerSchema))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


class AnswerCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    body = fields.String(required=True, validate=validate.Length(min=1, max=20_000))


class VoteSchema(Schema):
    value = fields.Integer(required=True, validate=validate.OneOf([-1, 0, 1]),
                           metadata={"description": "1 up, -1 down, 0 withdraw"})


class ScoreSchema(Schema):
    score = fields.Integer()
    my_vote = fields.Integer()


class AcceptSchema(Schema):
    accepted = fields.Boolean(load_default=True)


def _page(p) -> dict:
    return {"items": p.items, "page": p.page, "pages": p.pages, "total": p.total}


@blp.route("/questions")
@blp.arguments(QuestionArgs, location="query")
@blp.response(200, QuestionPageSchema)
def list_questions(args):
    """Questions the caller may see, by queue: newest, unanswered, unaccepted, expertise,
    votes, active."""
    user = _caller()
    space_id = args["space_id"]
    if space_id is not None:
        get_visible(user, space_id)
    return _page(queries.queue_page(user, args["queue"], page=args["page"],
                                    per_page=args["per_page"], tag=args["tag"],
                                    sector=(args["sector"] or "").upper() or None,
                                    space_id=space_id))


@blp.route("/questions", methods=["POST"])
@blp.arguments(QuestionCreateSchema)
@blp.response(201, QuestionSchema)
@blp.alt_response(404, description="Space not found or not visible")
@blp.doc(security=[{"bearerAuth": []}])
def create_question(data):
    """Ask a question (platform-wide, or in a space the caller may post in)."""
    user = require_api_user()
    space = get_visible(user, data["space_id"]) if data["space_id"] is not None else None
    question = services.ask(user, title=data["title"], body_md=data["body"], tags=data["tags"],
                            sector=data["sector"], space=space)
    return question, 201, {"Location": url_for("qa_api.get_question",
                                               question_id=question.id)}


@blp.route("/questions/<int:question_id>")
@blp.response(200, QuestionSchema)
@blp.alt_response(404, description="Not found or not visible")
def get_question(question_id: int):
    """One question."""
    return queries.find_question(_caller(), question_id)


@blp.route("/questions/<int:question_id>/answers")
@blp.arguments(PageArgs, location="query")
@blp.response(200, AnswerPageSchema)
@blp.alt_response(404, description="Not found or not visible")
def list_answers(args, question_id: int):
    """Published answers: the accepted one first, then by score."""
    user = _caller()
    question = queries.find_question(user, question_id)
    return _page(queries.answers_of(user, question, page=args["page"],
                                    per_page=args["per_page"]))


@blp.route("/questions/<int:question_id>/answers", methods=["POST"])
@blp.arguments(AnswerCreateSchema)
@blp.response(201, AnswerSchema)
@blp.alt_response(404, description="Not found or not visible")
@blp.alt_response(409, description="The question is closed")
@blp.doc(security=[{"bearerAuth": []}])
def create_answer(data, question_id: int):
    """Answer a question."""
    user = require_api_user()
    question = queries.find_question(user, question_id)
    return services.answer(user, question, data["body"]), 201


@blp.route("/questions/<int:question_id>/vote", methods=["POST"])
@blp.arguments(VoteSchema)
@blp.response(200, ScoreSchema)
@blp.alt_response(403, description="Own question, or not enough reputation")
@blp.alt_response(404, description="Not found or not visible")
@blp.doc(security=[{"bearerAuth": []}])
def vote_question(data, question_id: int):
    """Vote on a question (one vote per person, changeable)."""
    user = require_api_user()
    question = queries.find_question(user, question_id)
    score = votes.vote(user, question, data["value"])
    return {"score": score, "my_vote": data["value"]}


@blp.route("/answers/<int:answer_id>/vote", methods=["POST"])
@blp.arguments(VoteSchema)
@blp.response(200, ScoreSchema)
@blp.alt_response(403, description="Own answer, or not enough reputation")
@blp.alt_response(404, description="Not found or not visible")
@blp.doc(security=[{"bearerAuth": []}])
def vote_answer(data, answer_id: int):
    """Vote on an answer (one vote per person, changeable)."""
    user = require_api_user()
    _question, item = queries.find_answer(user, answer_id)
    score = votes.vote(user, item, data["value"])
    return {"score": score, "my_vote": data["value"]}


@blp.route("/answers/<int:answer_id>/accept", methods=["POST"])
@blp.arguments(AcceptSchema)
@blp.response(200, QuestionSchema)
@blp.alt_response(403, description="Not the asker or a moderator")
@blp.alt_response(404, description="Not found or not visible")
@blp.doc(security=[{"bearerAuth": []}])
def accept_answer(data, answer_id: int):
    """Accept an answer (the asker or a moderator), or take the acceptance back."""
    user = require_api_user()
    _question, item = queries.find_answer(user, answer_id)
    return votes.accept(user, item, data["accepted"])
