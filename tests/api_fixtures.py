"""Shared set-up for API tests: a personal token for each role of engagement_fixtures."""

import pytest

from clusterbench.accounts.tokens import token_create

# The roles of tests/test_permission_matrix.py, each with the People attribute it is.
ROLE_PEOPLE = {
    "secretariat": "secretariat",
    "expert": "expert",
    "other_expert": "other_expert",
    "manager": "manager",
    "other_manager": "other_manager",
    "coordinator": "coordinator",
}


@pytest.fixture
def tokens(people):
    """role -> the token itself, as its owner copied it from the tokens page."""
    return {
        role: token_create(user=getattr(people, attribute), name=f"{role} script")[1]
        for role, attribute in ROLE_PEOPLE.items()
    }


def bearer(token: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
