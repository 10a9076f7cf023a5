from community.extensions import db
from tests.matrix_support import Case, everyone, logged_in


def cases(w):
    from community.notifications.delivery import unsubscribe_token
    from community.notifications.models import Notification
    from community.spaces.models import Space, SpaceMembership
    from community.spaces.post_models import Post

    space = Space(name="Meldingen Geheim", slug="notifications-matrix-secret",
                  visibility="secret")
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMembership(space_id=space.id, user_id=w.member.id, role="member"))
    post = Post(space_id=space.id, author_id=w.member.id, title="Matrix melding",
                body_md="x", body_html="<p>x</p>")
    db.session.add(post)
    db.session.flush()
    note = Notification(user_id=w.member.id, kind="post_created", actor_id=w.other.id,
                        target_type="post", target_id=post.id, data={})
    db.session.add(note)
    db.session.flush()
    token = unsubscribe_token(w.member)

    only_member = {"anonymous": 302, "member": 303, "other": 404, "partner": 404,
                   "moderator": 404, "admin": 404}
    return [
        Case("notifications.inbox", "GET", "/notifications", logged_in(200)),
        Case("notifications.inbox", "GET", "/notifications?unread=1&before=3", logged_in(200)),
        Case("notifications.mark_read", "POST", f"/notifications/{note.id}/read", only_member),
        Case("notifications.mark_read", "POST", "/notifications/999999/read", logged_in(404)),
        Case("notifications.mark_all_read", "POST", "/notifications/read-all",
             logged_in(303)),
        Case("notifications.preferences", "GET", "/notifications/preferences",
             logged_in(200)),
        Case("notifications.preferences", "POST", "/notifications/preferences",
             logged_in(303), data={"email_mode": "weekly"}),
        Case("notifications.preferences", "POST", "/notifications/preferences",
             logged_in(400), data={"email_mode": "often"}),
        Case("notifications.unsubscribe", "GET", f"/notifications/unsubscribe/{token}",
             everyone(200)),
        Case("notifications.unsubscribe", "POST", f"/notifications/unsubscribe/{token}",
             everyone(200)),
        Case("notifications.unsubscribe", "GET", "/notifications/unsubscribe/forged.token",
             everyone(400)),
        Case("notifications.unsubscribe", "POST", "/notifications/unsubscribe/forged.token",
             everyone(400)),
        Case("notifications_api.list_notifications", "GET", "/api/v1/notifications",
             logged_in(200, anonymous=401)),
        Case("notifications_api.list_notifications", "GET", "/api/v1/notifications?limit=0",
             everyone(422)),  # the query is validated before the caller
    ]
