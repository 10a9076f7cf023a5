"""Access expectations for every spaces route, for each visibility and role.

Roles here: ``member`` is the admin of every space below, ``partner`` an ordinary member,
``other`` a non-member; ``moderator`` and ``admin`` are staff (space admins everywhere).
A secret space answers 404 to non-members on every URL, exactly like a missing one.
"""
from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from community.db import utcnow
from community.extensions import db
from community.spaces import covers
from community.spaces.models import (
    FeatureFlag,
    FeedbackItem,
    JoinRequest,
    Space,
    SpaceInvitation,
    SpaceMembership,
)
from tests.matrix_support import Case, everyone, logged_in


def _space(w, visibility: str, slug: str | None = None, **fields) -> Space:
    space = Space(name=f"Matrix {slug or visibility}", slug=f"matrix-{slug or visibility}",
                  visibility=visibility, **fields)
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMembership(space_id=space.id, user_id=w.member.id, role="admin"))
    db.session.add(SpaceMembership(space_id=space.id, user_id=w.partner.id, role="member"))
    return space


def _cover() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buf, format="PNG")
    buf.seek(0)
    return covers.store(buf)


def _status(**kw) -> dict:
    """Statuses by role; unnamed roles must be given (no silent default)."""
    return kw


def cases(w):
    spaces = {v: _space(w, v) for v in ("open", "members", "private", "secret")}
    early = _space(w, "secret", slug="early", is_early_bird=True)
    spaces["open"].cover_file = _cover()
    spaces["secret"].cover_file = _cover()
    db.session.flush()
    req = JoinRequest(space_id=spaces["private"].id, user_id=w.other.id, message="Graag")
    far = utcnow() + dt.timedelta(days=5)
    inv_other = SpaceInvitation(space_id=spaces["secret"].id, user_id=w.other.id,
                                invited_by_id=w.member.id, token_hash="a" * 64, expires_at=far)
    inv_mail = SpaceInvitation(space_id=spaces["secret"].id, email="gast@example.org",
                               invited_by_id=w.member.id, token_hash="b" * 64, expires_at=far)
    item = FeedbackItem(space_id=early.id, author_id=w.partner.id, title="Idee")
    db.session.add_all([req, inv_other, inv_mail, item,
                        FeatureFlag(name="matrix_flag", state="off")])
    db.session.flush()
    w.extra["spaces"] = {**spaces, "early": early}

    cases = [
        Case("spaces.index", "GET", "/spaces", everyone(200)),
        Case("spaces.index", "GET", "/spaces?mine=1&q=matrix", everyone(200)),
        Case("spaces.create", "GET", "/spaces/new", logged_in(200)),
        Case("spaces.create", "POST", "/spaces/new", logged_in(400), data={"name": ""}),
        Case("spaces.show", "GET", "/spaces/does-not-exist", everyone(404)),
        Case("spaces.my_invitations", "GET", "/spaces/invitations", logged_in(200)),
        Case("spaces.invitation_token", "GET", "/spaces/invitations/token/nope", logged_in(400)),
        Case("spaces.respond_invitation", "POST", f"/spaces/invitations/{inv_other.id}",
             logged_in(404) | {"other": 302}, data={"decision": "accept"}),
        Case("spaces.respond_invitation", "POST", f"/spaces/invitations/{inv_mail.id}",
             logged_in(404), data={"decision": "accept"}),
        Case("spaces.feedback_overview", "GET", "/spaces/feedback",
             logged_in(403) | {"moderator": 200, "admin": 200}),
        Case("spaces.feature_flags", "GET", "/admin/flags", logged_in(403) | {"admin": 200}),
        Case("spaces.feature_flags", "POST", "/admin/flags", logged_in(403) | {"admin": 302},
             data={"name": "matrix_flag", "state": "everyone"}),
        Case("spaces.feature_flags", "POST", "/admin/flags", logged_in(403) | {"admin": 400},
             data={"name": "Bad Name!", "state": "everyone"}),
        Case("spaces_api.list_spaces", "GET", "/api/v1/spaces", everyone(200)),
        Case("spaces_api.get_space", "GET", "/api/v1/spaces/999999", everyone(404)),
    ]

    for visibility, space in spaces.items():
        cases.extend(_space_cases(w, visibility, space))
    s = spaces["private"]
    staff_admin = {"anonymous": 302, "member": 302, "partner": 403, "other": 403,
                   "moderator": 302, "admin": 302}
    cases += [
        Case("spaces.decide_request", "POST", f"/spaces/{s.slug}/requests/{req.id}",
             staff_admin, data={"decision": "approve"}),
        Case("spaces.decide_request", "POST", f"/spaces/{s.slug}/requests/{req.id}",
             staff_admin, data={"decision": "decline"}),
        Case("spaces.decide_request", "POST", f"/spaces/{s.slug}/requests/999999",
             staff_admin | {"member": 404, "moderator": 404, "admin": 404},
             data={"decision": "approve"}),
        Case("spaces.request_join", "POST", f"/spaces/{s.slug}/request",
             # other has a pending request already: 409; staff may ask too
             {"anonymous": 302, "member": 409, "partner": 409, "other": 409,
              "moderator": 302, "admin": 302}, data={"message": "Hallo"}),
        Case("spaces.request_join", "POST", f"/spaces/{s.slug}/request",
             {"anonymous": 302, "member": 409, "partner": 409, "other": 400,
              "moderator": 400, "admin": 400}, data={"message": "x" * 501}),
        Case("spaces.request_join", "POST", f"/spaces/{spaces['open'].slug}/request",
             {"anonymous": 302, "member": 409, "partner": 409, "other": 400,
              "moderator": 400, "admin": 400}, data={}),
        Case("spaces.revoke_invitation", "POST",
             f"/spaces/{spaces['secret'].slug}/invitations/{inv_mail.id}/revoke",
             {"anonymous": 302, "member": 302, "partner": 403, "other": 404,
              "moderator": 302, "admin": 302}),
    ]

    e = early
    board_member = {"anonymous": 302, "member": 200, "partner": 200, "other": 404,
                    "moderator": 200, "admin": 200}
    cases += [
        Case("spaces.feedback_board", "GET", f"/spaces/{e.slug}/feedback", board_member),
        Case("spaces.feedback_board", "GET", f"/spaces/{spaces['open'].slug}/feedback",
             logged_in(404)),
        Case("spaces.feedback_board", "POST", f"/spaces/{e.slug}/feedback",
             {"anonymous": 302, "member": 302, "partner": 302, "other": 404,
              "moderator": 302, "admin": 302}, data={"title": "Graag dark mode"}),
        Case("spaces.feedback_board", "POST", f"/spaces/{e.slug}/feedback",
             {"anonymous": 302, "member": 400, "partner": 400, "other": 404,
              "moderator": 400, "admin": 400}, data={"title": ""}),
        Case("spaces.feedback_status", "POST", f"/spaces/{e.slug}/feedback/{item.id}/status",
             {"anonymous": 302, "member": 403, "partner": 403, "other": 404,
              "moderator": 302, "admin": 302}, data={"status": "planned"}),
    ]
    return cases


