"""Access matrix for the moderation routes (see tests/test_access_matrix.py)."""
from community.extensions import db
from tests.matrix_support import Case, logged_in


def _content(w):
    from community.spaces.models import Comment, Post, Space

    open_space = Space(name="Matrix Moderatie", slug="matrix-moderatie", visibility="open")
    secret = Space(name="Matrix Geheim Moderatie", slug="matrix-geheim-moderatie",
                   visibility="secret")
    db.session.add_all([open_space, secret])
    db.session.flush()
    post = Post(space_id=open_space.id, author_id=w.member.id, title="Matrix post",
                body_md="Tekst", body_html="<p>Tekst</p>")
    hidden = Post(space_id=secret.id, author_id=w.make_user("member").id,
                  title="Geheime post", body_md="Geheim", body_html="<p>Geheim</p>")
    db.session.add_all([post, hidden])
    db.session.flush()
    comment = Comment(post_id=post.id, author_id=w.other.id, body_md="Reactie",
                      body_html="<p>Reactie</p>")
    db.session.add(comment)
    db.session.commit()
    return open_space, secret, post, hidden, comment


def cases(w):
    open_space, secret, post, hidden, comment = _content(w)
    staff_only = {"anonymous": 302, "member": 403, "other": 403, "partner": 403,
                  "moderator": 200, "admin": 200}
    staff_act = staff_only | {"moderator": 303, "admin": 303}
    invisible = {"anonymous": 302, "member": 404, "other": 404, "partner": 404,
                 "moderator": 200, "admin": 200}
    return [
        Case("moderation.queue", "GET", "/moderation", staff_only),
        Case("moderation.report", "GET", f"/moderation/report/post/{post.id}",
             logged_in(200) | {"member": 403}),  # member wrote it
        Case("moderation.report", "POST", f"/moderation/report/post/{post.id}",
             logged_in(302) | {"member": 403}, data={"reason": "spam"}),
        Case("moderation.report", "POST", f"/moderation/report/post/{post.id}",
             logged_in(400) | {"member": 403}, data={"reason": "nonsense"}),
        Case("moderation.report", "GET", f"/moderation/report/comment/{comment.id}",
             logged_in(200) | {"other": 403}),
        Case("moderation.report", "GET", f"/moderation/report/post/{hidden.id}", invisible),
        Case("moderation.report", "GET", "/moderation/report/post/999999", logged_in(404)),
        Case("moderation.report", "GET", "/moderation/report/nonsense/1", logged_in(404)),
        Case("moderation.act", "POST", f"/moderation/post/{post.id}/hide", staff_act),
        Case("moderation.act", "POST", f"/moderation/comment/{comment.id}/delete", staff_act),
        Case("moderation.act", "POST", f"/moderation/post/{post.id}/lock", staff_act),
        Case("moderation.act", "POST", f"/moderation/post/{post.id}/restore",
             staff_act | {"moderator": 409, "admin": 409}),  # it is not hidden
        Case("moderation.act", "POST", f"/moderation/post/{post.id}/dismiss",
             staff_act | {"moderator": 409, "admin": 409}),  # nothing to dismiss
        Case("moderation.act", "POST", f"/moderation/post/{hidden.id}/hide",
             invisible | {"moderator": 303, "admin": 303}),
        Case("moderation.act", "POST", "/moderation/post/999999/hide",
             logged_in(404) | {"anonymous": 302}),
        Case("moderation.move", "GET", f"/moderation/post/{post.id}/move", staff_only),
        Case("moderation.move", "POST", f"/moderation/post/{post.id}/move", staff_act,
             data={"space": secret.id}),
        Case("moderation.move", "GET", f"/moderation/post/{hidden.id}/move", invisible),
        Case("moderation.move", "GET", f"/moderation/comment/{comment.id}/move",
             staff_only | {"moderator": 404, "admin": 404}),
        Case("moderation.queue", "GET", "/moderation?page=2", staff_only),
    ]
