"""Search shows only what the searching user may see: every content type, every role.

Totals, facets, "did you mean" and autocomplete included: hidden content must not show in
any number or word either.
"""
from __future__ import annotations

import pytest
from flask import current_app
from whoosh import index as whoosh_index

from community.extensions import db
from community.search import services
from community.search.maintenance import store
from community.spaces.models import SpaceMembership

from .conftest import keys, search

ROLES = ("anonymous", "member", "outsider", "moderator", "admin")


@pytest.fixture
def people(make_user):
    from flask_login import AnonymousUserMixin

    return {"anonymous": AnonymousUserMixin(), "member": make_user(name="Lid Ruimte"),
            "outsider": make_user(name="Buiten Staander"),
            "moderator": make_user("moderator", name="Mod Erator"),
            "admin": make_user("admin", name="Ad Min"), "author": make_user(name="Auteur")}


@pytest.fixture
def world(people, make_space, make_post, make_comment):
    """One post and one comment with the word "kringloop" in spaces of every visibility."""
    out = {}
    for visibility in ("open", "members", "private", "secret"):
        space = make_space(visibility, admin=people["author"], members=[people["member"]],
                           name=f"Ruimte {visibility} kringloopgeheim")
        post = make_post(space, people["author"], f"Kringloop in een {visibility} ruimte",
                         "Wij hergebruiken pallets.", tags=["duurzaamheid"])
        comment = make_comment(post, people["author"], "Ook wij doen aan kringloop.")
        out[visibility] = (space, post, comment)
    return out


