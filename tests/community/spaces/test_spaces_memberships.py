"""Memberships: join, leave, requests to join, invitations (in-app and e-mail), removing
members and space admins. Bad input answers clearly and writes nothing."""
from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from community.db import utcnow
from community.extensions import db
from community.notifications.models import Notification
from community.spaces.models import JoinRequest, SpaceInvitation, SpaceMembership
from tests.community.spaces.conftest import count, english, member_ids, post_form


def _notifications(user, kind):
    db.session.expire_all()
    return list(db.session.scalars(db.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind)))


# ---------------------------------------------------------------- join and leave

@pytest.mark.parametrize("visibility", ["open", "members"])
def test_join_an_open_or_members_only_space_once(visibility, make_user, make_space, client_for):
    user = make_user()
    space = make_space(visibility, admin=make_user())
    client = client_for(user)
    english(client)
    assert post_form(client, f"/spaces/{space.slug}/join").status_code == 302
    assert user.id in member_ids(space)
    again = post_form(client, f"/spaces/{space.slug}/join")
    assert again.status_code == 409
    assert "already a member" in again.get_data(as_text=True)
    assert count(SpaceMembership, SpaceMembership.space_id == space.id) == 2


def test_private_space_cannot_be_joined_directly(make_user, make_space, client_for):
    user = make_user()
    space = make_space("private", admin=make_user())
    client = client_for(user)
    english(client)
    resp = post_form(client, f"/spaces/{space.slug}/join")
    assert resp.status_code == 403 and "request" in resp.get_data(as_text=True)
    assert user.id not in member_ids(space)


def test_secret_space_cannot_be_joined_or_requested_by_outsiders(make_user, make_space,
                                                                 client_for):
    user = make_user()
    space = make_space("secret", admin=make_user())
    client = client_for(user)
    assert post_form(client, f"/spaces/{space.slug}/join").status_code == 404
    assert post_form(client, f"/spaces/{space.slug}/request",
                     {"message": "Mag ik erbij?"}).status_code == 404
    assert count(JoinRequest) == 0 and user.id not in member_ids(space)


def test_leave_and_the_last_admin_stays(make_user, make_space, client_for):
    admin, member = make_user(), make_user()
    space = make_space("open", admin=admin, members=[member])
    assert post_form(client_for(member), f"/spaces/{space.slug}/leave").status_code == 302
    assert member.id not in member_ids(space)
    admin_client = client_for(admin)
    english(admin_client)
    resp = post_form(admin_client, f"/spaces/{space.slug}/leave")
    assert resp.status_code == 409 and "at least one admin" in resp.get_data(as_text=True)
    assert admin.id in member_ids(space)
    # leaving a space you are not in
    assert post_form(client_for(member), f"/spaces/{space.slug}/leave").status_code == 409


def test_leaving_a_secret_space_leads_back_to_the_list(make_user, make_space, client_for):
    admin, member = make_user(), make_user()
    space = make_space("secret", admin=admin, members=[member])
    client = client_for(member)
    resp = post_form(client, f"/spaces/{space.slug}/leave")
    assert resp.headers["Location"].endswith("/spaces")
    assert client.get(f"/spaces/{space.slug}").status_code == 404


# ---------------------------------------------------------------- requests to join

def test_request_approve_flow_notifies_both_sides(make_user, make_space, client_for):
    admin, user = make_user(), make_user(name="Vraagt Toegang")
    space = make_space("private", admin=admin)
    client = client_for(user)
    english(client)
    resp = post_form(client, f"/spaces/{space.slug}/request", {"message": "Ik run een bakkerij"})
    assert resp.status_code == 302
    page = client.get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert "waiting for a space admin" in page
    assert len(_notifications(admin, "space_join_request")) == 1

    # asking twice is a clear conflict, nothing new is written
    resp = post_form(client, f"/spaces/{space.slug}/request", {"message": "Nog een keer"})
    assert resp.status_code == 409 and "already asked" in resp.get_data(as_text=True)
    assert count(JoinRequest) == 1

    admin_client = client_for(admin)
    requests_page = admin_client.get(f"/spaces/{space.slug}/requests").get_data(as_text=True)
    assert "Vraagt Toegang" in requests_page and "Ik run een bakkerij" in requests_page
    req = db.session.scalar(db.select(JoinRequest))
    resp = post_form(admin_client, f"/spaces/{space.slug}/requests/{req.id}",
                     {"decision": "approve"})
    assert resp.status_code == 302
    assert user.id in member_ids(space)
    assert len(_notifications(user, "space_request_approved")) == 1
    # approving again, or a request that does not exist
    assert post_form(admin_client, f"/spaces/{space.slug}/requests/{req.id}",
                     {"decision": "approve"}).status_code == 409
    assert post_form(admin_client, f"/spaces/{space.slug}/requests/999999",
                     {"decision": "approve"}).status_code == 404
    assert post_form(admin_client, f"/spaces/{space.slug}/requests/{req.id}",
                     {"decision": "maybe"}).status_code == 400


