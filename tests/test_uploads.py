"""Every upload field takes files through the one check, lsp_portal.uploads (SE-A4.4, issue 10
item 9), tried through HTTP with the files an outsider would send: a truncated PDF, a PDF
that runs JavaScript when opened or hidden in a page action, one that launches a program,
one that carries another file, a photo with its GPS position in Exif, an image bomb, a web
page named .pdf, and a name that climbs out of the upload folder. Stored files are served
as attachments (images inline) with `Content-Security-Policy: sandbox`.

A new upload field gets a row in FIELDS, and with it every test here. A field whose form needs
more than the personas (the appeal's evidence: a decided candidate, made on the demo LSP)
names its world, a fixture of module scope built once; such rows come last in FIELDS, and the
tests are parametrized by field with module scope, so pytest runs each field's tests together
in FIELDS' order: the rows without a world run before the demo is opened for this module (a
test that runs after it, in its savepoint, would find the demo's own profile, licence and
files).
"""

import datetime as dt
import re
from dataclasses import dataclass
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banding.models import BuktiBanding, Pengaduan
from portal.models import Lisensi, ProfilLSP
from sdm import services as sdm_services
from sdm.models import KontrakPemeliharaan, Personel, SertifikatKompetensi
from sertifikasi.models import Keputusan
from tests import hostile_files as hostile
from tests.sertifikasi.conftest import DEMO_PASSWORD, build_world

pytestmark = pytest.mark.embedded

PROFIL = {
    "nama": "LSP Uji Nusantara",
    "singkatan": "LSP-UN",
    "alamat": "Jl. Kenanga No. 5",
    "kota": "Bandung",
    "telepon": "022 555 0199",
    "email": "sekretariat@lsp-uji.or.id",
    "situs": "https://lsp-uji.or.id",
    "visi": "Menjadi LSP tepercaya.",
    "misi": "Melayani sertifikasi yang adil.",
}


def _personel(actor, fungsi):
    return sdm_services.personel_create(
        actor=actor,
        user=None,
        nama="Personel Uji",
        fungsi=fungsi,
        jabatan="Staf",
        nik="",
        telepon="",
        email="",
        aktif_dari=dt.date(2020, 1, 1),
        aktif_sampai=None,
    )


def _verified_pengaduan_lampiran():
    """The complaint's attachment, for the staff: its e-mail verified first (by a token of the
    test's own, as the e-mailed link would), since staff never see an unverified one."""
    from banding import services_pengaduan

    Pengaduan.objects.update(token_sha256=services_pengaduan.token_hash("uji-token"))
    pengaduan = services_pengaduan.pengaduan_verify(token="uji-token")
    return reverse("banding:pengaduan-lampiran", args=[pengaduan.pk])


@pytest.fixture(scope="module")
def _appealed(_demo_seeded, django_db_blocker):
    """The appeal evidence's world, once per module: the demo batch decided by the pleno, the
    SK keputusan signed by the Ketua (tests/sertifikasi/decision.py's sk_signed): asesi2 belum
    kompeten, within the window to appeal. The decision's primary key."""
    from tests.sertifikasi.decision import sk_signed

    return build_world(
        django_db_blocker, lambda demo: Keputusan.objects.get(permohonan=sk_signed(demo)[2]).pk
    )


@pytest.fixture(autouse=True)
def _field_world(request):
    """The world the test's field names (Field.world), if any."""
    callspec = getattr(request.node, "callspec", None)
    field = callspec.params.get("field") if callspec else None
    if field is not None and field.world:
        request.getfixturevalue(field.world)


def _appeal_evidence(client, upload):
    """FR.AK.04 filed by the decided candidate (the `_appealed` world) with `upload` as its evidence."""
    keputusan = Keputusan.objects.select_related("permohonan__asesi").get(hasil=Keputusan.Hasil.BK)
    client.force_login(keputusan.permohonan.asesi)
    data = {"dijelaskan": "ya", "didiskusikan": "ya", "didampingi": "tidak", "alasan": "Bukti saya lengkap."}
    data |= {"secret": DEMO_PASSWORD, "consent": "on", "bukti": [upload]}
    return client.post(reverse("banding:ajukan", args=[keputusan.pk]), data)


