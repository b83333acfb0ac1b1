"""The appeal by its services (FLOW.md §3, SE-A4.8j, SE-A4.13, X-6): FR.AK.04 filed by the
candidate within the window, numbered and signed; registered by the Admin LSP; a panel of
people not involved named by the Manajer; the panel's decision with reasons in an SK
keputusan banding signed by the Ketua; every refusal of "Bad input" this step's services make.

How the tests reach a decided candidate: tests/sertifikasi/decision.py's `sk_signed` (the
demo batch decided by the pleno, the SK keputusan signed by the Ketua: asesi2 belum
kompeten), built once per module in the module's demo transaction, with three Komite Teknis
members of the tests' own who had no part in it; each test runs in a savepoint of it.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from administrasi.models import Dokumen
from akun.models import AuditEntry
from banding import permissions, services
from banding.models import AnggotaPanel, Banding, BuktiBanding, SidangBanding
from banding.services import BandingError
from lsp_portal.models import Notifikasi
from lsp_portal.workflow import status_history
from sertifikasi.models import Keputusan, KonflikPleno, Permohonan, Pleno
from sertifikasi.services import involvement_refusals
from tests.conftest import clear_own_cache, make_user
from tests.hostile_files import valid_pdf
from tests.sertifikasi.conftest import build_world
from tests.sertifikasi.decision import sk_signed

from .conftest import DEMO_PASSWORD, ttd

pytestmark = [pytest.mark.django_db]

S = Banding.Status
ALASAN = "Unit pertama dinilai belum kompeten padahal bukti praktik saya lengkap dan sesuai KUK."
ALASAN_KEPUTUSAN = "Rekaman sesi dan bukti menunjukkan unit pertama telah didemonstrasikan sesuai KUK."


# --- the world -------------------------------------------------------------------------------


@pytest.fixture(scope="module", name="_decided")
def decided_fixture(_demo_seeded, django_db_blocker):
    """sk_signed once per module: asesi2 belum kompeten by the SK keputusan in effect; and
    three Komite Teknis members who had no part in the assessment or the decision."""

    def build(demo):
        pleno, _, p_bk = sk_signed(demo)
        panel = [
            make_user(
                f"panel{n}@demo.lsp.id", "komite_teknis", name=f"Anggota Panel {n}", password=DEMO_PASSWORD
            )
            for n in range(3)
        ]
        return pleno.pk, p_bk.pk, [u.pk for u in panel]

    return build_world(django_db_blocker, build)


@pytest.fixture(name="w")
def world_fixture(demo, _decided):
    from akun.models import User

    pleno_pk, bk_pk, panel_pks = _decided
    keputusan = Keputusan.objects.select_related("permohonan__asesi", "pleno").get(permohonan_id=bk_pk)
    return SimpleNamespace(
        demo=demo,
        pleno=Pleno.objects.get(pk=pleno_pk),
        keputusan=keputusan,
        asesi=keputusan.permohonan.asesi,
        panel=[User.objects.get(pk=pk) for pk in panel_pks],
    )


def file(w, *, asesi=None, alasan=ALASAN, bukti=None, secret=DEMO_PASSWORD) -> Banding:
    clear_own_cache()  # the signing limit counts per signer
    return services.banding_file(
        keputusan=w.keputusan,
        asesi=asesi or w.asesi,
        dijelaskan=True,
        didiskusikan=True,
        didampingi=False,
        alasan=alasan,
        bukti=[SimpleUploadedFile("bukti-praktik.pdf", valid_pdf(), content_type="application/pdf")]
        if bukti is None
        else bukti,
        ttd=ttd(secret),
    )


def registered(w) -> Banding:
    return services.banding_register(banding=file(w), actor=w.demo["admin"])


def form_panel(w, banding, *, anggota=None, actor=None) -> Banding:
    anggota = w.panel if anggota is None else anggota
    return services.panel_form(
        banding=banding,
        anggota=anggota,
        ketua_tim=anggota[0],
        penandatangan=w.demo["ketua"],
        actor=actor or w.demo["manajer"],
    )


def under_review(w) -> Banding:
    return form_panel(w, registered(w))


def refused(call, **kwargs) -> BandingError:
    with pytest.raises(BandingError) as e:
        call(**kwargs)
    return e.value


def set_decision_sent(w, days_ago: float):
    Pleno.objects.filter(pk=w.pleno.pk).update(ditetapkan_pada=timezone.now() - dt.timedelta(days=days_ago))
    w.keputusan = Keputusan.objects.select_related("permohonan__asesi", "pleno").get(pk=w.keputusan.pk)


# --- filing (FR.AK.04) -----------------------------------------------------------------------


def test_se_a4_8j_candidate_files_appeal_numbered_signed_with_evidence(w):
    """SE-A4.8j: the candidate files FR.AK.04 within the window: numbered by the record (a
    sequence per year), signed by the candidate at once, the evidence kept with its SHA-256,
    the deadline to decide 30 days on; banding staff told."""
    banding = file(w)
    assert banding.status == S.DIAJUKAN and banding.asesi == w.asesi
    ak04 = Dokumen.objects.get(pk=banding.ak04_id)
    assert ak04.jenis.kode == "FR.AK.04" and ak04.status == Dokumen.Status.FINAL
    assert banding.nomor == ak04.nomor and "/BDG/" in banding.nomor
    assert Banding.objects.get(pk=banding.pk).nomor == ak04.nomor
    assert ak04.tanda_tangan.get().penandatangan == w.asesi
    assert ak04.data["alasan_banding"] == ALASAN
    bukti = BuktiBanding.objects.get(banding=banding)
    assert ak04.data["bukti"] == [
        {"nama": "bukti-praktik.pdf", "ukuran": bukti.ukuran, "sha256": bukti.sha256}
    ]
    assert len(bukti.sha256) == 64 and bukti.jenis == "pdf"
    assert banding.batas_keputusan == timezone.localdate(banding.diajukan_pada) + dt.timedelta(days=30)
    assert Notifikasi.objects.filter(penerima=w.demo["admin"], kunci=f"banding-{banding.pk}").exists()


def test_se_a1_4_appeal_keeps_the_sop_version_in_force_when_filed(w):
    """SE-A1.4: each appeal is linked to the appeal SOP in force when it is filed (the demo's
    version 1, approved by the Ketua), named on FR.AK.04; a later version taking effect does
    not change the appeal's link."""
    from administrasi import sop as sops
    from administrasi.models import Sop

    in_force = sops.in_force(Sop.Jenis.BANDING)
    assert in_force is not None and in_force.versi == 1
    banding = file(w)
    assert banding.sop == in_force
    ak04 = Dokumen.objects.get(pk=banding.ak04_id)
    assert f"{in_force.nomor} versi 1" in ak04.data["prosedur"]
    Sop.objects.filter(pk=in_force.pk).update(status=Sop.Status.DIGANTIKAN)
    banding.refresh_from_db()
    assert banding.sop_id == in_force.pk and sops.in_force(Sop.Jenis.BANDING) is None


