"""Following (spaces, posts, tags, people), the activity log, the home feed and the
per-space activity stream."""

blueprints: list = []
