from community.extensions import db
from tests.matrix_support import Case, everyone, logged_in


def cases(w):
    from community.spaces.models import Space, SpaceMembership
    from community.spaces.post_models import Post

    open_space = Space(name="Feeds Open", slug="feeds-matrix-open", visibility="open")
    secret = Space(name="Feeds Geheim", slug="feeds-matrix-secret", visibility="secret")
    db.session.add_all([open_space, secret])
    db.session.flush()
    db.session.add(SpaceMembership(space_id=secret.id, user_id=w.member.id, role="member"))
    post = Post(space_id=secret.id, author_id=w.member.id, title="Geheim matrixbericht",
                body_md="x", body_html="<p>x</p>")
    db.session.add(post)
    db.session.flush()

    staff_or_member = {"anonymous": 404, "member": 200, "other": 404, "partner": 404,
                       "moderator": 200, "admin": 200}
    follow_hidden = {"anonymous": 302, "member": 303, "other": 404, "partner": 404,
                     "moderator": 303, "admin": 303}
    return [
        Case("feeds.home", "GET", "/feed", logged_in(200)),
        Case("feeds.home", "GET", "/feed?before=5", logged_in(200)),
        Case("feeds.space_activity", "GET", f"/spaces/{open_space.slug}/activity",
             everyone(200)),
        Case("feeds.space_activity", "GET", f"/spaces/{secret.slug}/activity",
             staff_or_member),
        Case("feeds.space_activity", "GET", "/spaces/feeds-matrix-nope/activity",
             everyone(404)),
        Case("feeds.follow", "POST", f"/follow/space/{open_space.id}", logged_in(303)),
        Case("feeds.follow", "POST", f"/follow/space/{secret.id}", follow_hidden),
        Case("feeds.follow", "POST", f"/follow/post/{post.id}", follow_hidden),
        Case("feeds.follow", "POST", "/follow/space/999999", logged_in(404)),
        Case("feeds.follow", "POST", f"/follow/user/{w.member.id}",
             logged_in(303) | {"member": 400}),
        Case("feeds.unfollow", "POST", f"/unfollow/space/{secret.id}", logged_in(303)),
        Case("feeds.unfollow", "POST", "/unfollow/bogus/1", logged_in(404)),
    ]
