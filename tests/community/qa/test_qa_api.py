"""The JSON API: create and list questions with queues, answers, votes, accept; in the
OpenAPI document."""
from __future__ import annotations

from community.accounts.services import create_api_token
from community.extensions import db
from community.qa import services


def _bearer(user, scope="write") -> dict:
    _token, raw = create_api_token(user, "test", scope)
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_api_question_lifecycle(app, client, veteran):
    asker, expert, voter = veteran(), veteran("expert", expertise=["export"]), veteran()
    resp = client.post("/api/v1/questions", headers=_bearer(asker), json={
        "title": "Welke documenten heb ik nodig voor export naar België?",
        "body": "Wij exporteren *vlaai*.", "tags": ["export"], "sector": "c"})
    assert resp.status_code == 201, resp.get_json()
    data = resp.get_json()
    qid = data["id"]
    assert data["sector"] == "C" and data["space_id"] is None
    assert resp.headers["Location"].endswith(f"/api/v1/questions/{qid}")
    assert "<em>vlaai</em>" in data["body_html"]

    listed = client.get("/api/v1/questions?queue=unanswered").get_json()
    assert qid in [q["id"] for q in listed["items"]]
    resp = client.post(f"/api/v1/questions/{qid}/answers", headers=_bearer(expert),
                       json={"body": "Een CMR-vrachtbrief en een factuur."})
    assert resp.status_code == 201
    aid = resp.get_json()["id"]
    listed = client.get("/api/v1/questions?queue=unanswered").get_json()
    assert qid not in [q["id"] for q in listed["items"]]

    resp = client.post(f"/api/v1/answers/{aid}/vote", headers=_bearer(voter), json={"value": 1})
    assert resp.get_json() == {"score": 1, "my_vote": 1}
    resp = client.post(f"/api/v1/answers/{aid}/vote", headers=_bearer(expert), json={"value": 1})
    assert resp.status_code == 403 and resp.get_json()["message"]

    resp = client.post(f"/api/v1/answers/{aid}/accept", headers=_bearer(asker), json={})
    assert resp.status_code == 200 and resp.get_json()["accepted_answer_id"] == aid
    answers = client.get(f"/api/v1/questions/{qid}/answers").get_json()["items"]
    assert answers[0]["is_accepted"] and answers[0]["score"] == 1

    resp = client.post("/api/v1/questions", headers=_bearer(asker, "read"),
                       json={"title": "Nog een vraag hier", "body": "x"})
    assert resp.status_code == 403


def test_api_bad_input_writes_nothing(app, client, veteran):
    from community.qa.models import Question

    asker = veteran()
    before = db.session.query(Question).count()
    for body in ({"title": "", "body": "x"}, {"title": "Titel van de vraag", "body": ""},
                 {"title": "Titel van de vraag", "body": "x" * 20_001}):
        resp = client.post("/api/v1/questions", headers=_bearer(asker), json=body)
        assert resp.status_code == 422
    resp = client.post("/api/v1/questions", headers=_bearer(asker),
                       json={"title": "Titel van de vraag", "body": "x", "sector": "Z"})
    assert resp.status_code == 400 and "sector" in resp.get_json()["message"].lower()
    assert db.session.query(Question).count() == before


def test_api_queue_filters(app, client, veteran):
    asker = veteran()
    a = services.ask(asker, title="Vraag over personeel werven", body_md="x",
                     tags=["personeel"], sector="F")
    b = services.ask(asker, title="Vraag over digitalisering", body_md="x",
                     tags=["digitalisering"])
    ids = [q["id"] for q in client.get("/api/v1/questions?tag=personeel").get_json()["items"]]
    assert a.id in ids and b.id not in ids
    ids = [q["id"] for q in client.get("/api/v1/questions?sector=F").get_json()["items"]]
    assert ids == [a.id]
    assert client.get("/api/v1/questions?queue=nonsense").status_code == 422


def test_openapi_lists_the_questions_endpoints(app, client):
    spec = client.get("/api/v1/openapi.json")
    if spec.status_code == 404:
        spec = client.get("/api/openapi.json")
    paths = spec.get_json()["paths"]
    for path in ("/api/v1/questions", "/api/v1/questions/{question_id}",
                 "/api/v1/questions/{question_id}/answers", "/api/v1/answers/{answer_id}/vote",
                 "/api/v1/questions/{question_id}/vote", "/api/v1/answers/{answer_id}/accept"):
        assert path in paths, path
