"""Demo feeds: members follow their spaces, authors their posts, and the activity log is
built from the demo posts and comments (which are written directly, back-dated)."""
from __future__ import annotations

from ..extensions import db
from ..spaces.models import SpaceMembership
from ..spaces.post_models import Comment, Post
from .models import Activity, Follow


def load(ctx) -> None:
    """Only for what has no activity yet: content made through the services has its own."""
    existing = {tuple(row) for row in db.session.execute(
        db.select(Follow.user_id, Follow.target_type, Follow.target_id))}
    logged = set(db.session.scalars(db.select(Activity.post_id).distinct()))
    follows: set[tuple[int, str, int]] = set()
    for m in db.session.scalars(db.select(SpaceMembership)):
        follows.add((m.user_id, "space", m.space_id))
    new_posts = db.select(Post).where(Post.id.not_in(logged))
    posts = {p.id: p for p in db.session.scalars(new_posts)}
    for post in posts.values():
        if post.author_id:
            follows.add((post.author_id, "post", post.id))
        db.session.add(Activity(actor_id=post.author_id, verb="post_created",
                                target_type="post", target_id=post.id,
                                space_id=post.space_id, post_id=post.id,
                                created_at=post.created_at))
    for comment in db.session.scalars(db.select(Comment).where(Comment.post_id.in_(posts))):
        post = posts[comment.post_id]
        db.session.add(Activity(actor_id=comment.author_id, verb="comment_created",
                                target_type="comment", target_id=comment.id,
                                space_id=post.space_id, post_id=post.id,
                                created_at=comment.created_at))
    db.session.add_all(Follow(user_id=u, target_type=t, target_id=i)
                       for u, t, i in follows - existing)
