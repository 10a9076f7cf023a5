"""E-mail per event and digests, against a real local SMTP server (aiosmtpd)."""
from __future__ import annotations

import re

from community.extensions import db
from community.notifications import delivery
from community.notifications.models import Notification, NotificationPreference
from tests.community.feeds.helpers import (
    add_member,
    body_of,
    follow,
    mails_to,
    notifications_of,
    remove_member,
)


def _mode(user, mode: str) -> None:
    db.session.merge(NotificationPreference(user_id=user.id, email_mode=mode))
    db.session.commit()


def _digest(app, period: str = "daily"):
    result = app.test_cli_runner().invoke(args=["notifications", "digest", "--period", period])
    assert result.exit_code == 0, result.output
    return result.output


def test_instant_email_is_sent_after_commit(smtp_server, make_user, make_space, publish):
    me, author = make_user(name="Ilse Instant", locale="en"), make_user(name="Gijs Groen")
    _mode(me, "instant")
    space = make_space("open")
    follow(me, "space", space.id)
    post = publish(author, space, title="Warmtepomp in de werkplaats")

    [msg] = mails_to(smtp_server, me)
    assert "Gijs Groen published “Warmtepomp in de werkplaats”" in msg["Subject"]
    body = body_of(msg)
    assert "Hello Ilse Instant," in body and "http://localhost/" in body
    unsubscribe = re.search(r"http://localhost/notifications/unsubscribe/\S+", body).group(0)
    assert msg["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [note] = notifications_of(me)
    assert note.emailed_at is not None and note.target_id == post.id
    assert mails_to(smtp_server, author) == []


def test_only_instant_recipients_get_mail_per_event(smtp_server, make_user, make_space,
                                                    publish):
    author = make_user()
    space = make_space("open")
    people = {mode: make_user() for mode in ("instant", "daily", "weekly", "off")}
    for mode, user in people.items():
        _mode(user, mode)
        follow(user, "space", space.id)
    default = make_user()  # no preference row: daily digest
    follow(default, "space", space.id)
    publish(author, space)
    assert [len(mails_to(smtp_server, u)) for u in people.values()] == [1, 0, 0, 0]
    assert mails_to(smtp_server, default) == []


def test_access_is_checked_again_when_the_mail_is_sent(smtp_server, make_user, make_space,
                                                       publish):
    """Removed from the space after the notification was made, before it was mailed."""
    me, author = make_user(), make_user()
    _mode(me, "instant")
    secret = make_space("secret", name="Geheime Kamer", members=[me, author])
    follow(me, "space", secret.id)
    from community.feeds import services as feeds
    from community.spaces.models import SpaceMembership
    from community.spaces.post_models import Post

    post = Post(space_id=secret.id, author_id=author.id, title="Geheim plan", body_md="x",
                body_html="<p>x</p>")
    db.session.add(post)
    db.session.flush()
    feeds.post_published(post)  # notifies me: I am a member now
    assert len(notifications_of(me)) == 1
    db.session.delete(db.session.get(SpaceMembership, (secret.id, me.id)))
    db.session.commit()  # the mail goes out after this commit, and checks again
    assert mails_to(smtp_server, me) == []
    assert notifications_of(me)[0].emailed_at is None


def test_no_mail_when_the_transaction_rolls_back(smtp_server, make_user, make_space):
    from community.feeds import services as feeds
    from community.spaces.post_models import Post

    me, author = make_user(), make_user()
    _mode(me, "instant")
    space = make_space("open")
    follow(me, "space", space.id)
    post = Post(space_id=space.id, author_id=author.id, title="Nooit", body_md="x",
                body_html="<p>x</p>")
    db.session.add(post)
    db.session.flush()
    feeds.post_published(post)
    db.session.rollback()
    db.session.commit()
    assert smtp_server.messages == [] and notifications_of(me) == []


def test_daily_digest_is_sent_once(app, smtp_server, make_user, make_space, publish,
                                   comment_on):
    me, author = make_user(name="Daan Dagelijks"), make_user(name="Hanna Hermans")
    space = make_space("open")
    follow(me, "space", space.id)
    mine = publish(me, space, title="Mijn vraag over export")
    publish(author, space, title="Nieuwe subsidie")
    comment_on(author, mine)
    assert mails_to(smtp_server, me) == []  # daily is the default: nothing per event

    assert "1 daily digest(s) sent" in _digest(app)
    [msg] = mails_to(smtp_server, me)
    body = body_of(msg)
    assert "Nieuwe subsidie" in body and "Mijn vraag over export" in body
    assert "Hanna Hermans" in body and "notifications/unsubscribe/" in body
    db.session.expire_all()
    assert all(n.emailed_at is not None for n in notifications_of(me))
    assert db.session.get(NotificationPreference, me.id).last_digest_at is not None

    assert "0 daily digest(s) sent" in _digest(app)  # running it twice sends nothing new
    assert len(mails_to(smtp_server, me)) == 1

    publish(author, space, title="Nog een bericht")
    _digest(app)
    [_first, second] = mails_to(smtp_server, me)
    assert "Nog een bericht" in body_of(second) and "Nieuwe subsidie" not in body_of(second)


def test_digest_respects_the_chosen_period_and_read_state(app, smtp_server, make_user,
                                                          make_space, publish):
    author = make_user()
    space = make_space("open")
    weekly, off, reader = make_user(), make_user(), make_user()
    _mode(weekly, "weekly")
    _mode(off, "off")
    for user in (weekly, off, reader):
        follow(user, "space", space.id)
    publish(author, space)
    for n in notifications_of(reader):
        n.read_at = n.created_at  # already seen in the inbox
    db.session.commit()

    _digest(app, "daily")
    assert smtp_server.messages == []
    _digest(app, "weekly")
    assert [len(mails_to(smtp_server, u)) for u in (weekly, off, reader)] == [1, 0, 0]


def test_digest_after_removal_from_a_space_leaves_its_content_out(
        app, smtp_server, make_user, make_space, publish):
    me, author = make_user(), make_user()
    secret = make_space("secret", name="Geheime Kamer", members=[me, author])
    open_space = make_space("open", name="Open Plein")
    follow(me, "space", secret.id)
    follow(me, "space", open_space.id)
    publish(author, secret, title="Geheim plan")
    publish(author, open_space, title="Open plan")
    assert len(notifications_of(me)) == 2

    remove_member(secret, me)
    _digest(app)
    [msg] = mails_to(smtp_server, me)
    body = body_of(msg)
    assert "Open plan" in body and "Geheim plan" not in body and "Geheime Kamer" not in body

    # nothing about it later either, even if the digest runs again
    smtp_server.messages.clear()
    _digest(app)
    assert smtp_server.messages == []


def test_digest_with_only_invisible_content_sends_nothing(app, smtp_server, make_user,
                                                          make_space, publish):
    me, author = make_user(), make_user()
    private = make_space("private", members=[me, author])
    follow(me, "space", private.id)
    publish(author, private, title="Besloten plan")
    remove_member(private, me)
    assert "0 daily digest(s) sent" in _digest(app)
    assert smtp_server.messages == []
    add_member(private, me)  # coming back does not resend what was left out
    db.session.commit()
    _digest(app)
    assert smtp_server.messages == []


def test_unsubscribe_link_from_the_mail_works_without_login(client, smtp_server, make_user,
                                                            make_space, publish):
    me, author = make_user(), make_user()
    _mode(me, "instant")
    space = make_space("open")
    follow(me, "space", space.id)
    publish(author, space)
    [msg] = mails_to(smtp_server, me)
    path = re.search(r"http://localhost(/notifications/unsubscribe/\S+)", body_of(msg)).group(1)

    page = client.get(path)
    assert page.status_code == 200 and f'action="{path}"' in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(NotificationPreference, me.id).email_mode == "instant"  # GET: no change

    assert client.post(path).status_code == 200  # RFC 8058 one-click: no CSRF token
    db.session.expire_all()
    assert db.session.get(NotificationPreference, me.id).email_mode == "off"
    publish(author, space)
    assert len(mails_to(smtp_server, me)) == 1


def test_tampered_unsubscribe_token_is_400_and_changes_nothing(client, make_user):
    me, other = make_user(), make_user()
    _mode(me, "daily")
    _mode(other, "daily")
    with client.application.test_request_context():
        token = delivery.unsubscribe_token(me)
    payload, _sep, signature = token.rpartition(".")
    forged = delivery.URLSafeSerializer("guessed-secret",
                                        salt=delivery.UNSUBSCRIBE_SALT).dumps({"u": other.id})
    for bad in (payload + ".x" + signature[2:], token[:-2], forged, "nonsense"):
        assert client.get(f"/notifications/unsubscribe/{bad}").status_code == 400
        assert client.post(f"/notifications/unsubscribe/{bad}").status_code == 400
    db.session.expire_all()
    assert db.session.get(NotificationPreference, me.id).email_mode == "daily"
    assert db.session.get(NotificationPreference, other.id).email_mode == "daily"
    # a token of the notification salt is not a token of another purpose, and vice versa
    from community.accounts.tokens import make_link_token

    with client.application.test_request_context():
        confirm = make_link_token(me, "confirm")
    assert client.post(f"/notifications/unsubscribe/{confirm}").status_code == 400


def test_mail_is_in_the_recipients_language(smtp_server, make_user, make_space, publish):
    nl, en, author = make_user(locale="nl"), make_user(locale="en"), make_user(name="Sam")
    space = make_space("open")
    for user in (nl, en):
        _mode(user, "instant")
        follow(user, "space", space.id)
    publish(author, space, title="Taaltest")
    assert body_of(mails_to(smtp_server, en)[0]).startswith("Hello ")
    assert not body_of(mails_to(smtp_server, nl)[0]).startswith("Hello ")


def test_unread_notification_rows_stay_for_the_inbox(smtp_server, make_user, make_space,
                                                     publish):
    me, author = make_user(), make_user()
    _mode(me, "instant")
    space = make_space("open")
    follow(me, "space", space.id)
    publish(author, space)
    [note] = db.session.scalars(db.select(Notification).where(Notification.user_id == me.id))
    assert note.read_at is None  # e-mailing does not mark it read