def test_declined_request_notifies_and_may_be_asked_again(make_user, make_space, client_for):
    admin, user = make_user(), make_user()
    space = make_space("private", admin=admin)
    client = client_for(user)
    post_form(client, f"/spaces/{space.slug}/request", {"message": ""})
    req = db.session.scalar(db.select(JoinRequest))
    post_form(client_for(admin), f"/spaces/{space.slug}/requests/{req.id}",
              {"decision": "decline"})
    assert user.id not in member_ids(space)
    assert len(_notifications(user, "space_request_declined")) == 1
    assert post_form(client, f"/spaces/{space.slug}/request",
                     {"message": "Tweede poging"}).status_code == 302
    db.session.expire_all()
    req = db.session.scalar(db.select(JoinRequest))
    assert (req.status, req.message) == ("pending", "Tweede poging")
    assert count(JoinRequest) == 1


def test_request_message_too_long_and_request_to_open_space(make_user, make_space, client_for):
    user = make_user()
    private = make_space("private", admin=make_user())
    open_space = make_space("open", admin=make_user())
    client = client_for(user)
    english(client)
    resp = post_form(client, f"/spaces/{private.slug}/request", {"message": "x" * 501})
    assert resp.status_code == 400 and "At most 500" in resp.get_data(as_text=True)
    resp = post_form(client, f"/spaces/{open_space.slug}/request", {"message": "hoi"})
    assert resp.status_code == 400 and "join it at once" in resp.get_data(as_text=True)
    assert count(JoinRequest) == 0


def test_only_space_admins_decide_requests(make_user, make_space, client_for):
    admin, member, user = make_user(), make_user(), make_user()
    space = make_space("private", admin=admin, members=[member])
    post_form(client_for(user), f"/spaces/{space.slug}/request", {"message": ""})
    req = db.session.scalar(db.select(JoinRequest))
    member_client = client_for(member)
    assert member_client.get(f"/spaces/{space.slug}/requests").status_code == 403
    assert post_form(member_client, f"/spaces/{space.slug}/requests/{req.id}",
                     {"decision": "approve"}).status_code == 403
    assert user.id not in member_ids(space)
    # a request of one space cannot be decided through another space's URL
    other = make_space("private", admin=member)
    assert post_form(member_client, f"/spaces/{other.slug}/requests/{req.id}",
                     {"decision": "approve"}).status_code == 404


# ---------------------------------------------------------------- roles and removal

