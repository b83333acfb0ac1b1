"""lsp_portal.workflow.transition(): the one place that moves a status (STYLE §3)."""

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from lsp_portal.models import StatusChange, TimeStampedModel
from lsp_portal.workflow import TransitionError, status_history, transition

pytestmark = pytest.mark.embedded


@pytest.fixture
def Permohonan(transactional_db):
    """A small workflow model with its own table for the length of one test."""
    with isolate_apps("lsp_portal"):

        class Permohonan(TimeStampedModel):
            class Status(models.TextChoices):
                DRAFT = "draft", "Draf"
                SUBMITTED = "submitted", "Diajukan"
                VERIFIED = "verified", "Terverifikasi"

            TRANSITIONS = {Status.DRAFT: {Status.SUBMITTED}, Status.SUBMITTED: {Status.VERIFIED}}
            status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)

            class Meta:
                app_label = "lsp_portal"

        with connection.schema_editor() as editor:
            editor.create_model(Permohonan)
        yield Permohonan
        with connection.schema_editor() as editor:
            editor.delete_model(Permohonan)


def test_allowed_move_changes_status_and_records_who_when_why(Permohonan, asesi, admin_lsp):
    obj = Permohonan.objects.create()
    obj = transition(obj, Permohonan.Status.SUBMITTED, actor=asesi, note="diajukan lewat portal")
    obj = transition(obj, Permohonan.Status.VERIFIED, actor=admin_lsp)
    assert Permohonan.objects.get(pk=obj.pk).status == "verified"
    history = list(status_history(obj))
    assert [(h.from_status, h.to_status, h.actor) for h in history] == [
        ("draft", "submitted", asesi),
        ("submitted", "verified", admin_lsp),
    ]
    assert history[0].note == "diajukan lewat portal"
    assert history[0].created_at <= history[1].created_at


def test_move_not_in_the_table_is_refused_in_indonesian_and_writes_nothing(Permohonan, asesi):
    obj = Permohonan.objects.create()
    with pytest.raises(TransitionError, match="Status Draf tidak dapat diubah menjadi Terverifikasi"):
        transition(obj, Permohonan.Status.VERIFIED, actor=asesi)
    assert Permohonan.objects.get(pk=obj.pk).status == "draft"
    assert StatusChange.objects.count() == 0


def test_stale_copy_cannot_repeat_a_move_already_made(Permohonan, asesi):
    """The check reads the locked row, not the caller's copy: two submits never both pass."""
    first = Permohonan.objects.create()
    stale = Permohonan.objects.get(pk=first.pk)
    transition(first, Permohonan.Status.SUBMITTED, actor=asesi)
    assert stale.status == "draft"
    with pytest.raises(TransitionError):
        transition(stale, Permohonan.Status.SUBMITTED, actor=asesi)
    assert StatusChange.objects.count() == 1


def test_status_change_is_audited_with_its_actor(Permohonan, asesi):
    from akun.audit import acting_as
    from akun.models import AuditEntry

    obj = Permohonan.objects.create()
    with acting_as(asesi):
        transition(obj, Permohonan.Status.SUBMITTED, actor=asesi)
    entry = AuditEntry.objects.filter(content_type__model="statuschange").latest("pk")
    assert entry.actor == asesi
    assert entry.changes["to_status"] == [None, "submitted"]
