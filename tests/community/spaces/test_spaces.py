"""Spaces: the list, the space page per visibility and role, create and edit, the API."""
from __future__ import annotations

import pytest

from community.extensions import db
from community.spaces.models import Space, SpaceMembership
from community.tags import tags_for
from tests.community.spaces.conftest import count, english, post_form

ROLES = ("anonymous", "nonmember", "member", "space_admin", "moderator", "admin")


@pytest.fixture
def world(make_user, make_space, make_post, client_for):
    """One space of each visibility, each with a post, and a client for every role."""
    users = {"nonmember": make_user(name="Niet Lid"), "member": make_user(name="Gewoon Lid"),
             "space_admin": make_user(name="Ruimte Beheerder"),
             "moderator": make_user("moderator", name="Mode Rator"),
             "admin": make_user("admin", name="Pro Grammabureau")}
    spaces = {}
    for visibility in ("open", "members", "private", "secret"):
        space = make_space(visibility, admin=users["space_admin"], members=[users["member"]],
                           name=f"Kring {visibility.upper()}XQ")
        make_post(space, users["member"], title=f"Verhaal {visibility.upper()}PZ")
        spaces[visibility] = space
    return users, spaces, _Clients(users, client_for)


class _Clients(dict):
    """A logged-in client per role, made when first asked for (logging in is slow)."""

    def __init__(self, users, client_for):
        super().__init__()
        self.users, self.client_for = users, client_for

    def __missing__(self, role):
        self[role] = self.client_for(self.users.get(role))
        return self[role]


