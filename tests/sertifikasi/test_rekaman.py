"""Session recordings as evidence (X-9) on the embedded setup (local files): a link with its
SHA-256, a plain upload judged by its content, who adds and who sees (SE-A3.Kb: files only
through a view that checks; a candidate never sees the recordings)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sertifikasi import services
from sertifikasi.models import LogSesi, Permohonan, Rekaman
from sertifikasi.services import rekaman as rules

from .conftest import build_world, png_bytes, scheduled

pytestmark = pytest.mark.embedded

SHA = "ab" * 32
# An MP4 header: a 24-byte 'ftyp' box (major brand isom, minor version, compatible brands),
# then a few bytes of an 'mdat' box. The check reads the first bytes only.
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x10mdat" + bytes(range(8)) * 4
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 16
# EBML header whose DocType is "webm" (0x4282, size 0x84).
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 16
MKV = b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska" + b"\x00" * 16


def _local_storages():
    from django.conf import settings

    return {**settings.STORAGES, "default": {"BACKEND": "lsp_portal.storage.PrivateFileSystemStorage"}}


@pytest.fixture(autouse=True)
def _local_files(settings):
    """The embedded setup's storage even in the services pass (whose default storage is S3)."""
    settings.STORAGES = _local_storages()


@pytest.fixture(scope="module", name="_scheduled")
def scheduled_world(_demo_seeded, django_db_blocker):
    """`scheduled(demo)` once per module, in the module's demo savepoint (each test runs in a
    savepoint of it and leaves nothing behind), its files stored as the tests store theirs."""
    from django.test import override_settings

    with override_settings(STORAGES=_local_storages()):
        return build_world(django_db_blocker, lambda demo: scheduled(demo).pk)


@pytest.fixture
def world(demo, _scheduled):
    """A candidate (the demo applicant) in a batch whose one assessor is the demo assessor."""
    p = Permohonan.objects.get(pk=_scheduled)
    return {**demo, "p": p, "jadwal": p.jadwal}


def _page(world):
    return reverse("sertifikasi:rekaman", args=[world["jadwal"].pk])


def _upload(client, world, content, name="rekaman.mp4", **extra):
    data = {
        "aksi": "unggah",
        "unggah-judul": "Observasi demonstrasi, bagian 1",
        "unggah-permohonan": world["p"].pk,
        "unggah-berkas": SimpleUploadedFile(name, content, content_type="video/mp4"),
        **extra,
    }
    return client.post(_page(world), data)


def _files(settings):
    folder = settings.MEDIA_ROOT / "sertifikasi" / "rekaman"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_video_kind_is_read_from_the_first_bytes():
    """X-9: MP4/MOV by the 'ftyp' box at offset 4, WebM/MKV by the EBML magic; else None."""
    assert rules.video_kind(MP4) == "mp4"
    assert rules.video_kind(MOV) == "mov"
    assert rules.video_kind(WEBM) == "webm"
    assert rules.video_kind(MKV) == "mkv"
    assert rules.video_kind(png_bytes()) is None
    assert rules.video_kind(b"ftyp" + MP4) is None  # 'ftyp' not at offset 4
    assert rules.video_kind(b"") is None


