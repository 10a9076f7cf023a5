"""Deleting a question or answer takes back the reputation its author earned with it;
restoring it (a moderator) gives the points back."""
from __future__ import annotations

from community.moderation import services as moderation
from community.qa import services, votes
from community.qa.reputation import history, reputation_of


def _answered(ask, veteran):
    asker, expert = veteran(), veteran("expert")
    voters = [veteran() for _ in range(2)]
    question = ask(asker)
    answer = services.answer(expert, question, "Kijk naar de MIT-regeling van de provincie.")
    for voter in voters:
        votes.vote(voter, answer, 1)
        votes.vote(voter, question, 1)
    votes.accept(asker, answer)
    return asker, expert, question, answer


def test_deleting_an_answer_takes_back_what_it_earned(app, ask, veteran, make_user):
    cfg = app.config["QA_REPUTATION"]
    asker, expert, question, answer = _answered(ask, veteran)
    earned = 2 * cfg["answer_upvoted"] + cfg["answer_accepted"]
    assert reputation_of(expert) == earned
    asker_before = reputation_of(asker)

    services.delete_answer(expert, answer)
    assert reputation_of(expert) == 0
    assert history(expert)[0].reason == "content_deleted"
    # the asker gave back the accept bonus with the accept itself; nothing else changes
    assert reputation_of(asker) == asker_before - cfg["accepted_an_answer"]

    moderation.restore(make_user("moderator"), answer)
    assert reputation_of(expert) == 2 * cfg["answer_upvoted"]  # restored, but not re-accepted


def test_moderator_deleting_a_question_settles_once(app, ask, veteran, make_user):
    cfg = app.config["QA_REPUTATION"]
    asker, _expert, question, _answer = _answered(ask, veteran)
    from_question = 2 * cfg["question_upvoted"]
    before = reputation_of(asker)
    moderator = make_user("moderator")
    moderation.delete(moderator, question)
    assert reputation_of(asker) == before - from_question
    moderation.restore(moderator, question)
    assert reputation_of(asker) == before
