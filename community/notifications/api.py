"""API: the caller's notifications (access checked again for every item)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..api import make_blueprint, require_api_user
from . import services

blp = make_blueprint("notifications_api", __name__, "/notifications",
                     description="Notifications of the authenticated user")


class NotificationArgs(Schema):
    before = fields.Integer(validate=validate.Range(min=1),
                            metadata={"description": "Cursor: only notifications with a "
                                      "smaller id (use next_before of the previous page)"})
    unread = fields.Boolean(load_default=False,
                            metadata={"description": "Only unread notifications"})
    limit = fields.Integer(load_default=30, validate=validate.Range(min=1, max=100))


class ActorSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class NotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "post_created, comment_added, reply, mention"})
    text = fields.String(metadata={"description": "The sentence shown in the inbox"})
    target_type = fields.String()
    target_id = fields.Integer()
    title = fields.String()
    url = fields.String(allow_none=True)
    actor = fields.Nested(ActorSchema, allow_none=True)
    created_at = fields.DateTime()
    read = fields.Boolean()


class NotificationPageSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema))
    unread_count = fields.Integer()
    next_before = fields.Integer(allow_none=True)


@blp.route("")
@blp.arguments(NotificationArgs, location="query")
@blp.response(200, NotificationPageSchema)
@blp.alt_response(401, description="Authentication required")
@blp.doc(security=[{"bearerAuth": []}])
def list_notifications(args):
    """The caller's notifications, newest first (cursor pagination with ``before``)."""
    user = require_api_user()
    items, next_cursor = services.inbox(user, before=args.get("before"),
                                        unread_only=args["unread"], limit=args["limit"])
    return {
        "items": [{"id": i.id, "kind": i.kind, "text": services.describe(i),
                   "target_type": i.notification.target_type,
                   "target_id": i.notification.target_id, "title": i.title, "url": i.url,
                   "actor": i.actor, "created_at": i.created_at, "read": not i.is_unread}
                  for i in items],
        "unread_count": services.unread_count(user),
        "next_before": next_cursor,
    }
