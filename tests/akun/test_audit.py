"""Audit trail (X-4): every insert/update/delete with actor, time, IP and changed fields;
append-only; hash-chained so that `verify_audit` reports an edited or deleted entry."""

import json
import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
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
    settings.TRUSTED_PROXY_COUNT = 1  # our proxy appends the address it received from
    client.post(
        "/akun/profil/ubah/",
        {"nama_lengkap": "Tiga Empat", "nomor_hp": ""},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.9",  # the client wrote the first
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


# --- what the hash covers (version 2) ----------------------------------------------------


def test_version_1_content_hashes_exactly_as_before_version_2():
    """X-4: an entry written before version 2 keeps its hash: its content is byte for byte
    what was hashed then (golden value computed with the code before version 2)."""
    import datetime as dt

    entry = AuditEntry(
        content_type_id=7,
        object_pk="42",
        object_id=42,
        object_repr="Asesi Uji",
        action=1,
        changes={"nama_lengkap": ["Lama", "Baru"]},
        changes_text="",
        actor_id=3,
        actor_email="a@uji.lsp.id",
        remote_addr="203.0.113.7",
        remote_port=5555,
        timestamp=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        cid="c1",
        additional_data={"x": 1},
        serialized_data={"fields": {"a": 1}},
        prev_hash="0" * 64,
        hash_version=1,
    )
    assert entry.compute_hash() == "942b48bcdb7530fd272294d0669d2b6f867c77b166ceb5a6879706a33a50042b"


def test_new_entries_are_written_with_hash_version_2(asesi):
    """X-4"""
    assert latest_for(asesi).hash_version == 2 == AuditEntry.HASH_VERSION


def as_written_by_version_1_code():
    """Rewrite the trail so far as the code before version 2 wrote it (what the migration
    finds): every entry version 1, hashed and chained without the newer fields."""
    previous = AuditEntry.GENESIS
    entries = list(AuditEntry.objects.order_by("pk"))
    for entry in entries:
        entry.hash_version, entry.prev_hash = 1, previous
        previous = entry.compute_hash()
        raw(
            "UPDATE akun_auditentry SET hash_version = 1, prev_hash = %s, entry_hash = %s WHERE id = %s",
            [entry.prev_hash, previous, entry.pk],
        )
    raw("UPDATE akun_auditchainhead SET last_hash = %s WHERE id = 1", [previous])
    return len(entries)


def test_entries_written_before_version_2_still_verify_after_it(ketua, capsys):
    """X-4: a trail begun under version 1 (the migration gives the existing entries version 1)
    verifies, with version-2 entries appended, without any entry being re-hashed."""
    assert as_written_by_version_1_code() > 0
    call_command("verify_audit")
    make_user("sesudah@uji.lsp.id")
    versions = list(AuditEntry.objects.order_by("pk").values_list("hash_version", flat=True))
    assert versions[0] == 1 and versions[-1] == 2
    call_command("verify_audit")
    assert capsys.readouterr().out.count("Jejak audit utuh") == 2


def test_a_version_1_entry_still_reports_an_edit_of_what_it_covers(ketua, capsys):
    """X-4"""
    as_written_by_version_1_code()
    victim = latest_for(ketua).pk
    raw("UPDATE akun_auditentry SET actor_email = %s WHERE id = %s", ["lain@uji.lsp.id", victim])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"Entri #{victim}: isi tidak cocok" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("object_id", 999999),
        ("serialized_data", '{"fields": {"nama_lengkap": "Palsu"}}'),
        ("remote_port", 4444),
        ("id", 999999),
        ("object_repr", "dipalsukan"),
    ],
)
def test_verify_audit_reports_an_edit_of_any_stored_field(asesi, ketua, capsys, column, value):
    """X-4: the hash covers every stored field (object id, serialized data, remote port,
    the entry's own id included)."""
    victim = latest_for(asesi).pk
    raw(f"UPDATE akun_auditentry SET {column} = %s WHERE id = %s", [value, victim])
    with pytest.raises(CommandError, match="RUSAK"):
        call_command("verify_audit")
    assert "isi tidak cocok" in capsys.readouterr().err


def test_an_entry_set_back_to_hash_version_1_is_reported(asesi, ketua, capsys):
    """X-4: moving an entry to version 1 (whose hash leaves the newer fields out) is itself
    an edit: versions never go down along the chain."""
    victim = latest_for(asesi).pk
    raw("UPDATE akun_auditentry SET hash_version = 1 WHERE id = %s", [victim])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"Entri #{victim}: versi hash 1 tidak sah" in capsys.readouterr().err


