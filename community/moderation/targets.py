"""What can be reported and moderated: a small registry from ``target_type`` to model.

Posts and comments are registered here. A later feature (questions, answers) registers
its own models from its package, e.g. in ``qa/__init__.py`` or ``qa/models.py``::

    from community.moderation.targets import register
    register("question", Question, label=_l("Question"), title=lambda q: q.title,
             url=lambda q: url_for("qa.show", question_id=q.id), lockable=True)

``register`` also installs the ``moderate`` and ``report`` rules (see ``policy.py``) for
the model. A registered model needs ``id``, ``status`` ('published', 'hidden',
'deleted'), ``author_id`` and ``author``; ``deleted_at`` and ``is_locked`` are optional.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from ..errors import NotFound
from ..extensions import db


@dataclass(frozen=True)
class TargetKind:
    """How moderation handles one kind of content."""

    name: str
    model: type
    label: Any  # a lazy translated string
    title: Callable[[Any], str]
    url: Callable[[Any], str | None]
    load_options: tuple = ()  # loader options for loading many at once (the queue)
    lockable: bool = False
    movable: bool = False
    # called after ``status`` changed (keep counters right): fn(obj, old, new)
    on_status: Callable[[Any, str, str], None] | None = None
    # moves obj into a space: fn(obj, space)
    on_move: Callable[[Any, Any], None] | None = None
    space_id: Callable[[Any], int | None] = field(default=lambda obj: None)
    # what a notification about obj carries (untranslated, e.g. the post title)
    notify_data: Callable[[Any], dict] = field(default=lambda obj: {})


_KINDS: dict[str, TargetKind] = {}
_BY_MODEL: dict[type, TargetKind] = {}


def register(name: str, model: type, **options) -> TargetKind:
    """Make ``model`` reportable and moderatable as ``name`` (one of REPORT_TARGETS)."""
    from .models import REPORT_TARGETS
    from .policy import add_rules

    if name not in REPORT_TARGETS:
        raise ValueError(f"{name!r} is not a report target (see moderation.models)")
    kind = TargetKind(name=name, model=model, **options)
    _KINDS[name] = kind
    _BY_MODEL[model] = kind
    add_rules(model)
    return kind


def find(name: str) -> TargetKind | None:
    return _KINDS.get(name)


def get(name: str) -> TargetKind:
    """The kind called ``name``; an unknown name is a missing page."""
    kind = _KINDS.get(name)
    if kind is None:
        raise NotFound()
    return kind


def kind_of(obj) -> TargetKind:
    for klass in type(obj).__mro__:
        if klass in _BY_MODEL:
            return _BY_MODEL[klass]
    raise NotFound()


def all_kinds() -> list[TargetKind]:
    return list(_KINDS.values())


def first_url(*candidates: tuple[str, dict], anchor: str | None = None) -> str | None:
    """The first of (endpoint, values) that the app can build (features may be absent)."""
    for endpoint, values in candidates:
        try:
            return url_for(endpoint, **values, _anchor=anchor)
        except BuildError:
            continue
    return None


# ---------------------------------------------------------------- posts and comments

def _post_url(post, anchor: str | None = None) -> str | None:
    space = post.space  # joined with the post
    return first_url(("posts.show", {"slug": space.slug, "post_id": post.id}),
                     ("posts.show", {"post_id": post.id}), anchor=anchor)


def _comment_url(comment) -> str | None:
    post = _comment_post(comment)
    return _post_url(post, anchor=f"comment-{comment.id}") if post is not None else None


def _comment_post(comment):
    from ..spaces.models import Post

    return db.session.get(Post, comment.post_id)


def _comment_title(comment) -> str:
    from flask_babel import gettext as _

    post = _comment_post(comment)
    return _("Comment on “%(title)s”", title=post.title if post else "?")


def _comment_status(comment, old: str, new: str) -> None:
    """``Post.comment_count`` counts published comments."""
    post = _comment_post(comment)
    if post is None:
        return
    model = type(post)
    if old == "published" and new != "published":  # SQL increments: no lost updates
        post.comment_count = model.comment_count - 1
    elif old != "published" and new == "published":
        post.comment_count = model.comment_count + 1


def _move_post(post, space) -> None:
    """Move the post and the activity rows that locate it, so feeds filter it by its
    new space at once (a move into a private space must not leak through old rows)."""
    from ..feeds.models import Activity

    post.space_id = space.id
    post.space = space
    db.session.execute(db.update(Activity).where(Activity.post_id == post.id)
                       .values(space_id=space.id))


def _register_content() -> None:
    from sqlalchemy.orm import joinedload, lazyload, selectinload

    from ..accounts.models import User
    from ..spaces.models import Comment, Post

    # the queue shows titles and authors: skip tags and expertise
    register("post", Post, label=_l("Post"), title=lambda p: p.title, url=_post_url,
             load_options=(lazyload(Post.tags), joinedload(Post.author)
                           .lazyload(User.expertise)),
             lockable=True, movable=True,
             on_move=_move_post, space_id=lambda p: p.space_id,
             notify_data=lambda p: {"title": p.title, "post_id": p.id})
    register("comment", Comment, label=_l("Comment"), title=_comment_title,
             url=_comment_url,
             load_options=(selectinload(Comment.post).options(lazyload(Post.tags),
                                                              lazyload(Post.author),
                                                              lazyload(Post.company)),
                           joinedload(Comment.author).lazyload(User.expertise)),
             on_status=_comment_status,
             space_id=lambda c: getattr(_comment_post(c), "space_id", None),
             notify_data=lambda c: {"title": getattr(_comment_post(c), "title", ""),
                                    "post_id": c.post_id})


_register_content()
