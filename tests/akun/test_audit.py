"""Audit trail (X-4): every insert/update/delete with actor, time, IP and changed fields;
append-only; hash-chained so that `verify_audit` reports an edited or deleted entry."""

import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from akun.audit import acting_as
from akun.models import AuditEntry

from ..conftest import make_user

pytestmark = pytest.mark.embedded


def latest_for(obj):
    return AuditEntry.objects.filter(object_pk=str(obj.pk), content_type__model=obj._meta.model_name).latest(
        "pk"
    )


def test_update_through_a_page_records_actor_ip_and_changed_fields(client, asesi):
    """X-4: the profile edit is logged with who, from which address, and old → new."""
    client.force_login(asesi)
    response = client.post(
        "/akun/profil/ubah/",
        {"nama_lengkap": "Asesi Baru", "nomor_hp": "081355550000"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    entry = latest_for(asesi)
    assert entry.action == AuditEntry.Action.UPDATE
    assert (entry.actor, entry.actor_email, entry.remote_addr) == (asesi, asesi.email, "203.0.113.7")
    assert entry.changes["nama_lengkap"] == ["Asesi", "Asesi Baru"]
    assert entry.changes["nomor_hp"][1] == "081355550000"
    assert timezone.now() - entry.timestamp < timedelta(minutes=1)


def test_forwarded_for_header_is_ignored_unless_a_trusted_proxy_sets_it(client, asesi, settings):
    client.force_login(asesi)
    client.post(
        "/akun/profil/ubah/",
        {"nama_lengkap": "Satu Dua", "nomor_hp": ""},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert latest_for(asesi).remote_addr == "10.0.0.2"
    settings.LSP_TRUST_X_FORWARDED_FOR = True
    client.post(
        "/akun/profil/ubah/",
        {"nama_lengkap": "Tiga Empat", "nomor_hp": ""},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.0.2",
    )
    assert latest_for(asesi).remote_addr == "198.51.100.9"


def test_insert_and_delete_are_recorded_with_the_acting_user(ketua):
    from allauth.account.models import EmailAddress

    with acting_as(ketua, remote_addr="192.0.2.1"):
        person = make_user("sementara@uji.lsp.id")
        address = EmailAddress.objects.get(user=person)
        address_pk = address.pk
        address.delete()
    created = latest_for(person)
    assert created.action == AuditEntry.Action.CREATE and created.actor == ketua
    deleted = AuditEntry.objects.filter(content_type__model="emailaddress", object_pk=str(address_pk)).latest(
        "pk"
    )
    assert deleted.action == AuditEntry.Action.DELETE
    assert (deleted.actor, deleted.remote_addr) == (ketua, "192.0.2.1")


def test_passwords_and_mfa_secrets_never_enter_the_trail_in_clear(asesi):
    asesi.set_password("RahasiaSekali#99")
    asesi.save()
    entry = latest_for(asesi)
    assert "RahasiaSekali" not in str(entry.changes)
    assert asesi.password not in str(entry.changes)


def test_entries_cannot_be_changed_or_deleted_through_the_application(asesi):
    entry = AuditEntry.objects.latest("pk")
    entry.object_repr = "dipalsukan"
    with pytest.raises(ValueError, match="tidak dapat diubah"):
        entry.save()
    with pytest.raises(ValueError, match="tidak dapat dihapus"):
        entry.delete()
    with pytest.raises(ValueError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="dipalsukan")
    with pytest.raises(ValueError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).object_repr != "dipalsukan"


def test_verify_audit_passes_on_an_untouched_trail(asesi, ketua, capsys):
    call_command("verify_audit")
    assert "Jejak audit utuh" in capsys.readouterr().out


def raw(sql, params):
    """What someone with database access could do behind the application's back."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_audit_reports_an_entry_edited_in_the_database(asesi, ketua):
    victim = latest_for(asesi)
    raw("UPDATE akun_auditentry SET actor_email = %s WHERE id = %s", ["orang.lain@uji.lsp.id", victim.pk])
    with pytest.raises(CommandError, match="RUSAK"):
        call_command("verify_audit")


def test_verify_audit_names_the_edited_entry(asesi, ketua, capsys):
    victim = latest_for(asesi)
    raw("UPDATE akun_auditentry SET remote_addr = %s WHERE id = %s", ["127.0.0.9", victim.pk])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"Entri #{victim.pk}: isi tidak cocok" in capsys.readouterr().err


def test_verify_audit_reports_an_entry_deleted_from_the_middle(asesi, ketua, capsys):
    ids = list(AuditEntry.objects.order_by("pk").values_list("pk", flat=True))
    middle = ids[len(ids) // 2]
    raw("DELETE FROM akun_auditentry WHERE id = %s", [middle])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    successor = ids[ids.index(middle) + 1]
    assert f"Entri #{successor}: rantai terputus" in capsys.readouterr().err


def test_verify_audit_reports_the_last_entry_deleted(asesi, capsys):
    last = AuditEntry.objects.latest("pk").pk
    raw("DELETE FROM akun_auditentry WHERE id = %s", [last])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "entri terakhir telah dihapus" in capsys.readouterr().err


@pytest.mark.services
def test_concurrent_writers_keep_one_unbroken_chain(transactional_db):
    """Two connections appending at once never fork the chain (PostgreSQL row lock)."""
    from ..conftest import need

    need("DATABASE_URL")
    errors = []

    def writer(n):
        try:
            for i in range(15):
                make_user(f"paralel{n}.{i}@uji.lsp.id")
        except Exception as exc:  # reported below: the assertion names it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    call_command("verify_audit")
    hashes = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes))  # no two entries share a parent


# --- the audit page -------------------------------------------------------------------


def test_auditor_filters_by_user(client, auditor, asesi, ketua):
    with acting_as(ketua):
        make_user("dibuat.ketua@uji.lsp.id")
    client.force_login(auditor)
    page = client.get("/akun/audit/", {"pengguna": "ketua"}).context["page"]
    assert page.paginator.count >= 1
    assert {e.actor_email for e in page} == {ketua.email}


def test_auditor_filters_by_object_type_and_id(client, auditor, asesi):
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(type(asesi))
    client.force_login(auditor)
    page = client.get("/akun/audit/", {"jenis": ct.pk, "objek": asesi.pk}).context["page"]
    assert page.paginator.count >= 1
    assert {(e.content_type_id, e.object_pk) for e in page} == {(ct.pk, str(asesi.pk))}


def test_auditor_filters_by_date_range(client, auditor):
    client.force_login(auditor)
    today = timezone.localdate()
    assert client.get("/akun/audit/", {"dari": today.isoformat()}).context["page"].paginator.count > 0
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert client.get("/akun/audit/", {"dari": tomorrow}).context["page"].paginator.count == 0


def test_bad_date_in_the_filter_gets_an_indonesian_message(client, auditor):
    client.force_login(auditor)
    response = client.get("/akun/audit/", {"dari": "31-02-2026"})
    assert response.status_code == 200
    assert "Tanggal &#x27;31-02-2026&#x27; tidak valid" in response.content.decode()


def test_audit_page_query_count_does_not_grow_with_entries(client, auditor):
    client.force_login(auditor)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/akun/audit/").status_code == 200
        return len(ctx.captured_queries)

    for i in range(10):
        make_user(f"sedikit{i}@uji.lsp.id")
    few = queries()
    for i in range(60):
        make_user(f"banyak{i}@uji.lsp.id")
    assert queries() == few