def test_se_a1_4_without_an_sop_in_force_the_appeal_is_still_filed(w):
    """SE-A1.1 edge (none in force): filing is not blocked; the appeal names no version and
    FR.AK.04 points at the public procedure page."""
    from administrasi.models import Sop

    Sop.objects.filter(status=Sop.Status.BERLAKU).update(status=Sop.Status.DIGANTIKAN)
    banding = file(w)
    assert banding.sop is None
    assert Dokumen.objects.get(pk=banding.ak04_id).data["prosedur"] == "/sop-banding-pengaduan/"


def test_se_a4_8j_appeal_by_someone_not_the_candidate_is_refused(w):
    """SE-A4.8j edge: another asesi (asesi@, kompeten in the same batch) may not appeal
    asesi2's decision."""
    error = refused(file, w=w, asesi=w.demo["asesi"])
    assert str(error) == "Banding hanya dapat diajukan oleh asesi yang diputuskan dalam keputusan ini."
    assert not Banding.objects.exists() and not Dokumen.objects.filter(jenis__kode="FR.AK.04").exists()


def test_se_a4_8j_appeal_after_the_window_is_refused(w, settings):
    """SE-A4.8j edge: the window (BANDING_BATAS_HARI, default 14) runs from the SK keputusan's
    final signature, when the candidate was told; a day past it is refused, inside it not."""
    assert settings.BANDING_BATAS_HARI == 14
    set_decision_sent(w, 15)
    error = refused(file, w=w)
    assert str(error).startswith("Batas waktu banding telah lewat: banding diajukan paling lambat 14 hari")
    assert not Banding.objects.exists()
    set_decision_sent(w, 13.9)
    assert services.file_refusal(w.keputusan, w.asesi) is None


