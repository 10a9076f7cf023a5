"""In-app inbox, e-mail per event or as a digest, unsubscribe links."""
from .views import bp

blueprints = [bp]