@dataclass(frozen=True)
class Field:
    """One upload field: how a user sends a file into it, and where it ends up. `world`: the
    fixture (of module scope) its form needs beyond the personas."""

    id: str
    kinds: frozenset
    label: str
    world: str = ""

    def submit(self, client, admin, upload):
        if self.id == "banding-bukti":
            return _appeal_evidence(client, upload)
        client.force_login(admin)
        if self.id == "portal-struktur-organisasi":
            return client.post("/portal-admin/profil/", {**PROFIL, "struktur_organisasi": upload})
        if self.id == "portal-sk-lisensi":
            data = {"nomor_sk": "KEP.0099/BNSP/II/2025", "tanggal_terbit": "2025-01-02"}
            return client.post(
                "/portal-admin/lisensi/", {**data, "tanggal_kedaluwarsa": "2030-01-01", "berkas_sk": upload}
            )
        if self.id == "banding-pengaduan":
            data = {"nama_pelapor": "Pelapor", "email": "pelapor@contoh.id", "subjek": "lsp"}
            return client.post("/pengaduan/", {**data, "uraian": "Layanan lambat.", "lampiran": upload})
        if self.id == "sdm-sertifikat":
            personel = _personel(admin, Personel.Fungsi.ADMIN)
            data = {"jenis": "bidang", "nomor": "C-1", "bidang": "JWD", "penerbit": "BNSP"}
            data |= {"tanggal_terbit": "2024-01-01", "berlaku_sampai": "2027-01-01", "berkas": upload}
            return client.post(f"/sdm/personel/{personel.pk}/sertifikat/baru/", data)
        personel = _personel(admin, Personel.Fungsi.PEMELIHARA_SI)
        data = {"nama_vendor": "PT Awan", "nomor_kontrak": "K-1", "memuat_klausul_pemeliharaan": "on"}
        data |= {"tanggal_mulai": "2025-01-01", "tanggal_selesai": "2026-12-31", "berkas": upload}
        return client.post(f"/sdm/personel/{personel.pk}/kontrak/baru/", data)

    def stored(self):
        """The stored file (a FieldFile, falsy when empty), or None when no row was saved."""
        row = {
            "portal-struktur-organisasi": lambda: ProfilLSP.objects.first(),
            "portal-sk-lisensi": lambda: Lisensi.objects.first(),
            "sdm-sertifikat": lambda: SertifikatKompetensi.objects.first(),
            "sdm-kontrak": lambda: KontrakPemeliharaan.objects.first(),
            "banding-pengaduan": lambda: Pengaduan.objects.first(),
            "banding-bukti": lambda: BuktiBanding.objects.first(),
        }[self.id]()
        if row is None:
            return None
        if self.id == "banding-pengaduan":
            return row.lampiran
        if self.id == "banding-bukti":
            return row.berkas
        return (
            row.struktur_organisasi
            if self.id == "portal-struktur-organisasi"
            else getattr(row, "berkas_sk" if self.id == "portal-sk-lisensi" else "berkas")
        )

    def download_url(self):
        return {
            "portal-struktur-organisasi": lambda: reverse("portal:struktur-organisasi"),
            "portal-sk-lisensi": lambda: reverse("portal:lisensi-berkas"),
            "sdm-sertifikat": lambda: reverse(
                "sdm:sertifikat-berkas", args=[SertifikatKompetensi.objects.get().pk]
            ),
            "sdm-kontrak": lambda: reverse("sdm:kontrak-berkas", args=[KontrakPemeliharaan.objects.get().pk]),
            "banding-pengaduan": _verified_pengaduan_lampiran,
            "banding-bukti": lambda: reverse(
                "banding:bukti", args=[(b := BuktiBanding.objects.get()).banding_id, b.pk]
            ),
        }[self.id]()

    @property
    def takes_pdf(self):
        return "pdf" in self.kinds

    @property
    def takes_images(self):
        return "jpg" in self.kinds

    def acceptable(self) -> tuple[bytes, str]:
        """A harmless file this field takes, and its extension."""
        return (hostile.valid_pdf(), "pdf") if self.takes_pdf else (_png(), "png")

    def __str__(self):
        return self.id


IMAGES = frozenset({"png", "jpg", "webp"})
FIELDS = [
    Field("portal-struktur-organisasi", IMAGES, "Bagan struktur organisasi"),
    Field("portal-sk-lisensi", frozenset({"pdf"}), "Berkas SK"),
    Field("sdm-sertifikat", IMAGES | {"pdf"}, "Berkas sertifikat"),
    Field("sdm-kontrak", IMAGES | {"pdf"}, "Berkas kontrak"),
    Field("banding-pengaduan", IMAGES | {"pdf"}, "Lampiran pengaduan"),
    # FR.AK.04's evidence (banding.services.bukti_rule): the journey's evidence kinds, no WebP.
    Field("banding-bukti", frozenset({"pdf", "png", "jpg"}), "Bukti banding", world="_appealed"),
]
# Rows with a world last (the module docstring says why).
assert [f.world for f in FIELDS] == sorted(f.world for f in FIELDS), "a field with a world comes last"
IMAGE_FIELDS = [f for f in FIELDS if f.takes_images]