def test_promote_demote_and_the_last_admin(make_user, make_space, client_for):
    admin, member = make_user(), make_user()
    space = make_space("open", admin=admin, members=[member])
    client = client_for(admin)
    english(client)
    resp = post_form(client, f"/spaces/{space.slug}/members/{admin.id}/role", {"role": "member"})
    assert resp.status_code == 409 and "at least one admin" in resp.get_data(as_text=True)
    assert post_form(client, f"/spaces/{space.slug}/members/{member.id}/role",
                     {"role": "admin"}).status_code == 302
    assert post_form(client, f"/spaces/{space.slug}/members/{admin.id}/role",
                     {"role": "member"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(SpaceMembership, (space.id, admin.id)).role == "member"
    assert db.session.get(SpaceMembership, (space.id, member.id)).role == "admin"
    # the former admin can no longer change roles
    assert post_form(client, f"/spaces/{space.slug}/members/{member.id}/role",
                     {"role": "member"}).status_code == 403
    assert post_form(client_for(member), f"/spaces/{space.slug}/members/{admin.id}/role",
                     {"role": "owner"}).status_code == 400


def test_removed_member_loses_access_at_once(make_user, make_space, make_post, client_for):
    admin, member = make_user(), make_user()
    private = make_space("private", admin=admin, members=[member])
    secret = make_space("secret", admin=admin, members=[member])
    make_post(private, admin, title="Besloten verhaal")
    client = client_for(member)
    assert "Besloten verhaal" in client.get(f"/spaces/{private.slug}").get_data(as_text=True)
    assert client.get(f"/spaces/{secret.slug}").status_code == 200
    admin_client = client_for(admin)
    for space in (private, secret):
        assert post_form(admin_client, f"/spaces/{space.slug}/members/{member.id}/remove") \
            .status_code == 302
    assert "Besloten verhaal" not in client.get(f"/spaces/{private.slug}").get_data(as_text=True)
    assert client.get(f"/spaces/{private.slug}/members").status_code == 403
    assert client.get(f"/spaces/{secret.slug}").status_code == 404
    assert client.get(f"/api/v1/spaces/{secret.id}").status_code == 404
    # removing someone who is not a member
    assert post_form(admin_client, f"/spaces/{secret.slug}/members/{member.id}/remove") \
        .status_code == 404


def test_members_cannot_remove_others(make_user, make_space, client_for):
    admin, a, b = make_user(), make_user(), make_user()
    space = make_space("open", admin=admin, members=[a, b])
    assert post_form(client_for(a), f"/spaces/{space.slug}/members/{b.id}/remove") \
        .status_code == 403
    assert b.id in member_ids(space)


# ---------------------------------------------------------------- invitations

def test_in_app_invitation_to_a_secret_space(make_user, make_space, client_for, outbox):
    admin, guest = make_user(), make_user(email="gast@example.org")
    space = make_space("secret", admin=admin, name="Stille Kring")
    admin_client = client_for(admin)
    resp = post_form(admin_client, f"/spaces/{space.slug}/invitations",
                     {"email": "Gast@Example.org"})
    assert resp.status_code == 302
    invitation = db.session.scalar(db.select(SpaceInvitation))
    assert invitation.user_id == guest.id and invitation.email is None
    assert not outbox  # in-app: a notification, no e-mail with a link
    assert len(_notifications(guest, "space_invitation")) == 1

    client = client_for(guest)
    assert "Stille Kring" in client.get("/spaces/invitations").get_data(as_text=True)
    assert client.get(f"/spaces/{space.slug}").status_code == 404  # not a member yet
    assert post_form(client, f"/spaces/invitations/{invitation.id}",
                     {"decision": "accept"}).status_code == 302
    assert guest.id in member_ids(space)
    assert client.get(f"/spaces/{space.slug}").status_code == 200
    # a used invitation cannot be used again
    assert post_form(client, f"/spaces/invitations/{invitation.id}",
                     {"decision": "accept"}).status_code == 409
    # inviting a member again is a conflict
    resp = post_form(admin_client, f"/spaces/{space.slug}/invitations",
                     {"email": "gast@example.org"})
    assert resp.status_code == 409
    assert count(SpaceInvitation) == 1


def test_someone_elses_invitation_is_404(make_user, make_space, client_for):
    admin, guest, stranger = make_user(), make_user(), make_user()
    space = make_space("secret", admin=admin, name="Stille Kring")
    post_form(client_for(admin), f"/spaces/{space.slug}/invitations", {"email": guest.email})
    invitation = db.session.scalar(db.select(SpaceInvitation))
    client = client_for(stranger)
    assert post_form(client, f"/spaces/invitations/{invitation.id}",
                     {"decision": "accept"}).status_code == 404
    assert "Stille Kring" not in client.get("/spaces/invitations").get_data(as_text=True)
    assert client.get(f"/spaces/{space.slug}/invitations").status_code == 404
    assert stranger.id not in member_ids(space)


def test_declined_invitation_gives_no_membership(make_user, make_space, client_for):
    admin, guest = make_user(), make_user()
    space = make_space("private", admin=admin)
    post_form(client_for(admin), f"/spaces/{space.slug}/invitations", {"email": guest.email})
    invitation = db.session.scalar(db.select(SpaceInvitation))
    assert post_form(client_for(guest), f"/spaces/invitations/{invitation.id}",
                     {"decision": "decline"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(SpaceInvitation, invitation.id).status == "declined"
    assert guest.id not in member_ids(space)


def _mailed_token(outbox) -> str:
    body = outbox[-1].get_content()
    return re.search(r"/spaces/invitations/token/(\S+)", body).group(1)


def test_email_invitation_with_signed_token(make_user, make_space, client_for, outbox):
    admin = make_user()
    space = make_space("secret", admin=admin, name="Stille Kring")
    resp = post_form(client_for(admin), f"/spaces/{space.slug}/invitations",
                     {"email": "nieuw@example.org"})
    assert resp.status_code == 302
    assert len(outbox) == 1 and outbox[0]["To"] == "nieuw@example.org"
    token = _mailed_token(outbox)
    invitation = db.session.scalar(db.select(SpaceInvitation))
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash  # only the hash is stored

    # the newcomer registers with that address, then accepts
    newcomer = make_user(email="nieuw@example.org")
    client = client_for(newcomer)
    page = client.get(f"/spaces/invitations/token/{token}")
    assert page.status_code == 200 and "Stille Kring" in page.get_data(as_text=True)
    assert post_form(client, f"/spaces/invitations/token/{token}",
                     {"decision": "accept"}).status_code == 302
    assert newcomer.id in member_ids(space)
    # the link works once
    english(client)
    again = client.get(f"/spaces/invitations/token/{token}")
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)


def test_email_invitation_for_another_address_is_refused(make_user, make_space, client_for,
                                                         outbox):
    admin, someone = make_user(), make_user()
    space = make_space("private", admin=admin)
    post_form(client_for(admin), f"/spaces/{space.slug}/invitations",
              {"email": "bedoeld@example.org"})
    token = _mailed_token(outbox)
    client = client_for(someone)
    english(client)
    assert "another e-mail address" in client.get(
        f"/spaces/invitations/token/{token}").get_data(as_text=True)
    assert post_form(client, f"/spaces/invitations/token/{token}",
                     {"decision": "accept"}).status_code == 403
    assert someone.id not in member_ids(space)


def test_expired_tampered_and_revoked_tokens(make_user, make_space, client_for, outbox):
    admin = make_user()
    guest = make_user(email="gast@example.org")
    space = make_space("open", admin=admin)
    admin_client = client_for(admin)
    post_form(admin_client, f"/spaces/{space.slug}/invitations", {"email": "later@example.org"})
    token = _mailed_token(outbox)
    client = client_for(guest)
    english(client)
    # tampered
    resp = client.get(f"/spaces/invitations/token/{token[:-2]}xx")
    assert resp.status_code == 400 and "not valid" in resp.get_data(as_text=True)
    # expired (the stored expiry passed)
    invitation = db.session.scalar(db.select(SpaceInvitation))
    invitation.expires_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    resp = client.get(f"/spaces/invitations/token/{token}")
    assert resp.status_code == 400 and "expired" in resp.get_data(as_text=True)
    # revoked
    invitation.expires_at = utcnow() + dt.timedelta(days=1)
    db.session.commit()
    assert post_form(admin_client, f"/spaces/{space.slug}/invitations/{invitation.id}/revoke") \
        .status_code == 302
    assert client.get(f"/spaces/invitations/token/{token}").status_code == 400
    assert post_form(admin_client, f"/spaces/{space.slug}/invitations/{invitation.id}/revoke") \
        .status_code == 409


def test_token_signed_for_too_long_ago_is_expired(app, make_user, make_space, client_for,
                                                  outbox, monkeypatch):
    admin, guest = make_user(), make_user(email="gast2@example.org")
    space = make_space("open", admin=admin)
    post_form(client_for(admin), f"/spaces/{space.slug}/invitations",
              {"email": "nog-geen-account@example.org"})
    token = _mailed_token(outbox)
    monkeypatch.setitem(app.config, "SPACE_INVITATION_DAYS", 0)  # signature now too old
    client = client_for(guest)
    english(client)
    import time

    time.sleep(1.1)
    resp = client.get(f"/spaces/invitations/token/{token}")
    assert resp.status_code == 400 and "expired" in resp.get_data(as_text=True)


@pytest.mark.parametrize("email", ["geen-adres", "a@b", "iemand@@example.org", ""])
def test_invalid_invitation_address_is_refused(email, make_user, make_space, client_for, outbox):
    admin = make_user()
    space = make_space("open", admin=admin)
    client = client_for(admin)
    english(client)
    resp = post_form(client, f"/spaces/{space.slug}/invitations", {"email": email})
    assert resp.status_code == 400
    assert count(SpaceInvitation) == 0 and not outbox


def test_duplicate_open_invitation_is_a_conflict(make_user, make_space, client_for, outbox):
    admin = make_user()
    space = make_space("open", admin=admin)
    client = client_for(admin)
    english(client)
    post_form(client, f"/spaces/{space.slug}/invitations", {"email": "een@example.org"})
    resp = post_form(client, f"/spaces/{space.slug}/invitations", {"email": "een@example.org"})
    assert resp.status_code == 409 and "open invitation" in resp.get_data(as_text=True)
    assert count(SpaceInvitation) == 1 and len(outbox) == 1


def test_members_cannot_invite(make_user, make_space, client_for, outbox):
    admin, member = make_user(), make_user()
    space = make_space("private", admin=admin, members=[member])
    assert post_form(client_for(member), f"/spaces/{space.slug}/invitations",
                     {"email": "x@example.org"}).status_code == 403
    assert count(SpaceInvitation) == 0 and not outbox


def test_unconfirmed_account_cannot_take_an_emailed_invitation_without_the_link(
        make_user, make_space, client_for, outbox):
    admin = make_user()
    space = make_space("secret", admin=admin, name="Stille Kring")
    post_form(client_for(admin), f"/spaces/{space.slug}/invitations",
              {"email": "kaper@example.org"})
    invitation = db.session.scalar(db.select(SpaceInvitation))
    squatter = make_user(email="kaper@example.org", confirmed=False)
    client = client_for(squatter)
    assert "Stille Kring" not in client.get("/spaces/invitations").get_data(as_text=True)
    assert post_form(client, f"/spaces/invitations/{invitation.id}",
                     {"decision": "accept"}).status_code == 404
    assert squatter.id not in member_ids(space)
