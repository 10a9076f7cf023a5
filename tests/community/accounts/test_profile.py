"""Profiles: name, job title, expertise, visibility; mass assignment is ignored."""
from __future__ import annotations

import re

import pytest

from community.accounts.services import create_api_token
from community.companies.models import CompanyMember
from community.extensions import db
from tests.community.accounts.helpers import english, login_client, post_form, reload


def _save(client, **fields):
    data = {f"profile-{k}": v for k, v in fields.items() if not k.startswith("raw_")}
    data.update({k[4:]: v for k, v in fields.items() if k.startswith("raw_")})
    return post_form(client, "/settings/profile", data, "/settings")


def test_member_edits_the_profile_and_others_see_it(app, user, make_user):
    member = login_client(app, user)
    resp = _save(member, name="  Anna   van der Vries ", job_title="Eigenaar bakkerij",
                 municipality="Venlo", expertise="Export, financiering, Webshops, export",
                 bio="Bakker in Venlo.", visibility="members")
    assert resp.status_code == 302 and resp.headers["Location"] == "/settings"
    saved = reload(user)
    assert saved.name == "Anna van der Vries"  # whitespace tidied
    assert saved.job_title == "Eigenaar bakkerij" and saved.municipality == "Venlo"
    assert sorted(t.slug for t in saved.expertise) == ["export", "financiering", "webshops"]

    viewer = login_client(app, make_user())
    page = viewer.get(f"/people/{user.id}").get_data(as_text=True)
    for text in ("Anna van der Vries", "Eigenaar bakkerij", "Bakker in Venlo.", "Webshops"):
        assert text in page
    # The settings form shows the saved expertise back as text.
    assert "Export, financiering, Webshops" in member.get("/settings").get_data(as_text=True)


def test_clearing_optional_fields(app, make_user):
    person = make_user(job_title="Oud", bio="Oude bio")
    member = login_client(app, person)
    assert _save(member, name=person.name, job_title="", bio="", expertise="",
                 visibility="members").status_code == 302
    saved = reload(person)
    assert saved.job_title is None and saved.bio is None and saved.expertise == []


def test_partial_profile_form_leaves_the_other_fields_alone(app, user):
    from community.accounts import services

    services.update_profile(user, user, {"job_title": "Bakker"}, expertise="Export, Webshops")
    member = login_client(app, user)
    resp = post_form(member, "/settings/profile", {"profile-name": "Anna V."}, "/settings")
    assert resp.status_code == 302
    saved = reload(user)
    assert saved.name == "Anna V." and saved.job_title == "Bakker"
    assert [t.label for t in saved.expertise] == ["Export", "Webshops"]
    assert "Export, Webshops" in member.get("/settings").get_data(as_text=True)


@pytest.mark.parametrize("fields", [
    {"name": ""},
    {"name": "x" * 121},
    {"visibility": "everyone-and-their-dog"},
    {"municipality": "Amsterdam"},
    {"expertise": ", ".join(f"onderwerp {i}" for i in range(13))},
    {"expertise": "a" * 41},
])
def test_invalid_profile_input_is_refused_and_nothing_changes(app, user, fields):
    member = login_client(app, user)
    values = {"name": "Nieuwe Naam", "job_title": "Nieuwe titel", "visibility": "public",
              **fields}
    resp = _save(member, **values)
    assert resp.status_code == 400
    assert 'class="field has-error"' in resp.get_data(as_text=True)  # at the field concerned
    saved = reload(user)
    assert saved.name == "Anna de Vries" and saved.job_title is None
    assert saved.visibility == "members" and saved.expertise == []


def test_mass_assignment_in_the_profile_form_is_ignored(app, user, make_company):
    company = make_company()
    member = login_client(app, user)
    resp = _save(member, name="Anna", role="admin", is_admin="y", company_id=str(company.id),
                 email="overgenomen@example.org", active="", confirmed_at="",
                 raw_role="admin", raw_is_admin="1", raw_company_id=str(company.id),
                 raw_email="overgenomen@example.org", raw_locale="xx")
    assert resp.status_code == 302
    saved = reload(user)
    assert saved.name == "Anna"
    assert saved.role == "member" and not saved.is_admin
    assert saved.email == "anna@example.org" and saved.active and saved.is_confirmed
    assert saved.locale == "nl"
    assert db.session.get(CompanyMember, (company.id, user.id)) is None


def test_mass_assignment_through_the_api_is_ignored(client, user, make_company):
    company = make_company()
    _token, raw = create_api_token(user, "script", "write")
    resp = client.patch("/api/v1/me", headers={"Authorization": f"Bearer {raw}"},
                        json={"job_title": "Adviseur", "role": "admin", "is_admin": True,
                              "company_id": company.id, "email": "x@example.org",
                              "id": 999, "confirmed": False})
    assert resp.status_code == 200
    assert resp.json["job_title"] == "Adviseur" and resp.json["role"] == "member"
    saved = reload(user)
    assert saved.role == "member" and saved.email == "anna@example.org" and saved.is_confirmed
    assert saved.id == user.id
    assert db.session.get(CompanyMember, (company.id, user.id)) is None


@pytest.mark.parametrize("visibility, anonymous, member, moderator", [
    ("public", 200, 200, 200),
    ("members", 404, 200, 200),
    ("private", 404, 404, 200),
])
def test_profile_visibility(app, make_user, visibility, anonymous, member, moderator):
    person = make_user(visibility=visibility, name="Zichtbaar Persoon")
    path = f"/people/{person.id}"
    assert app.test_client().get(path).status_code == anonymous
    assert login_client(app, make_user()).get(path).status_code == member
    assert login_client(app, make_user("moderator")).get(path).status_code == moderator
    own = login_client(app, person).get(path)
    assert own.status_code == 200 and "Zichtbaar Persoon" in own.get_data(as_text=True)


def test_hidden_profile_looks_exactly_like_a_missing_one(app, make_user):
    person = make_user(visibility="private")
    viewer = login_client(app, make_user())
    hidden = viewer.get(f"/people/{person.id}")
    missing = viewer.get("/people/987654")
    assert hidden.status_code == missing.status_code == 404
    assert person.name not in hidden.get_data(as_text=True)
    # Identical apart from the page's own address (in the language switch form) and the
    # time-stamped CSRF tokens.
    def normal(resp, path):
        html = resp.get_data(as_text=True).replace(path, "/people/X")
        return re.sub(r'name="csrf_token" value="[^"]+"', "", html)

    assert normal(hidden, f"/people/{person.id}") == normal(missing, "/people/987654")


def test_deactivated_profile_is_hidden_from_members(app, make_user):
    gone = make_user(active=False, visibility="public")
    assert app.test_client().get(f"/people/{gone.id}").status_code == 404
    assert login_client(app, make_user("admin")).get(f"/people/{gone.id}").status_code == 200


@pytest.mark.parametrize("role, label", [("expert", "Expert"), ("partner", "Partner"),
                                         ("consultant", "Consultant")])
def test_profile_shows_the_role_badge(client, make_user, role, label):
    person = make_user(role, visibility="public")
    english(client)
    resp = client.get(f"/people/{person.id}")
    assert resp.status_code == 200
    assert f'<span class="badge">{label}</span>' in resp.get_data(as_text=True)


def test_member_profile_has_no_role_badge(client, make_user):
    person = make_user("member", visibility="public")
    assert '<p><span class="badge">' not in client.get(f"/people/{person.id}").get_data(
        as_text=True)
