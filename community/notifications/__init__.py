"""In-app inbox, e-mail per event or as a digest, unsubscribe links."""

blueprints: list = []
