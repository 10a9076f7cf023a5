"""Access rules for questions, answers and comments (registered with ``access.rule``).

- Seeing: a question outside spaces is readable by everyone, also without an account; a
  question in a space follows the space (``view_content``). Not published = invisible
  (404) except to staff; the author still sees their own *hidden* question. Answers and
  comments follow their question and have their own status.
- Asking: anyone logged in with a confirmed account; in a space, whoever may post there.
- Answering and commenting: whoever may ask there, on a published question. A *closed*
  question refuses answers in the service (409 with a message), not here.
- Voting: logged in, sees it, not one's own; voting down needs the ``vote_down``
  privilege (checked by the service, so the message can say why).
- Accepting and marking helpful: the asker or staff.
- Editing: the author or staff; re-tagging also with the ``edit_tags`` privilege.
- Closing and reopening: staff or the ``close`` privilege.
- Deleting: the author or staff.
"""
from __future__ import annotations

from ..access import can, is_authenticated, is_staff, rule
from ..extensions import db
from .models import Answer, QaComment, Question
from .reputation import has_privilege


def is_author(user, item) -> bool:
    return is_authenticated(user) and item.author_id is not None and item.author_id == user.id


def _confirmed(user) -> bool:
    return is_authenticated(user) and user.is_confirmed


def _visible_status(user, item) -> bool:
    if item.status == "published" or is_staff(user):
        return True
    return item.status == "hidden" and is_author(user, item)


@rule("ask", "site")
def ask_anywhere(user, _) -> bool:
    return _confirmed(user)


def may_ask_in(user, space) -> bool:
    return _confirmed(user) and (space is None or can(user, "post", space))


@rule("view", Question)
def view_question(user, question: Question) -> bool:
    if question.space_id is not None and not can(user, "view_content", question.space):
        return False
    return _visible_status(user, question)


@rule("answer", Question)
def answer_question(user, question: Question) -> bool:
    return (question.status == "published" and not question.is_locked
            and may_ask_in(user, question.space) and view_question(user, question))


@rule("comment", Question)
def comment_question(user, question: Question) -> bool:
    return answer_question(user, question) and has_privilege(user, "comment")


@rule("vote", Question)
def vote_question(user, question: Question) -> bool:
    return (_confirmed(user) and question.status == "published"
            and not is_author(user, question) and view_question(user, question))


@rule("edit", Question)
def edit_question(user, question: Question) -> bool:
    return (_confirmed(user) and question.status != "deleted" and view_question(user, question)
            and (is_author(user, question) or is_staff(user)))


@rule("retag", Question)
def retag_question(user, question: Question) -> bool:
    return (_confirmed(user) and question.status == "published"
            and view_question(user, question)
            and (is_author(user, question) or has_privilege(user, "edit_tags")))


@rule("history", Question)
def question_history(user, question: Question) -> bool:
    return view_question(user, question)


@rule("delete", Question)
def delete_question(user, question: Question) -> bool:
    return (_confirmed(user) and question.status != "deleted" and view_question(user, question)
            and (is_author(user, question) or is_staff(user)))


@rule("close", Question)
def close_question(user, question: Question) -> bool:
    return (_confirmed(user) and question.status == "published"
            and view_question(user, question) and has_privilege(user, "close"))


@rule("accept", Question)
def accept_on_question(user, question: Question) -> bool:
    """Choose the accepted answer and helpful answers: the asker or staff."""
    return (_confirmed(user) and question.status == "published"
            and view_question(user, question)
            and (is_author(user, question) or is_staff(user)))


def _question_of(item) -> Question | None:
    return db.session.get(Question, item.question_id)  # usually from the identity map


@rule("view", Answer)
def view_answer(user, answer: Answer) -> bool:
    question = _question_of(answer)
    return (question is not None and view_question(user, question)
            and _visible_status(user, answer))


@rule("vote", Answer)
def vote_answer(user, answer: Answer) -> bool:
    return (_confirmed(user) and answer.status == "published"
            and not is_author(user, answer) and view_answer(user, answer))


@rule("accept", Answer)
def accept_answer(user, answer: Answer) -> bool:
    question = _question_of(answer)
    return (answer.status == "published" and question is not None
            and accept_on_question(user, question))


@rule("comment", Answer)
def comment_answer(user, answer: Answer) -> bool:
    question = _question_of(answer)
    return (answer.status == "published" and question is not None
            and comment_question(user, question))


@rule("edit", Answer)
def edit_answer(user, answer: Answer) -> bool:
    return (_confirmed(user) and answer.status != "deleted" and view_answer(user, answer)
            and (is_author(user, answer) or is_staff(user)))


@rule("history", Answer)
def answer_history(user, answer: Answer) -> bool:
    return view_answer(user, answer)


@rule("delete", Answer)
def delete_answer(user, answer: Answer) -> bool:
    return edit_answer(user, answer)


@rule("view", QaComment)
def view_comment(user, comment: QaComment) -> bool:
    question = _question_of(comment)
    return (question is not None and view_question(user, question)
            and _visible_status(user, comment))


@rule("delete", QaComment)
def delete_comment(user, comment: QaComment) -> bool:
    return (_confirmed(user) and comment.status != "deleted" and view_comment(user, comment)
            and (is_author(user, comment) or is_staff(user)))


from . import integration  # noqa: E402,F401  (moderation, trust and notification registries)