def test_se_a4_8j_window_is_configurable(w, settings):
    settings.BANDING_BATAS_HARI = 30
    set_decision_sent(w, 20)
    assert file(w).status == S.DIAJUKAN


def test_se_a4_8j_second_open_appeal_on_one_decision_is_refused(w):
    """SE-A4.8j edge: one open appeal per decision, by the service (named) and by the database."""
    first = file(w)
    error = refused(file, w=w)
    assert str(error) == f"Banding {first.nomor} atas keputusan ini masih diproses; tunggu keputusannya."
    with pytest.raises(IntegrityError), transaction.atomic():
        Banding.objects.create(
            keputusan=w.keputusan,
            asesi=w.asesi,
            dijelaskan=True,
            didiskusikan=True,
            didampingi=False,
            alasan_banding=ALASAN,
            diajukan_pada=timezone.now(),
            batas_keputusan=timezone.localdate(),
        )
    assert Banding.objects.count() == 1


def test_se_a4_8j_appeal_without_reason_is_refused(w):
    error = refused(file, w=w, alasan="   ")
    assert error.field == "alasan" and str(error) == "Tulis alasan banding Anda."
    assert not Banding.objects.exists()


def test_se_a4_8j_bad_evidence_file_refused_nothing_kept(w):
    """The evidence is checked by content (lsp_portal.uploads) before anything is saved."""
    fake = SimpleUploadedFile("bukti.pdf", b"<html>bukan pdf</html>", content_type="application/pdf")
    error = refused(file, w=w, bukti=[fake])
    assert error.field == "bukti"
    assert not Banding.objects.exists() and not BuktiBanding.objects.exists()


def test_se_a4_8j_refused_signature_leaves_nothing(w):
    """FR.AK.04 is signed at filing (UU ITE art. 11); a wrong password saves nothing."""
    refused(file, w=w, secret="salah-sandi")
    assert not Banding.objects.exists() and not Dokumen.objects.filter(jenis__kode="FR.AK.04").exists()


def test_se_a4_8j_decision_not_in_effect_cannot_be_appealed(w):
    Pleno.objects.filter(pk=w.pleno.pk).update(status=Pleno.Status.SK_DITERBITKAN, ditetapkan_pada=None)
    w.keputusan = Keputusan.objects.select_related("permohonan__asesi", "pleno").get(pk=w.keputusan.pk)
    assert str(refused(file, w=w)).startswith("Keputusan ini belum ditetapkan")


# --- registration ----------------------------------------------------------------------------


def test_flow3_admin_registers_the_appeal_with_history(w):
    """FLOW §3 DIREGISTRASI: the Admin LSP registers; who, when, what kept; the candidate told;
    a repeat or the candidate registering is refused."""
    banding = file(w)
    assert str(refused(services.banding_register, banding=banding, actor=w.asesi)) == (
        "Anda tidak berwenang meregistrasi banding."
    )
    banding = services.banding_register(banding=banding, actor=w.demo["admin"])
    assert banding.status == S.DIREGISTRASI
    assert Banding.objects.get(pk=banding.pk).diregistrasi_oleh == w.demo["admin"]
    [change] = status_history(banding)
    assert (change.from_status, change.to_status, change.actor) == (
        S.DIAJUKAN,
        S.DIREGISTRASI,
        w.demo["admin"],
    )
    assert Notifikasi.objects.filter(penerima=w.asesi, judul="Banding Anda diregistrasi").exists()
    assert str(refused(services.banding_register, banding=banding, actor=w.demo["admin"])) == (
        "Banding ini sudah diregistrasi."
    )


# --- the panel (X-6) -------------------------------------------------------------------------


def test_x6_involvement_names_assessor_decider_and_signer(w):
    """X-6: sertifikasi says who had a part in the candidate's assessment or decision."""
    d = w.demo
    people = [d["asesor"], d["komite"], d["ketua"], d["asesi2"], *w.panel]
    assert involvement_refusals(people, w.keputusan.permohonan) == {
        d["asesor"].pk: "asesor pada jadwal ini",
        d["komite"].pk: "memutuskan keputusan yang dibanding",
        d["ketua"].pk: "menandatangani SK keputusan yang dibanding",
        d["asesi2"].pk: "asesi itu sendiri",
    }


