"""Feature flags: off, early birds only, everyone; the admin page; the Jinja global."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from community.errors import Forbidden, ValidationError
from community.extensions import db
from community.spaces import flags
from community.spaces.models import FeatureFlag, SpaceMembership
from tests.community.spaces.conftest import count, english, post_form


@pytest.fixture
def people(make_user, make_space):
    # distinct names: "Gebruiker 1" would be a substring of "Gebruiker 12"
    bird, plain = make_user(name="Vogel Vroeg"), make_user(name="Piet Gewoon")
    admin = make_user("admin")
    early = make_space("secret", admin=admin, members=[bird], is_early_bird=True)
    make_space("secret", members=[plain])  # a secret space that is not the early-bird one
    return bird, plain, admin, early


def _set(name, state):
    db.session.merge(FeatureFlag(name=name, state=state))
    db.session.commit()


def test_states(people):
    bird, plain, admin, _early = people
    anonymous = AnonymousUserMixin()
    assert not flags.feature_enabled(bird, "never_defined")
    _set("nieuw", "off")
    assert not any(flags.feature_enabled(u, "nieuw") for u in (bird, plain, admin, anonymous))
    _set("nieuw", "early_birds")
    assert flags.feature_enabled(bird, "nieuw")
    assert flags.feature_enabled(admin, "nieuw")  # the admin is in Early Birds here
    assert not flags.feature_enabled(plain, "nieuw")
    assert not flags.feature_enabled(anonymous, "nieuw")
    _set("nieuw", "everyone")
    assert all(flags.feature_enabled(u, "nieuw") for u in (bird, plain, admin, anonymous))


def test_leaving_early_birds_turns_early_features_off(people):
    bird, _plain, _admin, early = people
    _set("nieuw", "early_birds")
    assert flags.feature_enabled(bird, "nieuw")
    db.session.delete(db.session.get(SpaceMembership, (early.id, bird.id)))
    db.session.commit()
    assert not flags.feature_enabled(bird, "nieuw")


def test_only_admins_switch_flags(people, make_user):
    bird, _plain, admin, _early = people
    with pytest.raises(Forbidden):
        flags.set_flag(make_user("moderator"), "nieuw", "everyone")
    with pytest.raises(ValidationError):
        flags.set_flag(admin, "Met Spaties", "everyone")
    with pytest.raises(ValidationError):
        flags.set_flag(admin, "nieuw", "half")
    db.session.rollback()
    assert count(FeatureFlag) == 0
    flags.set_flag(admin, "nieuw", "early_birds", "Iets nieuws")
    assert db.session.get(FeatureFlag, "nieuw").state == "early_birds"


def test_admin_page(people, client_for):
    bird, _plain, admin, _early = people
    client = client_for(admin)
    english(client)
    page = client.get("/admin/flags").get_data(as_text=True)
    assert "member_search" in page  # known flags are listed even before they are stored
    resp = post_form(client, "/admin/flags", {"name": "member_search", "state": "everyone"})
    assert resp.status_code == 302
    assert db.session.get(FeatureFlag, "member_search").state == "everyone"
    resp = post_form(client, "/admin/flags", {"name": "member_search", "state": "bogus"})
    assert resp.status_code == 400
    assert db.session.get(FeatureFlag, "member_search").state == "everyone"
    member = client_for(bird)
    assert member.get("/admin/flags").status_code == 403
    assert post_form(member, "/admin/flags", {"name": "x_y", "state": "everyone"}) \
        .status_code == 403
    assert db.session.get(FeatureFlag, "x_y") is None


def test_jinja_global(app):
    assert app.jinja_env.globals["feature_enabled"] is flags.feature_enabled


def test_member_search_is_behind_its_flag(people, make_space, client_for):
    bird, plain, _admin, _early = people
    space = make_space("open", members=[bird, plain])
    _set("member_search", "early_birds")
    bird_page = client_for(bird).get(f"/spaces/{space.slug}/members").get_data(as_text=True)
    plain_page = client_for(plain).get(f"/spaces/{space.slug}/members").get_data(as_text=True)
    field = 'type="search" id="q"'  # the member search (the site header has its own)
    assert field in bird_page
    assert field not in plain_page
    # and the search works for the early bird only
    found = client_for(bird).get(f"/spaces/{space.slug}/members?q={plain.name}")
    assert plain.name in found.get_data(as_text=True) and bird.name not in \
        found.get_data(as_text=True).split("<main", 1)[1]
