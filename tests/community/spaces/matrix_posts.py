"""Access expectations for every posts route (pages and API), per visibility and role.

Gathered by ``matrix.py`` after ``matrix_spaces`` (which leaves its spaces in
``world.extra["spaces"]``). Roles in the spaces: ``member`` is the space admin, ``partner``
an ordinary member and the author of the posts below, ``other`` a non-member;
``moderator`` and ``admin`` are staff. Content of a private or secret space answers 404
to non-members, exactly like a missing post.
"""
from __future__ import annotations

import datetime as dt

from community.db import utcnow
from community.extensions import db
from community.spaces import attachments
from community.spaces.post_models import Attachment, Comment, Post
from tests.matrix_support import Case, everyone, logged_in

PDF = b"%PDF-1.4\n%%EOF\n"
MEMBERS = ("member", "partner", "moderator", "admin")  # may read every space's content


def _post(w, space, title: str) -> Post:
    # written "two days ago": the authors' first-day limits (moderation/trust.py) stay free
    then = utcnow() - dt.timedelta(days=2)
    post = Post(space_id=space.id, author_id=w.partner.id, title=title, body_md="Tekst",
                body_html="<p>Tekst</p>", created_at=then, last_activity_at=then)
    db.session.add(post)
    db.session.flush()
    comment = Comment(post_id=post.id, author_id=w.member.id, body_md="Reactie",
                      body_html="<p>Reactie</p>", created_at=then)
    db.session.add(comment)
    upload = attachments.Upload(filename="plan.pdf", content_type="application/pdf", data=PDF)
    att = Attachment(post_id=post.id, uploader_id=w.partner.id, filename=upload.filename,
                     stored_name=attachments.write(upload), content_type=upload.content_type,
                     size=upload.size)
    db.session.add(att)
    db.session.flush()
    post.comment_count = 1
    return post, comment, att


def cases(w):
    spaces = w.extra["spaces"]
    out = [
        Case("posts.preview", "POST", "/posts/preview", logged_in(200), data={"body": "**x**"}),
        Case("posts.bookmarks", "GET", "/bookmarks", logged_in(200)),
        Case("posts.show", "GET", "/posts/999999", everyone(404)),
        Case("posts_api.get_post", "GET", "/api/v1/posts/999999", everyone(404)),
        Case("posts_api.list_posts", "GET", "/api/v1/spaces/999999/posts", everyone(404)),
    ]
    for visibility in ("open", "private", "secret"):
        space = spaces[visibility]
        post, comment, att = _post(w, space, f"Matrix post {visibility}")
        public = visibility == "open"
        sees = set(everyone(0)) if public else set(MEMBERS)

        def status(allowed: set, ok: int, anonymous: int = 302, sees=sees,
                   hidden: int = 404) -> dict:
            """``ok`` for ``allowed``; 403 for others who see the post; ``hidden`` (404)
            for those who do not."""
            return {role: anonymous if role == "anonymous" else ok if role in allowed
                    else 403 if role in sees else hidden for role in everyone(0)}

        # creating is about the space: a private space is listed (403), a secret one not
        space_hidden = 404 if visibility == "secret" else 403
        read = {role: (200 if role in sees else 404) for role in everyone(0)}
        base = f"/spaces/{space.slug}/posts/{post.id}"
        c_base = f"{base}/comments/{comment.id}"
        writers = {"member", "partner", "moderator", "admin"}  # may post in the space
        out += [
            Case("posts.show", "GET", base, read),
            Case("posts.show", "GET", f"/posts/{post.id}",
                 {r: (301 if s == 200 else 404) for r, s in read.items()}),
            Case("posts.attachment", "GET", f"{base}/attachments/{att.id}", read),
            Case("posts.history", "GET", f"{base}/history",
                 status({"partner", "member", "moderator", "admin"}, 200,
                        anonymous=403 if public else 404)),
            Case("posts.create", "GET", f"/spaces/{space.slug}/posts/new",
                 status(writers, 200, hidden=space_hidden)),
            Case("posts.create", "POST", f"/spaces/{space.slug}/posts/new",
                 status(writers, 400, hidden=space_hidden), data={"title": "", "body": ""}),
            Case("posts.edit", "GET", f"{base}/edit",
                 status({"partner", "moderator", "admin"}, 200)),
            Case("posts.edit", "POST", f"{base}/edit",
                 status({"partner", "moderator", "admin"}, 400), data={"title": ""}),
            Case("posts.delete", "POST", f"{base}/delete",
                 status({"partner", "member", "moderator", "admin"}, 302)),
            Case("posts.marks", "POST", f"{base}/marks",
                 status({"moderator", "admin"}, 302), data={"featured": "1"}),
            Case("posts.react", "POST", f"{base}/useful", status(writers, 302),
                 data={"on": "1"}),
            Case("posts.bookmark", "POST", f"{base}/bookmark",
                 status(sees - {"anonymous"}, 302), data={"on": "1"}),
            Case("posts.comment", "POST", f"{base}/comments", status(writers, 400),
                 data={"body": ""}),
            Case("posts.comment", "POST", f"{base}/comments", status(writers, 302),
                 data={"body": "Goed idee"}),
            Case("posts.edit_comment", "GET", f"{c_base}/edit", status({"member"}, 200)),
            Case("posts.edit_comment", "POST", f"{c_base}/edit", status({"member"}, 302),
                 data={"body": "Aangepast"}),
            Case("posts.delete_comment", "POST", f"{c_base}/delete",
                 status({"member", "moderator", "admin"}, 302)),
            Case("posts.react_comment", "POST", f"{c_base}/useful", status(writers, 302),
                 data={"on": "1"}),
            # API: the same rules; a caller without a session or token is anonymous
            Case("posts_api.get_post", "GET", f"/api/v1/posts/{post.id}", read),
            Case("posts_api.list_comments", "GET", f"/api/v1/posts/{post.id}/comments", read),
            Case("posts_api.list_posts", "GET", f"/api/v1/spaces/{space.id}/posts",
                 read if visibility == "secret" else
                 {r: (200 if r in sees else 403) for r in everyone(0)}),
            # ``member`` is a new account that other matrices also write posts for: its
            # first-day cap (moderation/trust.py, 429) may already be reached
            Case("posts_api.create_post", "POST", f"/api/v1/spaces/{space.id}/posts",
                 status(writers, 201, anonymous=401, hidden=space_hidden) | {
                     "member": (201, 429)}, json={"title": "Via API", "body": "x"}),
            Case("posts_api.create_post", "POST", f"/api/v1/spaces/{space.id}/posts",
                 everyone(422), json={"title": ""}),
            Case("posts_api.create_comment", "POST", f"/api/v1/posts/{post.id}/comments",
                 status(writers, 201, anonymous=401), json={"body": "Via API"}),
        ]
    return out