# --- secrets never reach the trail ---------------------------------------------------------

TOTP_SECRET = "M5XGQ4TPNRXW4YLUORSXG5DMMFZXIZLO"  # fixed, so the search below is deterministic


def slices(text, width=6):
    return {text[i : i + width] for i in range(len(text) - width + 1)}


def trail_text():
    rows = AuditEntry.objects.values_list(
        "changes", "changes_text", "serialized_data", "additional_data", "object_repr"
    )
    return "\n".join(json.dumps(row, default=str) for row in rows)


def test_totp_secret_and_recovery_codes_never_reach_the_trail(client, admin_lsp, monkeypatch):
    """X-4, SE-A4.4: enrolling TOTP and generating recovery codes through allauth's pages
    leaves no 6-character slice of the secret, the recovery seed or any recovery code in
    any entry (changes, serialized data, additional data)."""
    import datetime as dt

    import time_machine
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal import auth as totp_auth

    from ..conftest import PASSWORD

    seeds = iter(["5eed" * 20, "c0de" * 20])
    monkeypatch.setattr(totp_auth, "generate_totp_secret", lambda length=20: TOTP_SECRET)
    monkeypatch.setattr(RecoveryCodes, "generate_seed", classmethod(lambda cls: next(seeds)))
    with time_machine.travel(dt.datetime(2026, 3, 2, 3, 0, 7, tzinfo=dt.UTC), tick=False):
        client.post(reverse("account_login"), {"login": admin_lsp.email, "password": PASSWORD})
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert TOTP_SECRET in client.get(reverse("mfa_activate_totp")).content.decode()
        code = totp_auth.format_hotp_value(
            totp_auth.hotp_value(TOTP_SECRET, next(totp_auth.yield_hotp_counters_from_time()))
        )
        assert client.post(reverse("mfa_activate_totp"), {"code": code}).status_code == 302
        first = RecoveryCodes(Authenticator.objects.get(user=admin_lsp, type="recovery_codes"))
        first_codes = first.generate_codes()
        assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    second = RecoveryCodes(Authenticator.objects.get(user=admin_lsp, type="recovery_codes"))
    assert second.generate_codes() != first_codes  # the page made new codes
    assert AuditEntry.objects.filter(content_type__model="authenticator").count() >= 2
    text = trail_text()
    secrets_ = [TOTP_SECRET, "5eed" * 20, "c0de" * 20, *first_codes, *second.generate_codes()]
    leaked = {piece for secret in secrets_ for piece in slices(secret) if piece in text}
    assert leaked == set()


def test_masked_fields_are_recorded_as_changed_but_hidden_whole(asesi):
    """X-4: a password change is in the trail, with no part of the old or new hash."""
    old_hash = asesi.password
    asesi.set_password("RahasiaLain#77")
    asesi.save()
    old, new = latest_for(asesi).changes["password"]
    assert old == new == "[disembunyikan]"
    assert not any(piece in trail_text() for piece in slices(old_hash[-20:]) | slices(asesi.password[-20:]))


# --- the daily check -------------------------------------------------------------------


def test_verify_audit_runs_daily_on_celery_beat(settings):
    """X-4"""
    entry = settings.CELERY_BEAT_SCHEDULE["verify-audit"]
    assert entry["task"] == "akun.tasks.verify_audit"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {0}


def test_daily_check_sends_no_mail_on_an_intact_trail(ketua, staf_ti, mailoutbox):
    """X-4"""
    from akun.tasks import verify_audit

    assert verify_audit.run() == 0
    assert mailoutbox == []


def test_daily_check_mails_ketua_and_staf_ti_when_the_chain_is_broken(
    ketua, staf_ti, admin_lsp, auditor, mailoutbox
):
    """X-4: an entry edited with raw SQL; the task mails the Ketua and Staf TI (and nobody
    else) naming the entry."""
    from akun.tasks import verify_audit

    victim = latest_for(admin_lsp).pk
    raw("UPDATE akun_auditentry SET object_repr = %s WHERE id = %s", ["dipalsukan", victim])
    assert verify_audit.run() >= 1
    (mail,) = mailoutbox
    assert sorted(mail.to) == sorted([ketua.email, staf_ti.email])
    assert "jejak audit rusak" in mail.subject.lower()
    assert f"Entri #{victim}: isi tidak cocok" in mail.body


