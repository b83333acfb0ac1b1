"""The permission matrix's builder of the persona request (world.py's `persona_request`),
step by step (SE-A4.9).

Its world is the matrix's (tests/test_permission_matrix.py: one user per persona, no demo
LSP), so it lives apart from the modules on the shared demo: the people and what each
request stands on (the demo scheme, the asesor persona's profile, the persona TUK) are made
once for the module (`_base`, in a transaction rolled back after its last test; each test
runs in a savepoint of it and leaves nothing behind), and each test takes a request of its
own from nothing to its step. Made per test, the base cost ~1.5 s a test."""

import pytest

from .world import STEPS, persona_request, persona_skema, persona_tuk, persona_verifikator


@pytest.fixture(scope="module")
def _base(django_db_setup, django_db_blocker):
    """The matrix's people, the demo scheme, the asesor persona's profile and the persona
    TUK: {name: (model, primary key)} of the people."""
    from django.db import connection, transaction

    from lsp_portal.celery import app
    from tests.conftest import clear_own_cache, roll_back
    from tests.test_permission_matrix import _people

    eager, app.conf.task_always_eager = app.conf.task_always_eager, True  # as in a test
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "the module's base is made outside any transaction"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            clear_own_cache()
            people = _people()
            persona_skema(people)
            persona_verifikator(people)
            persona_tuk(people)
            clear_own_cache()  # the base's signatures are not on the tests' signing limits
            app.conf.task_always_eager = eager
            yield {name: (type(obj), obj.pk) for name, obj in people.items()}
        finally:
            app.conf.task_always_eager = eager
            roll_back(atomic)


@pytest.fixture
def ctx(_base, db):
    """The permission matrix's people (one user per persona), read afresh, and its lazily
    signed SPT."""
    from tests.test_permission_matrix import _Context, _make_dokumen

    return _Context(
        {name: model.objects.get(pk=pk) for name, (model, pk) in _base.items()}, make_dokumen=_make_dokumen
    )


@pytest.mark.parametrize("upto", STEPS)
def test_world_builds_each_step(ctx, upto):
    """The matrix builder takes the persona request to each step, idempotently (SE-A4.9)."""
    p = persona_request(ctx, upto=upto)
    expected = {"spt_signed": "ditugaskan", "evidenced": "ditugaskan"}.get(upto, upto)
    assert p.status == expected
    assert persona_request(ctx, upto=upto).pk == p.pk