def _png() -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (40, 20), "navy").save(out, format="PNG")
    return out.getvalue()


def not_this_kind(field: Field) -> str:
    if not field.takes_images:
        return f"{field.label} bukan berkas PDF."
    if not field.takes_pdf:
        return f"{field.label} bukan gambar yang dapat dibaca; harus berupa gambar PNG, JPEG, atau WebP."
    images = ", ".join(
        name for kind, name in (("png", "PNG"), ("jpg", "JPEG"), ("webp", "WebP")) if kind in field.kinds
    )
    return f"{field.label} harus berupa PDF atau gambar ({images}) yang dapat dibaca."


def pdf_refusal(text: str):
    return lambda field: f"{field.label} {text}" if field.takes_pdf else not_this_kind(field)


# name -> (file maker, the message the field shows)
HOSTILE = {
    "truncated-pdf": (
        hostile.truncated_pdf,
        pdf_refusal("rusak atau tidak lengkap sehingga tidak dapat dibaca."),
    ),
    "pdf-openaction-javascript": (hostile.javascript_pdf, pdf_refusal("berisi JavaScript.")),
    "pdf-page-action-javascript": (hostile.page_action_javascript_pdf, pdf_refusal("berisi JavaScript.")),
    "pdf-launch": (hostile.launch_pdf, pdf_refusal("berisi perintah untuk menjalankan program.")),
    "pdf-embedded-file": (hostile.embedded_file_pdf, pdf_refusal("berisi berkas lain yang dilampirkan")),
    "image-bomb": (
        hostile.image_bomb,
        lambda f: f"{f.label}: resolusi gambar terlalu besar" if f.takes_images else not_this_kind(f),
    ),
    "image-64-megapixels": (
        lambda: hostile.image_bomb(side=8000),
        lambda f: (
            f"{f.label}: resolusi gambar terlalu besar (8000 x 8000 piksel"
            if f.takes_images
            else not_this_kind(f)
        ),
    ),
    "html-named-pdf": (hostile.html_named_pdf, not_this_kind),
}


def shown_errors(html: str) -> str:
    """The text of every error shown on the form (field and top)."""
    return " ".join(re.findall(r'<div class="errors"[^>]*>(.*?)</div>', html, re.S))


def stored_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def new_files(settings, before: list) -> list:
    """Files stored since `before` (a field's world may have stored its own records first)."""
    return [p for p in stored_files(settings) if p not in before]


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("field", FIELDS, ids=str, scope="module")
def test_every_upload_field_refuses_each_hostile_file_and_stores_nothing(
    client, admin_lsp, settings, field, kind
):
    """SE-A4.4: the field's form shows the Indonesian reason; no row, no file is stored."""
    make, message = HOSTILE[kind]
    before = stored_files(settings)
    response = field.submit(client, admin_lsp, SimpleUploadedFile("dokumen.pdf", make()))
    assert response.status_code == 200
    assert message(field) in shown_errors(response.content.decode())
    assert not field.stored()
    assert new_files(settings, before) == []


@pytest.mark.parametrize("field", IMAGE_FIELDS, ids=str, scope="module")
def test_a_photo_is_stored_and_served_without_its_gps_position(client, admin_lsp, field):
    """SE-A4.4: a JPEG with Exif GPS is re-encoded: what is stored and what is served hold
    the pixels only (no Exif, no GPS, no camera owner)."""
    from PIL import Image

    photo = hostile.jpeg_with_gps()
    with Image.open(BytesIO(photo)) as original:  # the test file does carry a position
        assert original.getexif().get_ifd(hostile.GPS_IFD)[hostile.GPS_LATITUDE]
    response = field.submit(
        client, admin_lsp, SimpleUploadedFile("foto.jpg", photo, content_type="image/jpeg")
    )
    assert response.status_code == 302
    with field.stored().open("rb") as fh:
        stored = fh.read()
    served = b"".join(client.get(field.download_url()).streaming_content)
    for content in (stored, served):
        assert b"Exif" not in content and b"Pemilik Kamera" not in content
        with Image.open(BytesIO(content)) as image:
            assert image.format == "JPEG" and image.size == (64, 48)
            assert not image.getexif() and not image.getexif().get_ifd(hostile.GPS_IFD)


