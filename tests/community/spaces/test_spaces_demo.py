"""The demo content: lively spaces for Limburg and the secret Early Birds space."""
from __future__ import annotations

from community import demo
from community.accounts.models import User
from community.extensions import db
from community.spaces import flags
from community.spaces.models import FeedbackItem, JoinRequest, Space, SpaceMembership


def _user(key):
    return db.session.scalar(db.select(User).where(User.email == demo.email_for(key)))


def test_demo_seeds_spaces_and_early_birds(app, client_for):
    assert demo.load(app) is True
    spaces = {s.slug: s for s in db.session.scalars(db.select(Space))}
    assert spaces["digitalisering-in-de-maakindustrie"].visibility == "open"
    assert spaces["duurzaam-ondernemen-noord-limburg"].visibility == "members"
    assert spaces["familiebedrijven-en-bedrijfsoverdracht"].visibility == "private"
    early = spaces["early-birds"]
    assert early.visibility == "secret" and early.is_early_bird and early.name == "Early Birds"
    birds = set(db.session.scalars(db.select(SpaceMembership.user_id)
                                   .where(SpaceMembership.space_id == early.id)))
    assert {_user("ondernemer").id, _user("ondernemer2").id} <= birds
    assert db.session.scalar(db.select(db.func.count()).select_from(FeedbackItem)) >= 3
    assert db.session.scalar(db.select(db.func.count()).select_from(JoinRequest)) >= 1
    assert flags.feature_enabled(_user("ondernemer"), "member_search")
    assert not flags.feature_enabled(_user("ondernemer4"), "member_search")

    # the early birds find their space; others do not even see its name
    bird = client_for(_user("ondernemer"))
    assert "Early Birds" in bird.get("/spaces").get_data(as_text=True)
    assert bird.get("/spaces/early-birds/feedback").status_code == 200
    other = client_for(_user("ondernemer4"))
    assert "Early Birds" not in other.get("/spaces").get_data(as_text=True)
    assert other.get("/spaces/early-birds").status_code == 404
    # Lotte has an open in-app invitation to Early Birds
    lotte = client_for(_user("ondernemer3"))
    assert "Early Birds" in lotte.get("/spaces/invitations").get_data(as_text=True)