def _space_cases(w, visibility: str, space: Space) -> list[Case]:
    base = f"/spaces/{space.slug}"
    secret = visibility == "secret"
    listed_content = visibility in ("open", "members")
    hidden = 404 if secret else None  # what a non-member gets where the space is unknown

    def for_nonmember(listed_status):
        return hidden if secret else listed_status

    see = {"anonymous": for_nonmember(200), "member": 200, "partner": 200,
           "other": for_nonmember(200), "moderator": 200, "admin": 200}
    content = {"anonymous": 200 if listed_content else for_nonmember(403), "member": 200,
               "partner": 200, "other": 200 if listed_content else for_nonmember(403),
               "moderator": 200, "admin": 200}
    admin_page = {"anonymous": 302, "member": 200, "partner": 403,
                  "other": for_nonmember(403), "moderator": 200, "admin": 200}
    admin_post = {"anonymous": 302, "member": 302, "partner": 403,
                  "other": for_nonmember(403), "moderator": 302, "admin": 302}
    cover = {"anonymous": for_nonmember(200), "member": 200, "partner": 200,
             "other": for_nonmember(200), "moderator": 200, "admin": 200} \
        if space.cover_file else {r: 404 for r in see}
    # join: members get 409 (already in); staff and others join open spaces, are refused
    # (403) on private and secret ones; a secret space stays 404 for non-members.
    joinable = visibility in ("open", "members")
    join = {"anonymous": 302, "member": 409, "partner": 409,
            "other": 302 if joinable else for_nonmember(403),
            "moderator": 302 if joinable else 403, "admin": 302 if joinable else 403}
    leave = {"anonymous": 302, "member": 409, "partner": 302, "other": for_nonmember(409),
             "moderator": 409, "admin": 409}
    return [
        Case("spaces.show", "GET", base, see),
        Case("spaces.show", "GET", base + "?cursor=%%%", {
            r: (400 if s == 200 and content[r] == 200 else s) for r, s in see.items()}),
        Case("spaces.members", "GET", base + "/members", content),
        Case("spaces.cover", "GET", base + "/cover", cover),
        Case("spaces.edit", "GET", base + "/edit", admin_page),
        Case("spaces.edit", "POST", base + "/edit", admin_page | {
            "member": 400, "moderator": 400, "admin": 400},
             data={"name": "", "visibility": "open"}),
        Case("spaces.upload_cover", "POST", base + "/cover", admin_page | {
            "member": 400, "moderator": 400, "admin": 400}),
        Case("spaces.remove_cover", "POST", base + "/cover/remove", admin_post),
        Case("spaces.join", "POST", base + "/join", join),
        Case("spaces.leave", "POST", base + "/leave", leave),
        Case("spaces.requests", "GET", base + "/requests", admin_page),
        Case("spaces.invitations", "GET", base + "/invitations", admin_page),
        Case("spaces.invitations", "POST", base + "/invitations", admin_post,
             data={"email": "nieuw@example.org"}),
        Case("spaces.invitations", "POST", base + "/invitations", admin_page | {
            "member": 400, "moderator": 400, "admin": 400}, data={"email": "geen-adres"}),
        Case("spaces.member_role", "POST", f"{base}/members/{w.partner.id}/role", admin_post,
             data={"role": "admin"}),
        Case("spaces.member_role", "POST", f"{base}/members/{w.member.id}/role",
             admin_post | {"member": 409, "moderator": 409, "admin": 409},
             data={"role": "member"}),  # the last admin cannot be demoted
        Case("spaces.remove_member", "POST", f"{base}/members/{w.partner.id}/remove",
             admin_post | {"partner": 302}),  # removing yourself is leaving
        Case("spaces_api.get_space", "GET", f"/api/v1/spaces/{space.id}", {
            r: (200 if s == 200 else 404) for r, s in see.items()}),
    ]