def _insiders(role: str) -> bool:
    return role in ("member", "space_admin", "moderator", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_spaces_the_role_may_know(world, role):
    _users, spaces, clients = world
    html = clients[role].get("/spaces").get_data(as_text=True)
    for visibility in ("open", "members", "private"):
        assert spaces[visibility].name in html
    assert (spaces["secret"].name in html) == _insiders(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", ["open", "members", "private", "secret"])
def test_space_page_and_member_list_per_visibility_and_role(world, role, visibility):
    users, spaces, clients = world
    space, client = spaces[visibility], clients[role]
    page = client.get(f"/spaces/{space.slug}")
    members = client.get(f"/spaces/{space.slug}/members")
    api = client.get(f"/api/v1/spaces/{space.id}")
    post_title = f"Verhaal {visibility.upper()}PZ"
    if visibility == "secret" and not _insiders(role):
        missing = client.get("/spaces/bestaat-niet").get_data(as_text=True)
        assert page.status_code == 404 and members.status_code == 404
        # identical to a missing space (apart from the requested path, echoed in the
        # language switch)
        assert page.get_data(as_text=True).replace(space.slug, "bestaat-niet") == missing
        assert api.status_code == 404
        assert space.name not in api.get_data(as_text=True)
        return
    assert page.status_code == 200 and api.status_code == 200
    assert api.get_json()["member_count"] == 2
    html = page.get_data(as_text=True)
    assert space.name in html
    reads_content = visibility in ("open", "members") or _insiders(role)
    assert (post_title in html) == reads_content
    if reads_content:
        assert members.status_code == 200
        assert users["member"].name in members.get_data(as_text=True)
    else:
        assert members.status_code == 403
        assert users["member"].name not in members.get_data(as_text=True)


@pytest.mark.parametrize("role", ["anonymous", "nonmember"])
def test_secret_space_name_appears_nowhere_for_non_members(world, role, make_user):
    _users, spaces, clients = world
    secret, client = spaces["secret"], clients[role]
    urls = ["/", "/spaces", "/spaces?q=Kring", "/spaces?mine=1", "/api/v1/spaces",
            "/api/v1/spaces?q=Kring&per_page=100", f"/api/v1/spaces/{secret.id}",
            f"/spaces/{secret.slug}", f"/spaces/{secret.slug}/members",
            f"/spaces/{secret.slug}/cover", f"/spaces/{secret.slug}/invitations",
            f"/spaces/{secret.slug}/requests", f"/spaces/{secret.slug}/feedback",
            f"/spaces/{secret.slug}/edit"]
    if role != "anonymous":
        urls.append("/spaces/invitations")
    for url in urls:
        resp = client.get(url)
        body = resp.get_data(as_text=True)
        assert secret.name not in body, url
        if secret.slug not in url:  # (a page echoes its own path in the language switch)
            assert secret.slug not in body, url
        if secret.slug in url and role != "anonymous":
            assert resp.status_code == 404, url


def test_member_of_secret_space_sees_it_in_my_spaces_and_the_api(world):
    _users, spaces, clients = world
    html = clients["member"].get("/spaces?mine=1").get_data(as_text=True)
    assert spaces["secret"].name in html and spaces["open"].name in html
    names = {s["name"] for s in clients["member"].get("/api/v1/spaces?per_page=100")
             .get_json()["items"]}
    assert spaces["secret"].name in names
    names = {s["name"] for s in clients["nonmember"].get("/api/v1/spaces?per_page=100")
             .get_json()["items"]}
    assert spaces["secret"].name not in names and spaces["private"].name in names


def test_nav_has_spaces(client):
    english(client)
    assert '<a href="/spaces">Spaces</a>' in client.get("/").get_data(as_text=True)


# ---------------------------------------------------------------- create and edit

def test_confirmed_user_creates_an_open_space_and_becomes_its_admin(client, make_user, login):
    user = make_user()
    login(user)
    resp = post_form(client, "/spaces/new", {"name": "Webshops in Zuid-Limburg",
                                             "visibility": "open",
                                             "description": "Over **webshops**"})
    assert resp.status_code == 302
    space = db.session.scalar(db.select(Space).where(Space.name == "Webshops in Zuid-Limburg"))
    assert space.slug == "webshops-in-zuid-limburg" and space.created_by_id == user.id
    assert db.session.get(SpaceMembership, (space.id, user.id)).role == "admin"
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "<strong>webshops</strong>" in html


def test_space_slug_never_takes_a_reserved_path(client, make_user, login):
    login(make_user())
    post_form(client, "/spaces/new", {"name": "Invitations", "visibility": "open"})
    space = db.session.scalar(db.select(Space).where(Space.name == "Invitations"))
    assert space.slug == "invitations-2"
    assert client.get("/spaces/invitations-2").status_code == 200


def test_bad_space_input_is_refused_and_nothing_is_written(client, make_user, login):
    login(make_user())
    english(client)
    before = count(Space)
    for data in ({"name": "", "visibility": "open"}, {"name": "x" * 121, "visibility": "open"},
                 {"name": "Goed", "visibility": "everyone"},
                 {"name": "Goed", "visibility": "open", "rules": "r" * 5001}):
        resp = post_form(client, "/spaces/new", data)
        assert resp.status_code == 400, data
    assert count(Space) == before
    assert count(SpaceMembership) == 0


def test_only_staff_create_secret_spaces(client, make_user, login, client_for):
    login(make_user())
    resp = post_form(client, "/spaces/new", {"name": "Geheim", "visibility": "secret"})
    assert resp.status_code == 400
    assert count(Space, Space.name == "Geheim") == 0
    staff = client_for(make_user("moderator"))
    resp = post_form(staff, "/spaces/new", {"name": "Geheim", "visibility": "secret"})
    assert resp.status_code == 302
    assert db.session.scalar(db.select(Space.visibility).where(Space.name == "Geheim")) == "secret"


def test_service_refuses_secret_switch_by_a_non_staff_admin(make_user, make_space):
    from community.errors import Forbidden
    from community.spaces import services

    admin = make_user()
    space = make_space("open", admin=admin)
    with pytest.raises(Forbidden):
        services.update_space(admin, space, {"visibility": "secret"})
    db.session.rollback()
    assert db.session.get(Space, space.id).visibility == "open"


def test_unconfirmed_user_cannot_create_a_space(client, make_user, login):
    login(make_user(confirmed=False))
    assert client.get("/spaces/new").status_code == 403
    assert post_form(client, "/spaces/new", {"name": "X", "visibility": "open"}).status_code == 403


def test_space_admin_edits_and_members_cannot(make_user, make_space, client_for):
    admin, member = make_user(), make_user()
    space = make_space("open", admin=admin, members=[member])
    resp = post_form(client_for(member), f"/spaces/{space.slug}/edit",
                     {"name": "Gekaapt", "visibility": "open"})
    assert resp.status_code == 403
    resp = post_form(client_for(admin), f"/spaces/{space.slug}/edit",
                     {"name": "Nieuwe naam", "visibility": "private", "rules": "Wees aardig"})
    assert resp.status_code == 302
    db.session.expire_all()
    space = db.session.get(Space, space.id)
    assert (space.name, space.visibility, space.rules) == ("Nieuwe naam", "private", "Wees aardig")


# ---------------------------------------------------------------- cover images

def test_cover_upload_is_checked_stored_outside_static_and_served_with_access(
        app, make_user, make_space, client_for):
    from io import BytesIO
    from pathlib import Path

    from tests.community.spaces.conftest import png_bytes

    admin, outsider = make_user(), make_user()
    space = make_space("secret", admin=admin)
    client = client_for(admin)
    # Not an image: refused, nothing stored.
    resp = post_form(client, f"/spaces/{space.slug}/cover",
                     {"cover-cover": (BytesIO(b"<html><script>x</script>"), "c.png")},
                     content_type="multipart/form-data")
    assert resp.status_code == 400
    db.session.expire_all()
    assert db.session.get(Space, space.id).cover_file is None
    # A real image with HTML appended: accepted, re-encoded (the payload is gone).
    payload = png_bytes() + b"<script>alert(1)</script>"
    resp = post_form(client, f"/spaces/{space.slug}/cover",
                     {"cover-cover": (BytesIO(payload), "c.png")},
                     content_type="multipart/form-data")
    assert resp.status_code == 302
    db.session.expire_all()
    name = db.session.get(Space, space.id).cover_file
    stored = Path(app.config["UPLOAD_FOLDER"]) / "space-covers" / name
    assert stored.is_file() and b"<script>" not in stored.read_bytes()
    assert Path(app.static_folder) not in stored.parents
    served = client.get(f"/spaces/{space.slug}/cover")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert client_for(outsider).get(f"/spaces/{space.slug}/cover").status_code == 404
    assert client_for(None).get(f"/spaces/{space.slug}/cover").status_code == 404
    # Removing deletes the file.
    assert post_form(client, f"/spaces/{space.slug}/cover/remove").status_code == 302
    assert not stored.exists()


def test_oversized_cover_is_refused(app, make_user, make_space, client_for, monkeypatch):
    from io import BytesIO

    from tests.community.spaces.conftest import png_bytes

    monkeypatch.setitem(app.config, "SPACE_COVER_MAX_BYTES", 1024)
    admin = make_user()
    space = make_space("open", admin=admin)
    client = client_for(admin)
    english(client)
    big = png_bytes(size=(800, 800), fmt="BMP")
    resp = post_form(client, f"/spaces/{space.slug}/cover",
                     {"cover-cover": (BytesIO(big), "c.bmp")}, content_type="multipart/form-data")
    assert resp.status_code == 400
    assert "too large" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Space, space.id).cover_file is None


# ---------------------------------------------------------------- the posts on a space page

def test_space_page_lists_published_posts_newest_activity_first_with_marks(
        client, make_user, make_space, make_post, make_company):
    author = make_user(name="Sanne Schrijver")
    company = make_company(owner=author, name="Bakkerij Vlaai")
    space = make_space("open", admin=author)
    make_post(space, author, title="Oudste verhaal", minutes_ago=30)
    make_post(space, author, title="Uitgelicht verhaal", minutes_ago=10, is_featured=True,
              is_official=True, company_id=company.id, comment_count=3, reaction_count=7)
    make_post(space, author, title="Verborgen verhaal", status="hidden")
    make_post(space, author, title="Verwijderd verhaal", status="deleted")
    post = make_post(space, author, title="Nieuwste verhaal", minutes_ago=1)
    post.tags = tags_for(["duurzaamheid", "ovens"])
    db.session.commit()
    english(client)
    html = client.get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert html.index("Nieuwste verhaal") < html.index("Uitgelicht verhaal") \
        < html.index("Oudste verhaal")
    assert "Verborgen verhaal" not in html and "Verwijderd verhaal" not in html
    assert "Featured" in html and "Official" in html
    assert "best practice from Bakkerij Vlaai" in html
    assert "3 comments" in html and "7 found this useful" in html
    assert "ovens" in html and "Sanne Schrijver" in html


def test_cursor_pagination_walks_all_posts_once(app, client, make_user, make_space, make_post,
                                                monkeypatch):
    import re
    from html import unescape

    monkeypatch.setitem(app.config, "SPACE_POSTS_PER_PAGE", 3)
    author = make_user()
    space = make_space("open", admin=author)
    for i in range(8):
        make_post(space, author, title=f"Post nummer {i:02d}", minutes_ago=i)
    url, seen = f"/spaces/{space.slug}", []
    for _ in range(5):
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r"Post nummer (\d\d)", html)
        nxt = re.search(r'href="([^"]+cursor=[^"]+)" rel="next"', html)
        if not nxt:
            break
        url = unescape(nxt.group(1))
    assert seen == [f"{i:02d}" for i in range(8)]