# who may read the content of a space of each visibility
READERS = {
    "open": set(ROLES),
    "members": set(ROLES),  # members-only spaces: anyone reads, members post
    "private": {"member", "moderator", "admin"},
    "secret": {"member", "moderator", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
def test_posts_and_comments_by_space_visibility(world, people, role):
    result = search(people[role], "kringloop")
    expected = set()
    for visibility, (_space, post, comment) in world.items():
        if role in READERS[visibility]:
            expected |= {("post", post.id), ("comment", comment.id)}
    assert keys(result) == expected
    assert result.total == len(expected)  # the count says no more than the list
    type_counts = {f.value: f.count for f in result.facets["type"]}
    assert sum(type_counts.values()) == len(expected)
    space_labels = {f.label for f in result.facets["space"]}
    for visibility, (space, _post, _comment) in world.items():
        assert (space.name in space_labels) == (role in READERS[visibility])
    tag_counts = {f.value: f.count for f in result.facets["tag"]}
    assert tag_counts.get("duurzaamheid", 0) == len(expected)


@pytest.mark.parametrize("status", ["hidden", "deleted"])
def test_unpublished_posts_and_their_comments_are_found_by_nobody(
        people, make_space, make_post, make_comment, status):
    space = make_space("open")
    post = make_post(space, people["author"], "Verborgen zonnepark", "Tekst", status=status)
    comment = make_comment(post, people["author"], "Reactie over het zonnepark")
    for role in (*ROLES, "author"):
        result = search(people[role], "zonnepark")
        assert keys(result) == set() and result.total == 0, role
    assert comment.id  # the comment exists, just not findable


@pytest.mark.parametrize("status", ["hidden", "deleted"])
def test_unpublished_comments_are_found_by_nobody(people, make_space, make_post,
                                                   make_comment, status):
    space = make_space("open")
    post = make_post(space, people["author"], "Open bericht", "Tekst")
    make_comment(post, people["author"], "Weggehaalde warmtepomp reactie", status=status)
    for role in (*ROLES, "author"):
        assert search(people[role], "warmtepomp").total == 0, role


@pytest.mark.parametrize("visibility,finders", [
    ("public", set(ROLES) | {"self"}),
    ("members", {"member", "outsider", "moderator", "admin", "self"}),
    ("private", {"self"}),  # not even staff find a private profile through search
])
def test_profiles_follow_their_visibility(people, make_user, visibility, finders):
    person = make_user(name="Xaviera Profielsma", visibility=visibility,
                       job_title="Adviseur export")
    everyone = {**people, "self": person}
    for role, user in everyone.items():
        if role == "author":
            continue
        found = ("user", person.id) in keys(search(user, "profielsma"))
        assert found == (role in finders), role


def test_deactivated_accounts_are_not_found(people, make_user):
    person = make_user(name="Vertrokken Ondernemer", visibility="public")
    assert ("user", person.id) in keys(search(people["member"], "vertrokken"))
    person.active = False
    db.session.commit()
    for role in ROLES:
        assert ("user", person.id) not in keys(search(people[role], "vertrokken")), role


def test_companies_are_found_by_everyone(people, make_company):
    company = make_company(name="Mergelgroeve Sibbe BV", description="Natuursteen uit Limburg",
                           sector="B")
    for role in ROLES:
        result = search(people[role], "natuursteen")
        assert keys(result) == {("company", company.id)}, role
        assert {f.value for f in result.facets["sector"]} == {"B"}


def test_leaving_a_space_hides_its_content_at_once(world, people):
    space, post, _comment = world["secret"]
    assert ("post", post.id) in keys(search(people["member"], "kringloop"))
    db.session.delete(db.session.get(SpaceMembership, (space.id, people["member"].id)))
    db.session.commit()
    assert ("post", post.id) not in keys(search(people["member"], "kringloop"))


def test_a_space_turned_secret_hides_its_content_at_once(world, people):
    space, post, comment = world["open"]
    assert ("post", post.id) in keys(search(people["outsider"], "kringloop"))
    space.visibility = "secret"
    db.session.commit()
    found = keys(search(people["outsider"], "kringloop"))
    assert ("post", post.id) not in found and ("comment", comment.id) not in found


def test_a_stale_index_is_caught_by_the_database_recheck(people, make_space, make_post):
    """Even if the index wrongly says "public", the hit is re-checked in the database."""
    secret = make_space("secret", members=[people["member"]])
    post = make_post(secret, people["author"], "Overnamebod geheim", "Tekst")
    st = store()
    with st.write_lock(5):
        writer = st.writer()
        writer.update_document(key=f"post:{post.id}", type="post", lang="nl",
                               title_nl="Overnamebod geheim", audience="public", space="")
        writer.commit()
    assert keys(search(people["outsider"], "overnamebod")) == set()
    assert keys(search(people["member"], "overnamebod")) == {("post", post.id)}


def test_did_you_mean_never_offers_words_from_hidden_content(people, make_space, make_post):
    secret = make_space("secret", members=[people["member"]])
    make_post(secret, people["author"], "Vertrouwelijk", "Het woord is bedrijfsovername.")
    # a typo: the member gets the correction, the outsider must not learn the word
    assert search(people["member"], "bedrijfsovernme").suggestion == "bedrijfsovername"
    assert search(people["outsider"], "bedrijfsovernme").suggestion is None


def test_autocomplete_respects_access(people, make_space, make_post):
    secret = make_space("secret", members=[people["member"]])
    open_ = make_space("open")
    hidden = make_post(secret, people["author"], "Fusieplannen bakkerij Geheim", "x")
    public = make_post(open_, people["author"], "Fusieplannen brouwerij Open", "x")
    with current_app.test_request_context():
        member = {i["id"] for i in services.suggest_titles(people["member"], "fusiep")}
        outsider = {i["id"] for i in services.suggest_titles(people["outsider"], "fusiep")}
        anonymous = {i["id"] for i in services.suggest_titles(people["anonymous"], "fusiep")}
    assert member == {hidden.id, public.id}
    assert outsider == anonymous == {public.id}


def test_the_pages_and_api_apply_the_same_filter(world, people, client, login):
    secret_space, secret_post, _c = world["secret"]
    _space, open_post, _c = world["open"]
    html = client.get("/search?q=kringloop").get_data(as_text=True)
    assert f"/posts/{open_post.id}\"" in html and f"/posts/{secret_post.id}\"" not in html
    assert secret_space.name not in html
    api = client.get("/api/v1/search?q=kringloop").get_json()
    assert {(i["type"], i["id"]) for i in api["items"]} == {
        ("post", world["open"][1].id), ("comment", world["open"][2].id),
        ("post", world["members"][1].id), ("comment", world["members"][2].id)}
    assert api["total"] == 4
    login(people["member"])
    html = client.get("/search?q=kringloop").get_data(as_text=True)
    assert f"/posts/{secret_post.id}\"" in html and secret_space.name in html


def test_index_has_no_text_of_hidden_content_stored(people, make_space, make_post):
    """The index stores keys only: reading it directly gives no titles or bodies."""
    secret = make_space("secret")
    make_post(secret, people["author"], "Geheime titel", "Geheime tekst")
    ix = whoosh_index.open_dir(str(store().path), indexname=store().current_name())
    with ix.searcher() as s:
        stored = list(s.all_stored_fields())
    assert stored and all(set(doc) <= {"key", "type", "lang"} for doc in stored)