@pytest.mark.parametrize(
    ("persona", "why"),
    [
        ("asesor", "asesor pada jadwal ini"),
        ("komite", "memutuskan keputusan yang dibanding"),
        ("ketua", "menandatangani SK keputusan yang dibanding"),
    ],
)
def test_x6_panel_member_involved_in_the_decision_is_refused(w, persona, why):
    """SE-A4.8j / X-6 edge: the assessor, the pleno member who decided, the Ketua who signed
    the SK: refused, named with the reason; nothing saved."""
    banding = registered(w)
    member = w.demo[persona]
    error = refused(form_panel, w=w, banding=banding, anggota=[w.panel[0], w.panel[1], member])
    assert error.field == "anggota" and f"{member.nama_lengkap} ({why})" in str(error)
    assert not AnggotaPanel.objects.exists()
    assert Banding.objects.get(pk=banding.pk).status == S.DIREGISTRASI


def test_x6_panel_member_of_the_deciding_pleno_is_refused(w):
    """X-6: a member of the pleno that decided, though another member recorded the decision."""
    from sertifikasi.models import AnggotaPleno

    AnggotaPleno.objects.create(pleno=w.pleno, user=w.panel[2])
    error = refused(form_panel, w=w, banding=registered(w))
    assert "Anggota Panel 2 (anggota rapat pleno yang memutuskan)" in str(error)


def test_x6_panel_member_with_a_declared_conflict_is_refused(w):
    KonflikPleno.objects.create(
        anggota=w.panel[1], asesi=w.asesi, jenis=KonflikPleno.Jenis.values[0], alasan="Kerabat dekat."
    )
    error = refused(form_panel, w=w, banding=registered(w))
    assert "Anggota Panel 1 (benturan kepentingan" in str(error)


def test_flow3_manajer_forms_panel_of_uninvolved_members(w):
    """FLOW §3 DIKAJI: the Manajer names the panel (one chair) and the Ketua who signs;
    members told; history kept."""
    banding = under_review(w)
    assert banding.status == S.DIKAJI
    panel = list(AnggotaPanel.objects.filter(banding=banding))
    assert [(a.user, a.ketua) for a in panel] == [
        (w.panel[0], True),
        (w.panel[1], False),
        (w.panel[2], False),
    ]
    assert Banding.objects.get(pk=banding.pk).penandatangan == w.demo["ketua"]
    # each member's appointment is in the audit trail, with who made it.
    assert AuditEntry.objects.filter(content_type__model="anggotapanel", actor=w.demo["manajer"]).count() == 3
    assert status_history(banding).last().actor == w.demo["manajer"]
    told = Notifikasi.objects.get(penerima=w.panel[2], kunci=f"banding-panel-{banding.pk}")
    # The notice opens the appeal itself, a page the member may open (/banding/ is staff's).
    assert told.url == banding.get_absolute_url()
    assert permissions.visible_banding(w.panel[1]).filter(pk=banding.pk).exists()


def test_panel_refusals_role_state_size_and_duplicates(w):
    banding = file(w)
    assert "telah diregistrasi" in str(refused(form_panel, w=w, banding=banding))
    banding = services.banding_register(banding=banding, actor=w.demo["admin"])
    admin = w.demo["admin"]
    assert str(refused(form_panel, w=w, banding=banding, actor=admin)) == (
        "Hanya Manajer Sertifikasi yang membentuk tim banding."
    )
    assert "sekurang-kurangnya 3 orang" in str(refused(form_panel, w=w, banding=banding, anggota=w.panel[:2]))
    twice = [w.panel[0], w.panel[1], w.panel[0]]
    assert "lebih dari sekali" in str(refused(form_panel, w=w, banding=banding, anggota=twice))
    with pytest.raises(IntegrityError), transaction.atomic():
        AnggotaPanel.objects.bulk_create(
            [AnggotaPanel(banding=banding, user=w.panel[0], ditetapkan_oleh=admin) for _ in range(2)]
        )


# --- the decision ----------------------------------------------------------------------------