def test_bad_cursor_is_a_clear_400(client, make_user, make_space):
    space = make_space("open", admin=make_user())
    english(client)
    resp = client.get(f"/spaces/{space.slug}?cursor=not-a-cursor")
    assert resp.status_code == 400
    assert "not valid" in resp.get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_space_page_query_count_does_not_grow_with_posts(
        make_user, make_space, make_post, make_company, client_for, count_queries, who):
    def build(n):
        admin = make_user()
        space = make_space("open", admin=admin)
        for i in range(n):
            author = make_user()
            company = make_company(owner=author)
            post = make_post(space, author, minutes_ago=i, company_id=company.id)
            post.tags = tags_for([f"thema-{i}", "groei"])
        db.session.commit()
        client = client_for(admin if who == "member" else None)
        client.get(f"/spaces/{space.slug}")  # warm up (the first visit stamps last_visit_at)
        return client, space

    counts = []
    for n in (2, 30):
        client, space = build(n)
        with count_queries() as q:
            resp = client.get(f"/spaces/{space.slug}")
        assert resp.status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts


def test_space_list_query_count_does_not_grow_with_spaces(make_user, make_space, client_for,
                                                          count_queries):
    user = make_user()
    client = client_for(user)
    counts = []
    for n in (2, 20):
        for _ in range(n):
            make_space("open", admin=make_user(), members=[user])
        with count_queries() as q:
            assert client.get("/spaces").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1], counts