@pytest.mark.parametrize("field", FIELDS, ids=str, scope="module")
def test_a_hostile_file_name_never_reaches_storage(client, admin_lsp, settings, field):
    """SE-A4.4: a name like ../../x.pdf is not used: the stored name is generated, inside the
    field's folder under MEDIA_ROOT."""
    content, extension = field.acceptable()
    response = field.submit(client, admin_lsp, SimpleUploadedFile("../../x.pdf", content))
    assert response.status_code == 302
    name = field.stored().name
    assert ".." not in name and not name.rsplit("/", 1)[-1].startswith("x")
    assert name.endswith(f".{extension}")
    assert all(p.resolve().is_relative_to(settings.MEDIA_ROOT.resolve()) for p in stored_files(settings))
    assert not list(settings.MEDIA_ROOT.parent.glob("**/x.pdf"))


@pytest.mark.parametrize("field", FIELDS, ids=str, scope="module")
def test_a_stored_file_is_served_sandboxed_and_a_pdf_as_an_attachment(client, admin_lsp, field):
    """SE-A4.4, issue 10 item 8: an uploaded file is never a page of ours: CSP sandbox on
    every one, PDFs as attachments, whatever the cache policy (the licence SK is public)."""
    content, extension = field.acceptable()
    assert field.submit(client, admin_lsp, SimpleUploadedFile(f"f.{extension}", content)).status_code == 302
    client.logout()
    if field.id.startswith(("sdm", "banding")):
        client.force_login(admin_lsp)
    response = client.get(field.download_url())
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment" if extension == "pdf" else "inline")


@pytest.mark.parametrize("field", [f for f in FIELDS if f.takes_pdf], ids=str, scope="module")
def test_a_clean_pdf_is_stored_byte_for_byte(client, admin_lsp, field):
    """SE-A4.4: a PDF is checked, not rewritten (its signatures, if any, stay valid)."""
    content = hostile.valid_pdf()
    assert field.submit(client, admin_lsp, SimpleUploadedFile("sk.pdf", content)).status_code == 302
    with field.stored().open("rb") as fh:
        assert fh.read() == content


@pytest.mark.parametrize("field", [FIELDS[1]], ids=str, scope="module")  # with the field's other tests
def test_a_pdf_deflate_bomb_is_refused_within_the_limits(client, admin_lsp, settings, field):
    """SE-A4.4, issue 10 items 2 and 9: a 4 MB PDF whose cross-reference stream inflates to
    4 GB is refused (the child process reading it runs out of its memory limit), nothing stored."""
    bomb = hostile.deflate_bomb_pdf(mib=4000)
    response = field.submit(client, admin_lsp, SimpleUploadedFile("sk.pdf", bomb))
    errors = shown_errors(response.content.decode())
    assert "Berkas SK rusak" in errors or "Berkas SK tidak dapat diperiksa" in errors
    assert not field.stored() and stored_files(settings) == []


def test_the_same_pdf_is_parsed_once_and_every_verdict_stays_the_same(monkeypatch):
    """SE-A4.4: the bounded child parses each distinct PDF once per process: the same bytes
    again (an applicant re-sending a file, a form shown again) get the kept verdict, a refused
    one included; other bytes are parsed afresh, and a PDF that could not be checked is tried
    again rather than remembered."""
    from lsp_portal import bounded, uploads
    from lsp_portal.errors import ServiceError

    runs = []
    real = bounded.run_bounded

    def counting(task, data, *args, **kwargs):
        runs.append(task)
        return real(task, data, *args, **kwargs)

    monkeypatch.setattr(bounded, "run_bounded", counting)
    monkeypatch.setattr(uploads, "_PDF_VERDICTS", uploads.OrderedDict())
    clean, script = hostile.valid_pdf("Sekali saja"), hostile.javascript_pdf()

    def check(data):
        return uploads.check_upload(SimpleUploadedFile("a.pdf", data), max_bytes=5 * uploads.MB)

    assert check(clean).read() == clean
    assert check(clean).read() == clean
    for _ in range(2):
        with pytest.raises(ServiceError, match="JavaScript"):
            check(script)
    assert runs == ["pdf_problems", "pdf_problems"]
    assert check(hostile.valid_pdf("Berkas lain")).kind == "pdf"
    assert len(runs) == 3

    def too_slow(task, data, *args, **kwargs):
        runs.append(task)
        raise bounded.LimitExceeded(task)

    monkeypatch.setattr(bounded, "run_bounded", too_slow)
    bomb_like = hostile.valid_pdf("Belum terperiksa")
    for _ in range(2):
        with pytest.raises(ServiceError, match="tidak dapat diperiksa"):
            check(bomb_like)
    assert len(runs) == 5
