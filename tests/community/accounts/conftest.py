import pytest


@pytest.fixture
def user(make_user):
    """An ordinary confirmed member (password: tests.conftest.PASSWORD)."""
    return make_user(name="Anna de Vries", email="anna@example.org")
