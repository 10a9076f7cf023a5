"""Events: masterclasses, workshops, awareness sessions and network meetings; registration
with capacity and waitlist; the after-the-event part (calendar, attendance, feedback) and
the live rooms (Socket.IO namespace ``/live``) attach their routes to the same blueprint."""
from importlib import import_module

from .views import bp

blueprints = [bp]

# Parts written alongside the core: each adds routes to ``bp`` (or brings its own
# blueprint) and may be absent while it is being built.
for _part in ("after_views", "live_views", "sockets", "cli"):
    try:
        _module = import_module(f"{__name__}.{_part}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__name__}.{_part}":
            raise
        continue
    _own = getattr(_module, "bp", None)
    if _own is not None and _own is not bp and _own not in blueprints:
        blueprints.append(_own)


def nav_items(user):
    from flask import url_for
    from flask_babel import gettext as _

    return [(_("Events"), url_for("events.index"))]
