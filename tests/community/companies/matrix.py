from tests.matrix_support import Case, everyone, logged_in


def cases(w):
    company = w.make_company(owner=w.member, name="Matrix Metaal")
    # A company is public, so a refused change is 403 (not 404: nothing is hidden).
    owner_only = {"anonymous": 302, "member": 200, "other": 403, "partner": 403,
                  "moderator": 403, "admin": 200}
    owner_post = {"anonymous": 302, "member": 302, "other": 403, "partner": 403,
                  "moderator": 403, "admin": 302}
    return [
        Case("companies.directory", "GET", "/companies", everyone(200)),
        Case("companies.show", "GET", f"/companies/{company.id}", everyone(200)),
        Case("companies.show", "GET", "/companies/999999", everyone(404)),
        Case("companies.create", "GET", "/companies/new", logged_in(200)),
        Case("companies.edit", "GET", f"/companies/{company.id}/edit", owner_only),
        Case("companies.invite", "POST", f"/companies/{company.id}/invite",
             owner_post | {"member": 303, "admin": 303}),
        Case("companies.accept_invitation", "GET", "/companies/invitations/nope",
             logged_in(400)),
        Case("companies.member_role", "POST",
             f"/companies/{company.id}/members/{w.member.id}/role",
             owner_post | {"member": 409, "admin": 409}, data={"role": "member"}),
        Case("companies.remove_member", "POST",
             f"/companies/{company.id}/members/{w.other.id}/remove",
             owner_post | {"member": 404, "admin": 404, "other": 404}),  # not a member
        Case("companies.verification", "POST", f"/companies/{company.id}/verification",
             {"anonymous": 302, "member": 403, "other": 403, "partner": 403,
              "moderator": 403, "admin": 302}, data={"state": "verified"}),
        Case("companies.verification", "POST", f"/companies/{company.id}/verification",
             {"anonymous": 302, "member": 403, "other": 403, "partner": 403,
              "moderator": 403, "admin": 400}, data={"state": "bogus"}),
        Case("companies_api.list_companies", "GET", "/api/v1/companies", everyone(200)),
        Case("companies_api.get_company", "GET", f"/api/v1/companies/{company.id}",
             everyone(200)),
    ]