def test_assessor_uploads_an_mp4_recorded_with_its_sha256_and_a_log_line(world, login, settings):
    """X-9: a plain upload is checked by content, stored under a generated name, its SHA-256
    recorded, a 'rekaman' line written in the session log; the file streams back."""
    client = login(world["asesor"])
    content = MP4 + b"video" * 2000
    response = _upload(client, world, content, name="../../rahasia asesi.mp4")
    assert response.status_code == 302, response.content.decode()[:2000]
    rekaman = Rekaman.objects.get()
    assert rekaman.sha256 == hashlib.sha256(content).hexdigest()
    assert rekaman.ukuran == len(content)
    assert rekaman.jenis_berkas == "mp4"
    assert rekaman.permohonan == world["p"]
    assert rekaman.diunggah_oleh == world["asesor"]
    assert rekaman.tautan == ""
    assert rekaman.berkas.name.startswith("sertifikasi/rekaman/")
    assert "rahasia" not in rekaman.berkas.name and rekaman.berkas.name.endswith(".mp4")
    log = LogSesi.objects.get(jenis=LogSesi.Jenis.REKAMAN)
    assert log.sesi == rekaman.sesi and log.sesi.jadwal == world["jadwal"]
    assert log.oleh == world["asesor"] and log.permohonan == world["p"]
    assert rekaman.sha256 in log.teks and "Observasi demonstrasi" in log.teks

    page = client.get(_page(world))
    assert "Observasi demonstrasi, bagian 1" in page.content.decode()
    assert rekaman.sha256 in page.content.decode()

    download = client.get(reverse("sertifikasi:rekaman-file", args=[world["jadwal"].pk, rekaman.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize(("content", "kind"), [(MOV, "mov"), (WEBM, "webm"), (MKV, "mkv")])
def test_mov_webm_and_mkv_are_accepted_as_their_kind(world, content, kind):
    """X-9: the other video containers are judged by their first bytes too."""
    rekaman = services.rekaman_upload(
        jadwal=world["jadwal"],
        judul="Rekaman sesi",
        berkas=SimpleUploadedFile("video.bin", content + b"x" * 100),
        actor=world["asesor"],
    )
    assert rekaman.jenis_berkas == kind
    assert rekaman.berkas.name.endswith(f".{kind}")
    assert rekaman.permohonan is None


@pytest.mark.parametrize(
    "content",
    [png_bytes(), b"Ini hanya catatan teks, bukan video.\n" * 20, b"%PDF-1.7\n" + b"0" * 100],
    ids=["png", "text", "pdf"],
)
def test_a_file_that_is_not_a_video_is_refused_and_not_stored(world, login, settings, content):
    """X-9: a PNG, a text or a PDF named .mp4 is refused ("bukan berkas video"); nothing is
    stored or logged."""
    response = _upload(login(world["asesor"]), world, content, name="rekaman.mp4")
    assert response.status_code == 200
    assert "bukan berkas video" in response.content.decode()
    assert not Rekaman.objects.exists()
    assert not LogSesi.objects.filter(jenis=LogSesi.Jenis.REKAMAN).exists()
    assert _files(settings) == []


def test_a_video_over_the_limit_is_refused(world, login, settings):
    """X-9: SERTIFIKASI_REKAMAN_MAX_MB (1 MB here): one byte more is refused."""
    settings.SERTIFIKASI_REKAMAN_MAX_MB = 1
    over = MP4 + b"\x00" * (1024 * 1024 + 1 - len(MP4))
    response = _upload(login(world["asesor"]), world, over)
    assert response.status_code == 200
    assert "terlalu besar (maksimal 1 MB)" in response.content.decode()
    assert not Rekaman.objects.exists()
    assert _files(settings) == []
    exact = over[:-1]
    assert _upload(login(world["asesor"]), world, exact).status_code == 302
    assert Rekaman.objects.get().ukuran == 1024 * 1024


class ChunkOnly(TemporaryUploadedFile):
    """A large upload as Django spools it (a temporary file on disk) that records every
    read: the service may read its head and chunks, never the whole file at once."""

    def read(self, size=-1):
        self.reads.append(size)
        return self.file.read(size)


def test_the_sha256_is_computed_over_chunks_never_the_whole_file(world, settings):
    """X-9: a 2 GB recording is never read into memory: every read asks for at most one
    chunk (1 MB); the digest still equals the whole file's, and so do the stored bytes."""
    content = MP4 + bytes(range(256)) * 12_000  # ~3 MB: several chunks
    upload = ChunkOnly("besar.mp4", "video/mp4", len(content), None)
    upload.reads = []
    upload.write(content)
    upload.seek(0)
    rekaman = services.rekaman_upload(
        jadwal=world["jadwal"], judul="Besar", berkas=upload, actor=world["asesor"]
    )
    assert rekaman.sha256 == hashlib.sha256(content).hexdigest()
    assert len(upload.reads) > 3, upload.reads
    assert all(0 < size <= rules.HASH_CHUNK for size in upload.reads), upload.reads
    with rekaman.berkas.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == rekaman.sha256
    upload.close()  # as Django does after a request (the temporary file was moved into storage)


def test_a_link_with_its_sha256_is_recorded_and_the_file_view_redirects_to_it(world, login):
    """X-9: a link (https) and a SHA-256 of 64 hex characters (upper case is accepted and kept
    in lower case); the recording's file view redirects to the link."""
    client = login(world["manajer"])
    response = client.post(
        _page(world),
        {
            "aksi": "tautan",
            "tautan-judul": "Rekaman Zoom sesi pagi",
            "tautan-tautan": "https://video.lsp.example/rekaman/2025-12-10.mp4",
            "tautan-sha256": SHA.upper(),
        },
    )
    assert response.status_code == 302
    rekaman = Rekaman.objects.get()
    assert rekaman.sha256 == SHA and rekaman.berkas.name in ("", None)
    assert LogSesi.objects.get(jenis=LogSesi.Jenis.REKAMAN).teks.startswith(
        "Rekaman ditambahkan: Rekaman Zoom sesi pagi (tautan https://video.lsp.example/"
    )
    target = client.get(reverse("sertifikasi:rekaman-file", args=[world["jadwal"].pk, rekaman.pk]))
    assert target.status_code == 302
    assert target["Location"] == "https://video.lsp.example/rekaman/2025-12-10.mp4"


@pytest.mark.parametrize(
    ("tautan", "sha256", "message"),
    [
        ("https://video.lsp.example/a.mp4", "ab" * 31, "SHA-256 harus 64 karakter heksadesimal"),
        ("https://video.lsp.example/a.mp4", "zz" * 32, "SHA-256 harus 64 karakter heksadesimal"),
        ("https://video.lsp.example/a.mp4", SHA + "00", "SHA-256 harus 64 karakter heksadesimal"),
        ("http://video.lsp.example/a.mp4", SHA, "Tautan harus alamat https://"),
        ("javascript:alert(1)", SHA, "Tautan harus alamat https://"),
    ],
    ids=["short-hash", "not-hex", "long-hash", "http", "javascript"],
)
def test_a_link_with_a_bad_hash_or_not_https_is_refused(world, login, tautan, sha256, message):
    """X-9: the hash must be a SHA-256 in hex, the link https."""
    response = login(world["asesor"]).post(
        _page(world),
        {"aksi": "tautan", "tautan-judul": "Rekaman", "tautan-tautan": tautan, "tautan-sha256": sha256},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Rekaman.objects.exists()


def test_a_candidate_of_another_batch_is_refused(world, demo):
    """X-9: a recording is about one of the batch's candidates or the whole session."""
    from .conftest import IDENTITAS_L, apl02_signed

    other = apl02_signed(demo, asesi=demo["asesi2"], data=IDENTITAS_L)
    with pytest.raises(services.JourneyError, match="bukan peserta jadwal ini"):
        services.rekaman_link_add(
            jadwal=world["jadwal"],
            judul="Rekaman",
            tautan="https://video.lsp.example/a.mp4",
            sha256=SHA,
            permohonan=other.pk,
            actor=world["asesor"],
        )


def _link(world):
    return services.rekaman_link_add(
        jadwal=world["jadwal"],
        judul="Rekaman sesi",
        tautan="https://video.lsp.example/a.mp4",
        sha256=SHA,
        actor=world["asesor"],
    )


def test_the_candidate_gets_404_for_the_recordings(world, login):
    """X-9: never to candidates: the candidate of the batch gets 404 on every recordings URL."""
    rekaman = _link(world)
    client = login(world["p"].asesi)
    jadwal = world["jadwal"].pk
    assert client.get(_page(world)).status_code == 404
    assert client.get(reverse("sertifikasi:rekaman-file", args=[jadwal, rekaman.pk])).status_code == 404
    assert (
        client.post(reverse("sertifikasi:rekaman-mulai", args=[jadwal]), "{}", "application/json").status_code
        == 404
    )
    assert client.post(_page(world), {"aksi": "tautan"}).status_code == 404


def test_the_auditor_reads_but_does_not_add(world, login):
    """X-9: the Auditor Internal sees the recordings and their files, adds none (403)."""
    rekaman = _link(world)
    client = login(world["auditor"])
    page = client.get(_page(world))
    assert page.status_code == 200
    assert "Rekaman sesi" in page.content.decode() and "Catat tautan" not in page.content.decode()
    assert (
        client.get(reverse("sertifikasi:rekaman-file", args=[world["jadwal"].pk, rekaman.pk])).status_code
        == 302
    )
    assert client.post(_page(world), {"aksi": "tautan"}).status_code == 403


def test_the_komite_adds_and_another_assessor_gets_404(world, login, asesor_lain):
    """X-9: staff with use_sertifikasi_staff (the komite/pleno included) add; an assessor of
    another batch sees nothing (404)."""
    assert login(world["komite"]).get(_page(world)).status_code == 200
    rekaman = services.rekaman_link_add(
        jadwal=world["jadwal"],
        judul="Dari komite",
        tautan="https://video.lsp.example/b.mp4",
        sha256=SHA,
        actor=world["komite"],
    )
    assert rekaman.diunggah_oleh == world["komite"]
    client = login(asesor_lain)
    assert client.get(_page(world)).status_code == 404
    assert (
        client.get(reverse("sertifikasi:rekaman-file", args=[world["jadwal"].pk, rekaman.pk])).status_code
        == 404
    )


def test_a_recording_of_another_batch_is_404_under_this_batch(world, demo, login):
    """X-9: a recording is reached only under its own batch."""
    from .conftest import staffed_jadwal

    other = staffed_jadwal(demo, nama="Batch lain", days=20)
    rekaman = services.rekaman_link_add(
        jadwal=other, judul="Lain", tautan="https://video.lsp.example/c.mp4", sha256=SHA, actor=demo["asesor"]
    )
    client = login(world["asesor"])
    assert (
        client.get(reverse("sertifikasi:rekaman-file", args=[world["jadwal"].pk, rekaman.pk])).status_code
        == 404
    )


def test_no_recording_is_added_to_a_cancelled_batch(world):
    """X-9: a cancelled batch takes no recording."""
    from sertifikasi.models import Jadwal

    Jadwal.objects.filter(pk=world["jadwal"].pk).update(status=Jadwal.Status.DIBATALKAN)
    world["jadwal"].refresh_from_db()
    with pytest.raises(services.JourneyError, match="dibatalkan"):
        _link(world)


def test_direct_upload_is_refused_on_local_storage(world, login):
    """X-9: the presigned multipart steps exist only where storage is S3; the page has no
    script for them here and the plain form posts to the portal."""
    client = login(world["asesor"])
    page = client.get(_page(world)).content.decode()
    assert "rekaman.js" not in page and "data-rekaman-mulai" not in page
    response = client.post(
        reverse("sertifikasi:rekaman-mulai", args=[world["jadwal"].pk]),
        {"judul": "x", "name": "a.mp4", "size": 10, "content_type": "video/mp4"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "tidak menerima unggahan langsung" in response.json()["error"]


def test_the_recordings_page_costs_the_same_queries_as_recordings_grow(world, login):
    """X-9: the list is one query whatever its length."""
    client = login(world["asesor"])
    _link(world)
    with CaptureQueriesContext(connection) as one:
        assert client.get(_page(world)).status_code == 200
    for _ in range(4):
        _link(world)
    with CaptureQueriesContext(connection) as five:
        assert client.get(_page(world)).status_code == 200
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]
