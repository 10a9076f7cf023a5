"""Reports, the moderation queue, moderator actions and new-user (trust) limits."""

blueprints: list = []
