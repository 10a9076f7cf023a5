"""Spaces, memberships, best-practice posts, comments and reactions."""

blueprints: list = []
