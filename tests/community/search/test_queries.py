"""Results as a user meets them: page, API, facets, pages, snippets, spelling, autocomplete,
bad input (never a 500), the query log and the number of SQL statements per page."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from community.db import utcnow
from community.extensions import db
from community.search.models import SearchQueryLog

from .conftest import keys, search


@pytest.fixture
def corpus(make_user, make_space, make_post, make_company):
    author = make_user(locale="nl")
    space = make_space("open", name="Ruimte Energie")
    other = make_space("open", name="Ruimte Vervoer")
    company = make_company(name="Zonnestroom Roermond", sector="D")
    posts = [make_post(space, author, f"Zonnepanelen project {i}", "Ervaringen met "
                       "zonnepanelen op bedrijfsdaken.", tags=["duurzaamheid"], company=company)
             for i in range(23)]
    old = make_post(other, author, "Elektrische bestelbus", "Zonnepanelen laden de bus.",
                    tags=["innovatie"], created_at=utcnow() - dt.timedelta(days=400))
    return {"author": author, "space": space, "other": other, "posts": posts, "old": old,
            "company": company}


def test_search_page_lists_ranked_highlighted_results(client, corpus):
    resp = client.get("/search?q=zonnepanelen")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "24 resultaten" in html or "24 results" in html
    assert "<mark>Zonnepanelen</mark>" in html
    assert html.count('class="search-hit card"') == 10
    assert 'rel="next"' in html


def test_pages_do_not_overlap_and_stop(corpus):
    user = corpus["author"]
    seen = []
    for page in (1, 2, 3):
        result = search(user, "zonnepanelen", page=page)
        assert result.pages == 3 and result.total == 24
        seen += [h.id for h in result.hits]
    assert len(seen) == len(set(seen)) == 24
    beyond = search(user, "zonnepanelen", page=4)
    assert beyond.hits == [] and beyond.message  # "there is no page 4"


@pytest.mark.parametrize("param,value,expected", [
    ("type", "company", lambda c: {("company", c["company"].id)}),
    ("space", "other", lambda c: {("post", c["old"].id)}),
    ("tag", "innovatie", lambda c: {("post", c["old"].id)}),
    ("date", "older", lambda c: {("post", c["old"].id)}),
])
def test_facet_filters_narrow_the_results(corpus, param, value, expected):
    if param == "space":
        value = corpus["other"].id
    text = "zonnestroom roermond" if param == "type" else "zonnepanelen"
    result = search(corpus["author"], text, **{param: value})
    assert keys(result) == expected(corpus)


def test_facet_counts(corpus):
    result = search(corpus["author"], "zonnepanelen")
    facets = {name: {f.value: f.count for f in values} for name, values in result.facets.items()}
    assert facets["type"] == {"post": 24}
    assert facets["space"] == {str(corpus["space"].id): 23, str(corpus["other"].id): 1}
    assert facets["tag"] == {"duurzaamheid": 23, "innovatie": 1}
    assert facets["sector"] == {"D": 23}
    assert facets["date"] == {"week": 23, "month": 23, "year": 23, "older": 1}
    labels = {f.value: f.label for f in result.facets["space"]}
    assert labels[str(corpus["space"].id)] == "Ruimte Energie"


def test_snippets_escape_everything_but_the_marks(client, make_user, make_space, make_post):
    user = make_user()
    make_post(make_space("open"), user, "<script>alert('titel')</script> Subsidiewijzer",
              "<img src=x onerror=alert(1)> lees over de subsidiewijzer <b>nu</b>")
    html = client.get("/search?q=subsidiewijzer").get_data(as_text=True)
    assert "<script>alert(" not in html and "<img src=x" not in html and "<b>nu</b>" not in html
    assert "&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" in html
    assert "onerror=alert(1)&gt;" in html and "&lt;b&gt;nu&lt;/b" in html
    assert "<mark>Subsidiewijzer</mark>" in html and "<mark>subsidiewijzer</mark>" in html
    api = client.get("/api/v1/search?q=subsidiewijzer").get_json()["items"][0]
    assert "<script>" not in api["title_html"] and "&lt;script&gt;" in api["title_html"]
    assert api["title"].startswith("<script>")  # the plain field is plain text, for clients


def test_did_you_mean(client, corpus):
    result = search(corpus["author"], "zonnepanlen")
    assert result.total == 0 and result.suggestion == "zonnepanelen"
    html = client.get("/search?q=zonnepanlen").get_data(as_text=True)
    assert "q=zonnepanelen" in html


def test_autocomplete_endpoint(client, corpus):
    data = client.get("/search/suggest?q=zonnep").get_json()
    titles = [i["title"] for i in data["items"]]
    assert len(titles) == 8 and all(t.startswith("Zonnepanelen project") for t in titles)
    assert client.get("/search/suggest?q=zonnestr&type=company").get_json()["items"][0][
        "title"] == "Zonnestroom Roermond"
    assert client.get("/search/suggest?q=z").get_json() == {"items": []}
    api = client.get("/api/v1/search/suggest?q=elektr").get_json()
    assert [i["title"] for i in api["items"]] == ["Elektrische bestelbus"]


BAD = ["", "   ", "x" * 10_000, '"zonnepanelen', "(zonnepanelen", "zonnepanelen)", "AND",
       "OR", "NOT", "zonnepanelen AND", "AND OR NOT", "*", "*anelen", "?onne", "zo*",
       "zon*ne", "\"\"", "()", "de het een", "title:zonnepanelen", "zonnepanelen^5",
       "[a TO z]", "\x00", "é" * 300, "%", "zonnepanelen~", "'zonnepanelen"]


@pytest.mark.parametrize("text", BAD)
def test_bad_queries_never_fail(client, corpus, text):
    page = client.get("/search", query_string={"q": text})
    assert page.status_code in (200, 400)
    api = client.get("/api/v1/search", query_string={"q": text})
    assert api.status_code in (200, 400), api.get_json()
    if api.status_code == 400:
        assert api.get_json()["message"]
        assert "search-q" in page.get_data(as_text=True)  # the form is there to try again


def test_clear_messages_for_bad_queries(client, corpus):
    en = {"Accept-Language": "en"}
    client.post("/language", data={})  # (no locale change needed: messages checked loosely)
    long = client.get("/api/v1/search", query_string={"q": "x" * 10_000}, headers=en)
    assert long.status_code == 400 and "200" in long.get_json()["message"]
    lead = client.get("/api/v1/search", query_string={"q": "*anelen"})
    assert lead.status_code == 400 and "*" in lead.get_json()["message"]
    empty = client.get("/api/v1/search", query_string={"q": ""})
    assert empty.status_code == 400
    trailing = client.get("/api/v1/search", query_string={"q": "zonnep*"})
    assert trailing.status_code == 200 and trailing.get_json()["total"] == 24


@pytest.mark.parametrize("args,status", [
    ({"type": "bogus"}, 400), ({"date": "bogus"}, 400), ({"space": "abc"}, 400),
    ({"space": "999999"}, 200), ({"tag": "bestaat-niet"}, 200), ({"sector": "ZZZ"}, 400),
    ({"page": "0"}, 400), ({"page": "abc"}, 400), ({"page": "51"}, 400),
    ({"page": "9"}, 200), ({"page": "99999999999"}, 400),
])
def test_unknown_filter_values(client, corpus, args, status):
    page = client.get("/search", query_string={"q": "zonnepanelen", **args})
    assert page.status_code == status
    api = client.get("/api/v1/search", query_string={"q": "zonnepanelen", **args})
    assert api.status_code in ((status,) if status == 200 else (400, 422))
    if status == 200:
        assert api.get_json()["items"] == []


def test_every_query_is_logged_without_who_asked(client, corpus, login):
    login(corpus["author"])
    client.get("/search?q=Zonnepanelen%20%20bel%20jan@example.org%2006-12345678")
    client.get("/api/v1/search?q=onbekendwoord&type=post")
    rows = db.session.scalars(sa.select(SearchQueryLog).order_by(SearchQueryLog.id)).all()
    assert [(r.query, r.result_count, r.doc_type, r.source) for r in rows] == [
        ("zonnepanelen bel [email] [number]", 0, None, "web"),
        ("onbekendwoord", 0, "post", "api")]
    columns = set(SearchQueryLog.__table__.columns.keys())
    assert not columns & {"user_id", "ip", "session", "user_agent"}


def test_query_log_counts(client, corpus):
    client.get("/search?q=zonnepanelen")
    row = db.session.scalars(sa.select(SearchQueryLog)).one()
    assert row.result_count == 24 and row.locale == "nl"


def test_openapi_documents_the_search_endpoint(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/search" in spec["paths"] and "/api/v1/search/suggest" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "type", "page"} <= params


def test_header_has_an_accessible_search_box(client):
    html = client.get("/").get_data(as_text=True)
    assert 'role="search"' in html and 'for="header-q"' in html and 'id="header-q"' in html
    assert 'src="/static/js/search-suggest.js"' in html


@pytest.mark.parametrize("doc_type", ["post", "comment", "user"])
def test_statements_per_search_do_not_grow_with_hits(client, make_user, make_space, make_post,
                                                     make_comment, count_queries, doc_type):
    user = make_user()
    space = make_space("open")
    for word, n in (("kleinwoord", 2), ("grootwoord", 20)):
        for i in range(n):
            post = make_post(space, user, f"{word} {i}", "tekst", tags=["innovatie"])
            make_comment(post, user, f"{word} reactie")
            make_user(name=f"{word} persoon", visibility="public")
    client.get("/search?q=warmup")
    with count_queries() as small:
        assert client.get(f"/search?q=kleinwoord&type={doc_type}").status_code == 200
    with count_queries() as large:
        page = client.get(f"/search?q=grootwoord&type={doc_type}")
    assert page.get_data(as_text=True).count('class="search-hit card"') == 10
    assert large.count == small.count, "\n---\n".join(large.statements)
    with count_queries() as mixed:
        client.get("/search?q=grootwoord OR kleinwoord")
    assert mixed.count <= 14, "\n---\n".join(mixed.statements)


def test_statements_for_a_member_of_many_private_spaces(client, login, make_user, make_space,
                                                        make_post, make_comment, count_queries):
    """access.can per hit must not query the membership of each hit's space."""
    member = make_user()
    for word, n in (("kleinwoord", 2), ("grootwoord", 12)):
        for i in range(n):
            space = make_space("private", members=[member])
            post = make_post(space, member, f"{word} {i}", "tekst")
            make_comment(post, member, f"{word} reactie")
    login(member)
    client.get("/search?q=warmup")
    for doc_type in ("post", "comment"):
        with count_queries() as small:
            client.get(f"/search?q=kleinwoord&type={doc_type}")
        with count_queries() as large:
            client.get(f"/search?q=grootwoord&type={doc_type}")
        assert large.count == small.count, "\n---\n".join(large.statements)


def test_programme_office_sees_what_was_not_found(app, client, corpus):
    for text in ("zonnepanelen", "warmtenet", "warmtenet", "Warmtenet"):
        client.get("/search", query_string={"q": text})
    out = app.test_cli_runner().invoke(args=["search", "queries", "--zero"]).output
    lines = [line.split() for line in out.strip().splitlines()]
    assert lines == [["3", "0.0", "warmtenet"]]