def test_se_a4_8j_decision_without_reasons_is_refused(w):
    """SE-A4.8j edge: no reasons, by the service and by the database."""
    banding = under_review(w)
    error = refused(services.banding_decide, banding=banding, hasil="ditolak", alasan=" ", actor=w.panel[0])
    assert error.field == "alasan" and str(error) == "Tulis alasan keputusan banding."
    assert Banding.objects.get(pk=banding.pk).status == S.DIKAJI
    with pytest.raises(IntegrityError), transaction.atomic():
        Banding.objects.filter(pk=banding.pk).update(
            status=S.DIPUTUSKAN, hasil="ditolak", alasan_keputusan=""
        )


def test_se_a4_8j_decision_by_someone_not_on_the_panel_is_refused(w):
    banding = under_review(w)
    for outsider in (w.demo["manajer"], w.demo["komite"], w.asesi):
        error = refused(
            services.banding_decide, banding=banding, hasil="diterima", alasan="x", actor=outsider
        )
        assert str(error) == "Anda bukan anggota tim banding ini."
    assert not Dokumen.objects.filter(jenis__kode="SK-KEPUTUSAN-BANDING").exists()


def test_flow3_decision_letter_signed_by_ketua_sends_the_decision(w):
    """FLOW §3 DIPUTUSKAN -> DISAMPAIKAN: a panel member records the result with reasons; the
    SK keputusan banding is issued for the Ketua; his signature sends it to the candidate.
    Every move kept with who and what; the original decision is not edited."""
    banding = under_review(w)
    banding = services.banding_decide(
        banding=banding, hasil="diterima", alasan=ALASAN_KEPUTUSAN, actor=w.panel[1]
    )
    assert banding.status == S.DIPUTUSKAN
    banding = Banding.objects.get(pk=banding.pk)
    sk = Dokumen.objects.get(pk=banding.sk_id)
    assert sk.jenis.kode == "SK-KEPUTUSAN-BANDING" and sk.status == Dokumen.Status.DRAFT
    assert sk.data["alasan"] == ALASAN_KEPUTUSAN and sk.data["banding"]["nomor"] == banding.nomor
    assert not Notifikasi.objects.filter(penerima=w.asesi, judul__startswith="Keputusan banding").exists()
    assert str(refused(services.banding_sk_sign, banding=banding, actor=w.panel[0], ttd=ttd())) == (
        "SK keputusan banding ini tidak menunggu tanda tangan Anda."
    )

    clear_own_cache()
    sk = services.banding_sk_sign(banding=banding, actor=w.demo["ketua"], ttd=ttd())
    assert sk.status == Dokumen.Status.FINAL
    banding = Banding.objects.get(pk=banding.pk)
    assert banding.status == S.DISAMPAIKAN and banding.hasil == "diterima"
    assert [(c.to_status, c.actor) for c in status_history(banding)] == [
        (S.DIREGISTRASI, w.demo["admin"]),
        (S.DIKAJI, w.demo["manajer"]),
        (S.DIPUTUSKAN, w.panel[1]),
        (S.DISAMPAIKAN, w.demo["ketua"]),
    ]
    told = Notifikasi.objects.get(penerima=w.asesi, judul__startswith="Keputusan banding")
    assert ALASAN_KEPUTUSAN in told.pesan
    assert Keputusan.objects.get(pk=w.keputusan.pk).hasil == "BK"
    assert Permohonan.objects.get(pk=w.keputusan.permohonan_id).status == Permohonan.Status.BELUM_KOMPETEN
    # Closed: the decision may be appealed again only through a new filing (not open any more).
    assert services.open_banding(w.keputusan) is None


def sent(w, hasil: str) -> Banding:
    """An appeal decided `hasil` by the panel and its SK signed by the Ketua (disampaikan)."""
    banding = services.banding_decide(
        banding=under_review(w), hasil=hasil, alasan=ALASAN_KEPUTUSAN, actor=w.panel[0]
    )
    clear_own_cache()
    services.banding_sk_sign(banding=Banding.objects.get(pk=banding.pk), actor=w.demo["ketua"], ttd=ttd())
    return Banding.objects.get(pk=banding.pk)


