"""Access matrix for the search routes: everyone may search; what they find differs
(tested in test_access.py). Bad input is a 400 with a message for every role."""
from tests.matrix_support import Case, everyone


def cases(w):
    return [
        Case("search.page", "GET", "/search", everyone(200)),
        Case("search.page", "GET", "/search?q=ondernemer", everyone(200)),
        Case("search.page", "GET", "/search?q=*nemer", everyone(400)),
        Case("search.page", "GET", "/search?q=ondernemer&type=bogus", everyone(400)),
        Case("search.suggest", "GET", "/search/suggest?q=ond", everyone(200)),
        Case("search.suggest", "GET", "/search/suggest?q=ond&type=bogus", everyone(400)),
        Case("search_api.search", "GET", "/api/v1/search?q=ondernemer", everyone(200)),
        Case("search_api.search", "GET", "/api/v1/search", everyone(400)),
        Case("search_api.suggest", "GET", "/api/v1/search/suggest?q=ond", everyone(200)),
    ]
