"""Every kind of notification the code sends reads as a proper sentence in the inbox."""
from __future__ import annotations

import re
from pathlib import Path

import community
from community.notifications.services import _SENTENCES

_CALL = re.compile(r"\bnotify\((.{0,250})", re.DOTALL)
_KIND = re.compile(r'"([a-z][a-z_]+)"')


def sent_kinds() -> set[str]:
    kinds = set()
    for path in Path(community.__file__).parent.rglob("*.py"):
        for args in _CALL.findall(path.read_text(encoding="utf-8")):
            head = re.split(r"actor=|\n\s*\)|\)\s*\n|\bnotify\(", args)[0]
            kinds.update(k for k in _KIND.findall(head))
    return kinds


def test_every_sent_kind_has_a_sentence(app):
    kinds = sent_kinds()
    assert {"post_created", "space_join_request", "content_hidden"} <= kinds
    assert sorted(kinds - set(_SENTENCES)) == []


def test_join_request_reads_as_a_sentence_in_dutch(app, client, make_user, login):
    from community.extensions import db
    from community.spaces.models import JoinRequest, Space, SpaceMembership

    admin, asker = make_user(name="Ruimte Beheerder"), make_user(name="Vera Vraagt")
    space = Space(name="Familiebedrijven", slug="familiebedrijven-kinds", visibility="private")
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMembership(space_id=space.id, user_id=admin.id, role="admin"))
    db.session.commit()
    from community.notifications.services import notify

    req = JoinRequest(space_id=space.id, user_id=asker.id)
    db.session.add(req)
    db.session.flush()
    notify([admin], "space_join_request", req, actor=asker)
    db.session.commit()
    login(admin)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Vera Vraagt vraagt om lid te worden van Familiebedrijven" in page