def test_member_list_query_count_does_not_grow_with_members(make_user, make_space, client_for,
                                                            count_queries):
    counts = []
    for n in (2, 25):
        admin = make_user()
        space = make_space("open", admin=admin, members=[make_user() for _ in range(n)])
        client = client_for(admin)
        with count_queries() as q:
            assert client.get(f"/spaces/{space.slug}/members").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1], counts


# ---------------------------------------------------------------- API

def test_api_lists_visible_spaces_with_counts_and_membership(make_user, make_space, client_for):
    user = make_user()
    mine = make_space("private", admin=make_user(), members=[user], name="Mijn kring")
    make_space("secret", admin=make_user(), name="Niet de mijne")
    client = client_for(user)
    data = client.get("/api/v1/spaces?per_page=100").get_json()
    by_name = {s["name"]: s for s in data["items"]}
    assert "Niet de mijne" not in by_name
    assert by_name["Mijn kring"]["is_member"] is True
    assert by_name["Mijn kring"]["member_count"] == 2
    assert by_name["Mijn kring"]["visibility"] == "private"
    one = client.get(f"/api/v1/spaces/{mine.id}").get_json()
    assert one["slug"] == mine.slug and one["url"] == f"/spaces/{mine.slug}"


def test_api_bad_arguments_are_422_json(client):
    resp = client.get("/api/v1/spaces?per_page=1000")
    assert resp.status_code == 422 and "message" in resp.get_json()


def test_openapi_documents_the_spaces_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/spaces" in paths and "/api/v1/spaces/{space_id}" in paths
