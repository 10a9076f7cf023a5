from tests.matrix_support import Case, everyone, logged_in


def cases(w):
    private = w.make_user("member", name="Privé Persoon", visibility="private")
    public = w.make_user("member", name="Publiek Persoon", visibility="public")
    members_only = w.make_user("member", name="Leden Persoon", visibility="members")
    token_owner = w.member
    from community.accounts.services import create_api_token

    token, _raw = create_api_token(token_owner, "matrix", "read")
    return [
        Case("accounts.register", "GET", "/register", everyone(200) | {
            r: 302 for r in ("member", "other", "partner", "moderator", "admin")}),
        Case("accounts.login", "GET", "/login", everyone(200)),
        Case("accounts.logout", "POST", "/logout", everyone(302)),
        Case("accounts.confirm", "GET", "/confirm/not-a-token", everyone(400)),
        Case("accounts.resend_confirmation", "POST", "/confirm/resend", logged_in(302)),
        Case("accounts.forgot_password", "GET", "/password/forgot", everyone(200)),
        Case("accounts.reset_password", "GET", "/password/reset/not-a-token", everyone(400)),
        Case("accounts.choose_password", "GET", "/password/reset", everyone(400)),
        Case("accounts.choose_password", "POST", "/password/reset", everyone(400),
             data={"password": "kersenvlaai-schutterij-carnaval"}),
        Case("accounts.settings", "GET", "/settings", logged_in(200)),
        Case("accounts.update_profile", "POST", "/settings/profile", logged_in(302)),
        Case("accounts.update_avatar", "POST", "/settings/avatar", logged_in(400)),
        Case("accounts.change_password", "POST", "/settings/password", logged_in(400)),
        Case("accounts.change_email", "POST", "/settings/email", logged_in(400)),
        Case("accounts.end_sessions", "POST", "/settings/sessions/end", logged_in(302)),
        Case("accounts.create_token", "POST", "/settings/tokens", logged_in(400)),
        Case("accounts.revoke_token", "POST", f"/settings/tokens/{token.id}/revoke",
             logged_in(404) | {"member": 302}),
        Case("accounts.profile", "GET", f"/people/{public.id}", everyone(200)),
        Case("accounts.profile", "GET", f"/people/{members_only.id}", logged_in(200, 404)),
        Case("accounts.profile", "GET", f"/people/{private.id}",
             logged_in(404, 404) | {"moderator": 200, "admin": 200}),
        Case("accounts.profile", "GET", "/people/999999", everyone(404)),
        Case("accounts.avatar", "GET", "/avatars/nothing.png", everyone(404)),
        Case("me.me", "GET", "/api/v1/me", logged_in(200, 401)),
        Case("me.update_me", "PATCH", "/api/v1/me", logged_in(200, 401), json={"bio": "x"}),
    ]