# --- writes that bypass model signals are audited too --------------------------------------


def test_records_engine_bulk_and_update_writes_are_in_the_trail(
    ketua, admin_lsp, django_capture_on_commit_callbacks
):
    """X-4, SE-A4.5: after issuing, signing and rendering a record, the trail holds the
    bulk-created signature row, the finalisation time and the PDF's name and hash."""
    from administrasi import services
    from administrasi.models import Dokumen, TandaTangan

    from ..conftest import PASSWORD

    with django_capture_on_commit_callbacks(execute=True):
        dokumen = services.dokumen_issue(
            kode="SPT-ASESOR",
            subject=ketua,
            judul="Uji jejak",
            data={"a": 1},
            signers={"ketua": ketua},
            actor=admin_lsp,
        )
        row = TandaTangan.objects.get(dokumen=dokumen)
        services.dokumen_sign(dokumen=dokumen, signer=ketua, secret=PASSWORD, consent=True, ip="203.0.113.5")
    dokumen = Dokumen.objects.get(pk=dokumen.pk)
    assert dokumen.pdf and dokumen.difinalkan_pada

    created = AuditEntry.objects.get(content_type__model="tandatangan", object_pk=str(row.pk), action=0)
    assert created.actor == admin_lsp
    assert created.changes["penandatangan"][1] == ketua.pk
    record_entries = AuditEntry.objects.filter(
        content_type__model="dokumen", object_pk=str(dokumen.pk), action=AuditEntry.Action.UPDATE
    ).order_by("pk")
    changed = {
        field: (entry.actor_id, entry.changes[field]) for entry in record_entries for field in entry.changes
    }
    assert changed["difinalkan_pada"][0] == ketua.pk
    assert changed["difinalkan_pada"][1][1] == str(dokumen.difinalkan_pada)
    assert changed["pdf"][1] == ["", dokumen.pdf.name]
    assert changed["pdf_sha256"][1] == ["", dokumen.pdf_sha256]
    assert changed["pdf_generated_at"][1][1] == str(dokumen.pdf_generated_at)
    call_command("verify_audit")


# --- the application's database role (docker-compose runs web, worker, beat as it) --------


def test_app_role_command_refuses_a_database_that_is_not_postgresql(db, monkeypatch):
    """X-4: on SQLite (the embedded setup) there are no roles: a clear refusal. On the
    services pass the connection is PostgreSQL, so it is made to say SQLite (no skip)."""
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="hanya ada di PostgreSQL"):
        call_command("db_app_role", role="lsp_app", password="rahasia")


@pytest.mark.services
def test_app_role_may_read_and_append_audit_entries_but_never_change_or_delete_them(transactional_db):
    """X-4: the role `db_app_role` grants can SELECT and INSERT on akun_auditentry, and is
    refused UPDATE, DELETE and TRUNCATE by PostgreSQL itself; other tables stay writable."""
    import uuid

    import psycopg

    from ..conftest import need

    need("DATABASE_URL")
    role = f"lsp_app_uji_{uuid.uuid4().hex[:12]}"  # one per test run: roles are cluster-wide
    make_user("sebelum.peran@uji.lsp.id")
    call_command("db_app_role", role=role, password="rahasia-uji")
    params = connection.settings_dict
    try:
        with psycopg.connect(
            host=params["HOST"] or None,
            port=params["PORT"] or None,
            dbname=params["NAME"],
            user=role,
            password="rahasia-uji",
            autocommit=True,
        ) as app:
            assert app.execute("SELECT count(*) FROM akun_auditentry").fetchone()[0] > 0
            for statement in (
                "UPDATE akun_auditentry SET object_repr = 'dipalsukan'",
                "DELETE FROM akun_auditentry",
                "TRUNCATE akun_auditentry",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(statement)
            app.execute(
                "INSERT INTO akun_auditentry (id, content_type_id, object_pk, object_repr, action, "
                "changes_text, timestamp, prev_hash, entry_hash, hash_version) "
                "SELECT max(id) + 1, min(content_type_id), '1', 'uji', 1, '', now(), '', %s, 2 "
                "FROM akun_auditentry",
                [uuid.uuid4().hex],
            )
            app.execute(
                "UPDATE akun_user SET nama_lengkap = 'Boleh Diubah' WHERE email = 'sebelum.peran@uji.lsp.id'"
            )
            app.execute("UPDATE akun_auditchainhead SET count = count WHERE id = 1")  # each append moves it
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')