def test_flow3_upheld_appeal_links_its_follow_up(w):
    """FLOW §3: an upheld appeal points at its follow-up (here the appealed application, whose
    decision changes); an application of another person is refused; a rejected appeal has none."""
    banding = sent(w, "diterima")
    other = Permohonan.objects.exclude(asesi=w.asesi).filter(skema=w.keputusan.permohonan.skema).first()
    error = refused(services.banding_link_followup, banding=banding, permohonan=other, actor=w.demo["admin"])
    assert error.field == "permohonan"
    appealed = w.keputusan.permohonan
    banding = services.banding_link_followup(banding=banding, permohonan=appealed, actor=w.demo["admin"])
    assert Banding.objects.get(pk=banding.pk).tindak_lanjut == appealed
    with pytest.raises(IntegrityError), transaction.atomic():
        Banding.objects.filter(pk=banding.pk).update(hasil="ditolak")


def test_flow3_rejected_appeal_has_no_follow_up(w):
    banding = sent(w, "ditolak")
    error = refused(
        services.banding_link_followup,
        banding=banding,
        permohonan=w.keputusan.permohonan,
        actor=w.demo["admin"],
    )
    assert str(error) == "Tindak lanjut hanya dicatat untuk banding yang diterima dan telah disampaikan."


# --- the hearing -----------------------------------------------------------------------------


def test_flow3_panel_records_a_remote_hearing_with_its_recording(w):
    """FLOW §3: the panel may hear the candidate remotely; link, notes and the recording as
    a link with its SHA-256 (X-9's way); a bare hash or plain http is refused."""
    banding = under_review(w)
    when = timezone.now()
    values = {
        "banding": banding,
        "waktu": when,
        "tautan": "https://meet.example.id/banding",
        "actor": w.panel[0],
    }
    sidang = services.sidang_record(
        **values,
        catatan="Asesi dan asesor didengar.",
        rekaman_tautan="https://drive.example.id/banding.mp4",
        rekaman_sha256="A" * 64,
    )
    assert sidang.rekaman_sha256 == "a" * 64 and SidangBanding.objects.filter(banding=banding).count() == 1
    assert refused(services.sidang_record, **values, rekaman_sha256="b" * 64).field == "rekaman_tautan"
    assert (
        refused(
            services.sidang_record,
            **values,
            rekaman_tautan="https://drive.example.id/x.mp4",
            rekaman_sha256="zz",
        ).field
        == "rekaman_sha256"
    )
    assert (
        refused(services.sidang_record, **{**values, "tautan": "http://meet.example.id/x"}).field == "tautan"
    )
    assert str(refused(services.sidang_record, **{**values, "actor": w.demo["manajer"]})).startswith(
        "Hanya anggota tim banding"
    )


# --- who sees it (SE-A4.13) ------------------------------------------------------------------


def test_se_a4_13_appellant_sees_own_appeal_others_do_not(w):
    banding = file(w)
    assert permissions.visible_banding(w.asesi).filter(pk=banding.pk).exists()
    assert permissions.visible_banding(w.demo["admin"]).filter(pk=banding.pk).exists()
    assert not permissions.visible_banding(w.demo["asesi"]).filter(pk=banding.pk).exists()
    assert not permissions.visible_banding(w.panel[0]).filter(pk=banding.pk).exists()


# --- the appellant's own data (X-10) ----------------------------------------------------------


def test_x10_appellant_data_includes_appeal_and_evidence_but_not_an_unsent_decision(w):
    """UU PDP (X-10): the appellant's download holds their appeal, its history and evidence;
    the panel's decision only once the signed letter sent it."""
    from lsp_portal.personal_data import collect

    banding = services.banding_decide(
        banding=under_review(w), hasil="ditolak", alasan=ALASAN_KEPUTUSAN, actor=w.panel[0]
    )
    [section] = [s for s in collect(w.asesi) if s.name == "banding"]
    [item] = section.data["banding"]
    assert item["nomor"] == banding.nomor and item["alasan_banding"] == ALASAN
    assert item["hasil"] == "" and item["alasan_keputusan"] == ""
    assert [c["ke"] for c in item["riwayat_status"]] == [S.DIREGISTRASI, S.DIKAJI]
    assert len(section.files) == 1 and item["bukti"][0]["berkas"] == "bukti-praktik.pdf"
    assert not [s for s in collect(w.demo["asesi"]) if s.name == "banding"]
