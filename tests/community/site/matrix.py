from tests.matrix_support import Case, everyone


def cases(w):
    return [
        Case("site.home", "GET", "/", everyone(200)),
        Case("site.healthz", "GET", "/healthz", everyone(200)),
        Case("site.language", "POST", "/language", everyone(302), data={"locale": "en"}),
    ]
