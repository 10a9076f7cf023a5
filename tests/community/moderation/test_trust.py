"""New-user limits (first day) and posting rate limits for everyone."""
from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

from community.db import utcnow
from community.errors import RateLimited, ValidationError
from community.extensions import db
from community.moderation.trust import check_posting, count_links, count_mentions

DAYS_AGO = dt.timedelta(days=3)


@pytest.fixture
def new_user(make_user):
    return make_user()  # confirmed just now


@pytest.fixture
def old_user(make_user):
    user = make_user()
    user.confirmed_at = user.created_at = utcnow() - DAYS_AGO
    db.session.commit()
    return user


@pytest.fixture
def space(make_space):
    return make_space("open")


def _message(exc) -> str:
    with force_locale("en"):
        return str(exc.value.message)


def test_new_user_hits_the_daily_post_cap(new_user, space, make_post):
    for hours in (5, 3, 1):
        make_post(new_user, space, ago=dt.timedelta(hours=hours))
    with pytest.raises(RateLimited) as exc:
        check_posting(new_user, "post", "Mijn vierde bericht")
    assert exc.value.status == 429
    assert "New members can write at most 3 posts in their first day" in _message(exc)


def test_new_user_below_the_cap_may_post(new_user, space, make_post):
    make_post(new_user, space)
    make_post(new_user, space)
    check_posting(new_user, "post", "Mijn derde bericht")  # no exception


def test_an_older_member_has_no_first_day_cap(old_user, space, make_post):
    for _ in range(5):
        make_post(old_user, space, ago=dt.timedelta(hours=2))
    check_posting(old_user, "post", "Nog een bericht")
    check_posting(old_user, "post", "[a](https://a.example) [b](https://b.example) "
                                    "[c](https://c.example) @een @twee @drie @vier")


def test_unconfirmed_account_counts_from_creation(make_user, space, make_post):
    user = make_user(confirmed=False, created_at=utcnow() - DAYS_AGO)
    for _ in range(3):
        make_post(user, space)
    check_posting(user, "post", "")  # older than a day: no new-user cap


def test_new_user_comment_cap(new_user, space, make_post, make_comment, make_user):
    post = make_post(make_user(), space)
    for _ in range(10):
        make_comment(new_user, post, ago=dt.timedelta(hours=1))
    with pytest.raises(RateLimited) as exc:
        check_posting(new_user, "comment", "Nog een reactie")
    assert "10 comments" in _message(exc)


def test_staff_are_exempt(make_user, space, make_post):
    for role in ("moderator", "admin"):
        staff = make_user(role)
        for _ in range(12):
            make_post(staff, space)
        check_posting(staff, "post", " ".join(f"https://x{i}.example" for i in range(9)))


def test_too_many_links_from_a_new_user_are_refused(new_user):
    body = "Zie [de regeling](https://rvo.example/a), <https://kvk.example> en www.limburg.nl"
    assert count_links(body) == 3
    assert count_links("https://a.example https://b.example/x?y=1 en http://c.nl") == 3
    with pytest.raises(ValidationError) as exc:
        check_posting(new_user, "post", body)
    assert exc.value.status == 400
    assert "at most 2 links" in _message(exc)
    check_posting(new_user, "post", "Zie [de regeling](https://rvo.example/a) en "
                                    "mailto:info@example.org")


def test_links_inside_code_and_mail_addresses_do_not_count():
    assert count_links("`https://a.example` and\n\n    https://b.example\n") == 0
    assert count_links("[mail](mailto:a@b.example) a@b.example") == 0
    assert count_links("[x](javascript:alert(1))") == 0
    assert count_links("```\nhttps://a.example\n```") == 0


def test_too_many_mentions_from_a_new_user_are_refused(new_user):
    assert count_mentions("@anna @bram @carla @daan @anna") == 4
    with pytest.raises(ValidationError) as exc:
        check_posting(new_user, "comment", "@anna @bram @carla @daan")
    assert "at most 3 people" in _message(exc)
    check_posting(new_user, "comment", "@anna @bram @carla")


def test_rate_limit_for_everyone(old_user, space, make_post):
    for _ in range(9):
        make_post(old_user, space, ago=dt.timedelta(minutes=3))
    make_post(old_user, space, ago=dt.timedelta(minutes=11))  # outside the window
    check_posting(old_user, "post", "")
    make_post(old_user, space, ago=dt.timedelta(minutes=1))
    with pytest.raises(RateLimited) as exc:
        check_posting(old_user, "post", "")
    assert exc.value.status == 429
    assert "at most 10 posts per 10 minutes" in _message(exc)


def test_deleted_posts_still_count(old_user, space, make_post):
    for _ in range(10):
        make_post(old_user, space, status="deleted")
    with pytest.raises(RateLimited):
        check_posting(old_user, "post", "")


def test_limits_come_from_config(app, new_user, space, make_post):
    make_post(new_user, space)
    app.config["MODERATION_NEW_USER_POSTS_PER_DAY"] = 1
    app.config["MODERATION_NEW_USER_MAX_LINKS"] = 0
    try:
        with pytest.raises(RateLimited) as exc:
            check_posting(new_user, "post", "")
        assert "at most 1 post in their first day" in _message(exc)
        with pytest.raises(ValidationError):
            check_posting(new_user, "comment", "https://a.example")
    finally:
        app.config["MODERATION_NEW_USER_POSTS_PER_DAY"] = 3
        app.config["MODERATION_NEW_USER_MAX_LINKS"] = 2

