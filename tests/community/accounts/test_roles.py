"""Roles: member, expert, partner, consultant, moderator, admin; only admins change them."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from community import access
from community.accounts import services
from community.accounts.models import ROLES, User
from community.errors import Forbidden, NotFound, ValidationError
from community.extensions import db
from tests.community.accounts.helpers import audit_entries, login_client, reload


def test_the_six_roles():
    assert ROLES == ("member", "expert", "partner", "consultant", "moderator", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_log_in_and_see_settings(app, make_user, role):
    person = make_user(role)
    client = login_client(app, person)
    assert client.get("/settings").status_code == 200
    assert client.get("/api/v1/me").json["role"] == role


@pytest.mark.parametrize("role, staff, admin", [
    ("member", False, False), ("expert", False, False), ("partner", False, False),
    ("consultant", False, False), ("moderator", True, False), ("admin", True, True),
])
def test_staff_and_admin_rights_follow_the_role(make_user, role, staff, admin):
    person = make_user(role)
    assert person.is_staff is staff and person.is_admin is admin
    assert access.can(person, "moderate") is staff
    assert access.can(person, "admin") is admin
    assert access.can(person, "view_audit") is admin


def test_unknown_role_cannot_be_stored(make_user):
    person = make_user()
    person.role = "superuser"
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_admin_changes_a_role_and_it_is_audited(make_user):
    admin, person = make_user("admin"), make_user()
    services.set_role(admin, person, "expert")
    assert reload(person).role == "expert"
    entry = audit_entries("user.role_changed")[-1]
    assert (entry.actor_id, entry.target_id) == (admin.id, person.id)
    assert entry.data == {"old": "member", "new": "expert"}


@pytest.mark.parametrize("actor_role", ["member", "expert", "partner", "consultant",
                                        "moderator"])
def test_only_admins_change_roles(make_user, actor_role):
    actor, person = make_user(actor_role), make_user()
    with pytest.raises((Forbidden, NotFound)):
        services.set_role(actor, person, "admin")
    assert reload(person).role == "member"
    assert audit_entries("user.role_changed") == []


def test_admin_cannot_change_their_own_role(make_user):
    admin = make_user("admin")
    with pytest.raises(Forbidden):
        services.set_role(admin, admin, "member")
    assert reload(admin).role == "admin"


def test_unknown_role_is_a_validation_error(make_user):
    admin, person = make_user("admin"), make_user()
    with pytest.raises(ValidationError):
        services.set_role(admin, person, "superuser")
    assert reload(person).role == "member"


def test_deactivated_staff_lose_their_rights(make_user):
    admin = make_user("admin", active=False)
    assert not access.can(admin, "admin") and not access.can(admin, "moderate")


def test_admin_may_edit_someone_elses_profile_but_a_member_may_not(make_user):
    admin, member, person = make_user("admin"), make_user(), make_user()
    services.update_profile(admin, person, {"job_title": "Door beheer aangepast"})
    assert reload(person).job_title == "Door beheer aangepast"
    with pytest.raises((Forbidden, NotFound)):
        services.update_profile(member, person, {"job_title": "Gekaapt"})
    assert reload(person).job_title == "Door beheer aangepast"


def test_created_user_has_the_given_role_and_a_strong_password(app):
    with app.test_request_context():
        person = services.create_user("expert@example.org", "Eva Expert", "expert",
                                      "kruidenthee-brunssum-sleutel")
        assert db.session.get(User, person.id).role == "expert" and person.is_confirmed
        with pytest.raises(ValidationError):
            services.create_user("zwak@example.org", "Zwak", "member", "password1234")
        with pytest.raises(ValidationError):
            services.create_user("rol@example.org", "Rol", "owner", "kruidenthee-brunssum-sleutel")
