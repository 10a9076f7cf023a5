"""Company profiles: create with a KvK number, edit, members, invitations."""
from __future__ import annotations

import re

from community.companies.models import Company, CompanyMember
from community.extensions import db
from tests.conftest import csrf_token


def _create(client, **data):
    token = csrf_token(client, "/companies/new")
    return client.post("/companies/new", data={"action": "save", "csrf_token": token, **data})


def test_member_creates_company_and_becomes_owner(client, make_user, login):
    user = make_user()
    login(user)
    resp = _create(client, name="Bakkerij Test", kvk_number="12345678", sbi_code="1071",
                   municipality="Venlo", size_class="micro", website="bakkerij-test.nl")
    assert resp.status_code == 302
    company = db.session.scalar(db.select(Company).where(Company.name == "Bakkerij Test"))
    assert company.region == "noord" and company.sector == "C"
    assert company.website == "https://bakkerij-test.nl"
    assert company.verification == "unverified"  # no lookup plugin answered
    member = db.session.get(CompanyMember, (company.id, user.id))
    assert member.role == "owner"
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Bakkerij Test" in page and "12345678" in page


def test_invalid_kvk_number_is_refused_and_nothing_is_written(client, make_user, login):
    login(make_user())
    for bad in ("1234567", "123456789", "12ab5678"):
        resp = _create(client, name=f"Fout {bad}", kvk_number=bad)
        assert resp.status_code == 400
        assert "8" in resp.get_data(as_text=True)  # the message says: exactly 8 digits
    assert db.session.scalar(db.select(db.func.count()).select_from(Company)) == 0


def test_duplicate_kvk_number_is_a_conflict(client, make_user, make_company, login):
    make_company(kvk_number="87654321")
    login(make_user())
    resp = _create(client, name="Tweede", kvk_number="87654321")
    assert resp.status_code == 409
    assert db.session.scalar(db.select(db.func.count()).select_from(Company)) == 1


def test_unknown_municipality_and_bad_website_are_refused(client, make_user, login):
    login(make_user())
    assert _create(client, name="X", municipality="Amsterdam").status_code == 400
    assert _create(client, name="Y", website="javascript:alert(1)").status_code == 400


def test_unconfirmed_user_cannot_create_a_company(client, make_user, login):
    login(make_user(confirmed=False))
    assert client.get("/companies/new").status_code == 403


def test_lookup_without_plugin_keeps_manual_entry(client, make_user, login):
    login(make_user())
    token = csrf_token(client, "/companies/new")
    resp = client.post("/companies/new", data={"action": "lookup", "kvk_number": "69599084",
                                               "csrf_token": token})
    assert resp.status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(Company)) == 0


def test_only_owner_or_admin_edits(client, make_user, make_company, login):
    owner, other = make_user(), make_user()
    company = make_company(owner=owner, name="Oud")
    login(other)
    token = csrf_token(client, "/")
    resp = client.post(f"/companies/{company.id}/edit",
                       data={"name": "Gekaapt", "action": "save", "csrf_token": token})
    assert resp.status_code == 403
    db.session.expire_all()
    assert db.session.get(Company, company.id).name == "Oud"


def test_invitation_flow(client, app, make_user, make_company, login, outbox):
    owner = make_user()
    colleague = make_user(email="collega@example.org")
    company = make_company(owner=owner)
    login(owner)
    token = csrf_token(client, f"/companies/{company.id}")
    resp = client.post(f"/companies/{company.id}/invite",
                       data={"email": "collega@example.org", "csrf_token": token})
    assert resp.status_code == 302
    assert len(outbox) == 1 and outbox[0]["To"] == "collega@example.org"
    link = re.search(r"http://localhost(/companies/invitations/\S+)", outbox[0].get_content())
    assert link

    other = app.test_client()
    token = csrf_token(other, "/login")
    other.post("/login", data={"email": colleague.email, "password": "vlaai-mergel-heuvelland",
                               "csrf_token": token})
    path = link.group(1)
    assert other.get(path).status_code == 200
    resp = other.post(path, data={"csrf_token": csrf_token(other, path)})
    assert resp.status_code == 302
    assert db.session.get(CompanyMember, (company.id, colleague.id)).role == "member"
    # used once only
    assert other.get(path).status_code == 400


def test_invitation_for_someone_else_is_refused(client, app, make_user, make_company, login,
                                                outbox):
    owner, intruder = make_user(), make_user()
    company = make_company(owner=owner)
    login(owner)
    client.post(f"/companies/{company.id}/invite",
                data={"email": "iemand@example.org",
                      "csrf_token": csrf_token(client, f"/companies/{company.id}")})
    path = re.search(r"http://localhost(/companies/invitations/\S+)",
                     outbox[0].get_content()).group(1)
    thief = app.test_client()
    thief.post("/login", data={"email": intruder.email, "password": "vlaai-mergel-heuvelland",
                               "csrf_token": csrf_token(thief, "/login")})
    resp = thief.post(path, data={"csrf_token": csrf_token(thief, path)})
    assert resp.status_code == 403
    assert db.session.get(CompanyMember, (company.id, intruder.id)) is None


def test_last_owner_cannot_leave(client, make_user, make_company, login):
    owner = make_user()
    company = make_company(owner=owner)
    login(owner)
    resp = client.post(f"/companies/{company.id}/members/{owner.id}/remove",
                       data={"csrf_token": csrf_token(client)})
    assert resp.status_code == 409
    assert db.session.get(CompanyMember, (company.id, owner.id)) is not None


def test_directory_filters_and_query_count(client, make_company, count_queries):
    for i in range(30):
        make_company(name=f"Venlo Bedrijf {i}", municipality="Venlo", region="noord",
                     sector="C")
    make_company(name="Maastricht Zaak", municipality="Maastricht", region="zuid")
    html = client.get("/companies?region=zuid").get_data(as_text=True)
    assert "Maastricht Zaak" in html and "Venlo Bedrijf" not in html
    with count_queries() as q:
        assert client.get("/companies").status_code == 200
    first = q.count
    for i in range(30):
        make_company(name=f"Extra {i}")
    with count_queries() as q:
        client.get("/companies")
    assert q.count == first  # does not grow with the number of companies
    assert client.get("/companies?page=abc&sector=ZZ").status_code == 200


def test_admin_verifies_company_and_it_is_audited(client, make_user, make_company, login):
    from community.audit.models import AuditEntry

    admin = make_user("admin")
    company = make_company(name="Te Controleren")
    login(admin)
    resp = client.post(f"/companies/{company.id}/verification",
                       data={"state": "verified", "csrf_token": csrf_token(client)})
    assert resp.status_code == 302
    db.session.expire_all()
    assert db.session.get(Company, company.id).verification == "verified"
    entry = db.session.scalar(db.select(AuditEntry).where(
        AuditEntry.action == "company.verification"))
    assert entry.actor_id == admin.id and entry.target_id == company.id
