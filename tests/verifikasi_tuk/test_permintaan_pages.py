"""HTTP tests of the request pages (issue 12; SE-A4.9, X-6)."""

import pytest

from tests.test_permission_matrix import ctx  # noqa: F401

from .world import STEPS, persona_request


@pytest.mark.parametrize("upto", STEPS)
def test_world_builds_each_step(ctx, upto):  # noqa: F811
    """The shared builder takes the persona request to each step (SE-A4.9)."""
    p = persona_request(ctx, upto=upto)
    expected = {"spt_signed": "ditugaskan", "evidenced": "ditugaskan"}.get(upto, upto)
    assert p.status == expected
    assert persona_request(ctx, upto=upto).pk == p.pk
