from tests.community.feeds.helpers import (  # noqa: F401
    comment_on,
    make_space,
    publish,
    smtp_server,
)
