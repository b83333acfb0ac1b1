"""The decision by its services (FLOW.md states 11–14, SE-A4.8, X-6, X-9): the pleno formed by
the Manajer Sertifikasi, each member's K/BK with reasons (a member who assessed, trained or
declared a conflict with a candidate does not decide on them), the SK keputusan with the
certificates, the Ketua's signature, the decisions taking effect and the candidates told;
the dashboard items and the stepper of the decision.

How the tests reach the pleno: tests/sertifikasi/decision.py's `ready_batch` (its docstring
says how), built once per module inside the module's demo transaction (`ready`, like the
demo itself: each test runs in a savepoint of it and leaves nothing behind). From there every
step is the decision's own service.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from administrasi import services as records
from administrasi.models import Dokumen
from lsp_portal.models import Notifikasi
from sertifikasi import services, worklist
from sertifikasi.models import Jadwal, Keputusan, KonflikPleno, Permohonan, Pleno, Sertifikat
from sertifikasi.services import JourneyError
from sertifikasi.services import pleno as rules
from sertifikasi.templatetags.journey import steps_for
from tests.conftest import clear_own_cache, make_user

from .conftest import (
    DEMO_PASSWORD,
    IDENTITAS_P,
    apl02_signed,
    join_batch,
    review_apl02,
    save_plan,
    sign_ak01,
    staffed_jadwal,
)
from .decision import ALASAN_BK, ALASAN_K, ready_batch
from .test_ak import ak02_final, begin

pytestmark = [pytest.mark.django_db]

S = Permohonan.Status


# --- the world -------------------------------------------------------------------------------


@pytest.fixture(scope="module", name="_batch")
def batch_fixture(_demo_seeded, django_db_blocker):
    """decision.ready_batch once per module, in the module's demo transaction: two candidates
    (asesi K on every unit, asesi2 BK on the first) waiting for the decision, FR.AK.05 final."""
    from .conftest import _demo_objects

    with django_db_blocker.unblock():
        jadwal, p_k, p_bk = ready_batch(_demo_objects())
    return jadwal.pk, p_k.pk, p_bk.pk


@pytest.fixture(name="ready")
def ready_fixture(demo, _batch):
    """(jadwal, p_k, p_bk) read afresh for the test."""
    jadwal_pk, k_pk, bk_pk = _batch
    return Jadwal.objects.get(pk=jadwal_pk), Permohonan.objects.get(pk=k_pk), Permohonan.objects.get(pk=bk_pk)


NAMES = ["Dewi Lestari", "Rina Kartika", "Wulan Sari", "Maya Anggraini"]


def identity(n: int) -> dict:
    """FR.APL.01 data of extra candidate `n` (a woman born n+1 August 1996, a NIK of hers)."""
    day = n + 1
    return {
        **IDENTITAS_P,
        "nama": NAMES[n],
        "nik": f"327301{day + 40:02d}0896{n + 3:04d}",
        "tanggal_lahir": dt.date(1996, 8, day),
        "email": f"peserta{n}@demo.lsp.id",
    }


def other_batch(demo, *, days=28, nama="Batch JWD Januari"):
    """Another batch of the demo assessor (not overlapping the module's), SPT signed."""
    return staffed_jadwal(demo, days=days, nama=nama)


def candidate_in(demo, jadwal, n: int) -> Permohonan:
    """Extra candidate `n` (an account of their own: the module's batch holds the demo
    applicants) in `jadwal`, through the journey's steps up to the assessment begun."""
    asesi = make_user(f"peserta{n}@demo.lsp.id", "asesi", name=NAMES[n], password=DEMO_PASSWORD)
    p = join_batch(demo, apl02_signed(demo, asesi=asesi, data=identity(n)), jadwal)
    return begin(demo, sign_ak01(demo, save_plan(demo, review_apl02(demo, p))))


def komite2(demo):
    """A second Komite Teknis member (the demo password, so they can sign if asked)."""
    return make_user("komite2@demo.lsp.id", "komite_teknis", name="Rina Komite", password=DEMO_PASSWORD)


def form(demo, jadwal, *, anggota=None, ketua_rapat=None, **over):
    values = {
        "jadwal": jadwal,
        "anggota": anggota or [demo["komite"]],
        "ketua_rapat": ketua_rapat or demo["komite"],
        "waktu": timezone.now() + dt.timedelta(hours=2),
        "tautan": "https://meet.example.id/pleno",
        "penandatangan": demo["ketua"],
        "actor": demo["manajer"],
        **over,
    }
    return services.pleno_form(**values)


def decide(demo, pleno, p, hasil, alasan, actor=None):
    return services.keputusan_save(
        pleno=pleno, permohonan=p, hasil=hasil, alasan=alasan, actor=actor or demo["komite"]
    )


def decided(demo, ready):
    jadwal, p_k, p_bk = ready
    pleno = form(demo, jadwal)
    decide(demo, pleno, p_k, "K", ALASAN_K)
    decide(demo, pleno, p_bk, "BK", ALASAN_BK)
    return pleno


def issued(demo, ready):
    pleno = decided(demo, ready)
    services.sk_keputusan_issue(pleno=pleno, actor=demo["manajer"])
    return Pleno.objects.get(pk=pleno.pk)


def sign_all(demo, pleno):
    """The Ketua signs every record of the SK one by one (the records engine's single act;
    the one-act batch signing is tested through HTTP in test_pleno_pages.py)."""
    for pk in rules.sk_documents(pleno):
        clear_own_cache()
        records.dokumen_sign(
            dokumen=Dokumen.objects.get(pk=pk), signer=demo["ketua"], secret=DEMO_PASSWORD, consent=True
        )
    return Pleno.objects.get(pk=pleno.pk)


def code_of(error: JourneyError) -> str | None:
    """The refusal's code, on its field or not."""
    if error.field:
        return error.error_dict[error.field][0].code
    return error.code


def refused(call, **kwargs) -> JourneyError:
    with pytest.raises(JourneyError) as e:
        call(**kwargs)
    return e.value


# --- readiness (FLOW state 11, SE-A4.8h) -------------------------------------------------------


def test_flow11_ready_batch_has_no_refusal_and_is_listed(ready):
    """FLOW 11: every candidate waits for the decision and FR.AK.05 is final: ready, and
    batches_ready_for_pleno (the lists' one query) agrees."""
    jadwal, _, _ = ready
    assert rules.pleno_ready_refusal(jadwal) is None
    assert list(rules.batches_ready_for_pleno()) == [jadwal]


def test_flow11_not_ready_while_a_candidate_is_still_assessed(demo):
    """FLOW 11: a candidate still in asesmen keeps the batch from the pleno (named)."""
    p = candidate_in(demo, other_batch(demo), 0)
    refusal = rules.pleno_ready_refusal(p.jadwal)
    assert refusal == f"Masih ada asesi yang belum selesai diases: {p.nama}."
    assert p.jadwal not in rules.batches_ready_for_pleno()
    error = refused(form, demo=demo, jadwal=p.jadwal)
    assert code_of(error) == "not_ready" and str(error) == refusal
    assert not Pleno.objects.exists()


def test_se_a4_8h_not_ready_while_ak05_is_not_final(demo):
    """SE-A4.8h: the pleno reads the batch's FR.AK.05; without it final, no pleno."""
    p = ak02_final(demo, candidate_in(demo, other_batch(demo), 0))
    assert p.status == S.MENUNGGU_KEPUTUSAN
    refusal = rules.pleno_ready_refusal(p.jadwal)
    assert refusal == "Laporan asesmen (FR.AK.05) jadwal ini belum ditandatangani asesor utama."
    assert p.jadwal not in rules.batches_ready_for_pleno()
    assert str(refused(form, demo=demo, jadwal=p.jadwal)) == refusal


def test_flow11_a_batch_has_one_pleno(demo, ready):
    jadwal, _, _ = ready
    form(demo, jadwal)
    assert rules.pleno_ready_refusal(jadwal) == "Jadwal ini sudah memiliki rapat pleno."
    assert str(refused(form, demo=demo, jadwal=jadwal)) == "Jadwal ini sudah memiliki rapat pleno."
    assert Pleno.objects.count() == 1


# --- forming the pleno -------------------------------------------------------------------------


def test_flow11_pleno_formed_and_members_told(demo, ready):
    """FLOW 11: members, chair, time, https link, the Ketua who signs; the members are told."""
    jadwal, _, _ = ready
    other = komite2(demo)
    pleno = form(demo, jadwal, anggota=[demo["komite"], other], ketua_rapat=other)
    assert pleno.status == Pleno.Status.DIBENTUK and pleno.penandatangan == demo["ketua"]
    assert [(a.user, a.ketua) for a in pleno.keanggotaan.order_by("-ketua", "pk")] == [
        (other, True),
        (demo["komite"], False),
    ]
    told = Notifikasi.objects.filter(judul="Rapat pleno keputusan sertifikasi", url=pleno.get_absolute_url())
    assert {n.penerima for n in told} == {demo["komite"], other}


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"anggota": "manajer"}, "anggota", "Bukan anggota Komite Teknis yang aktif"),
        ({"ketua_rapat": "komite2"}, "ketua_rapat", "Ketua rapat harus salah satu anggota."),
        (
            {"penandatangan": "manajer"},
            "penandatangan",
            "SK keputusan ditandatangani oleh pemegang peran Ketua LSP.",
        ),
        ({"tautan": "http://meet.example.id/pleno"}, "tautan", "Tautan rapat daring harus diawali https://."),
    ],
)
def test_flow11_pleno_form_refusals(demo, ready, over, field, message):
    """FLOW 11, X-6: a non-Komite member, a chair who is not a member, a signer who is not the
    Ketua, an http link: refused on the field, nothing saved."""
    jadwal, _, _ = ready
    people = {"manajer": demo["manajer"], "komite2": komite2(demo)}
    values = {
        key: ([people[value]] if key == "anggota" else people.get(value, value))
        for key, value in over.items()
    }
    error = refused(form, demo=demo, jadwal=jadwal, **values)
    assert error.field == field and message in str(error)
    assert not Pleno.objects.exists()


def test_flow11_only_organize_pleno_forms_a_pleno(demo, ready):
    jadwal, _, _ = ready
    error = refused(form, demo=demo, jadwal=jadwal, actor=demo["admin"])
    assert str(error) == "Anda tidak berwenang membentuk rapat pleno."
    assert not Pleno.objects.exists()


def test_x6_a_candidate_nobody_may_decide_on_is_refused(demo, ready):
    """X-6: when every member has a conflict with a candidate, the pleno cannot decide them:
    refused naming the candidate; another member makes it possible."""
    jadwal, _, p_bk = ready
    services.konflik_pleno_declare(
        permohonan=p_bk, jenis="kerabat", alasan="Sepupu saya.", actor=demo["komite"]
    )
    error = refused(form, demo=demo, jadwal=jadwal)
    assert error.field == "anggota"
    assert str(error).startswith(f"Tidak ada anggota yang boleh memutuskan {p_bk.nama}:")
    assert not Pleno.objects.exists()
    assert form(demo, jadwal, anggota=[demo["komite"], komite2(demo)]).keanggotaan.count() == 2


def test_x6_the_batch_assessor_as_only_member_is_refused(demo, ready):
    """X-6: an assessor of the batch who also sits on the Komite cannot be its only member."""
    jadwal, p_k, _ = ready
    make_komite(demo["asesor"])
    error = refused(form, demo=demo, jadwal=jadwal, anggota=[demo["asesor"]], ketua_rapat=demo["asesor"])
    assert error.field == "anggota" and "Tidak ada anggota yang boleh memutuskan" in str(error)


def make_komite(user):
    from akun.models import Role

    user.groups.add(Role.objects.get(code="komite_teknis").group)
    if hasattr(user, "_lsp_role_flags"):
        del user._lsp_role_flags


# --- conflicts (X-6) -----------------------------------------------------------------------------


def test_x6_konflik_pleno_declare_and_its_refusals(demo, ready):
    """X-6: a Komite member declares (kind + reason), once; others may not; no reason or an
    unknown kind refused on the field."""
    _, p_k, _ = ready
    assert (
        str(
            refused(
                services.konflik_pleno_declare,
                permohonan=p_k,
                jenis="pelatih",
                alasan="x",
                actor=demo["manajer"],
            )
        )
        == "Hanya anggota Komite Teknis yang menyatakan benturan kepentingan di sini."
    )
    assert (
        refused(
            services.konflik_pleno_declare, permohonan=p_k, jenis="teman", alasan="x", actor=demo["komite"]
        ).field
        == "jenis"
    )
    assert (
        refused(
            services.konflik_pleno_declare, permohonan=p_k, jenis="pelatih", alasan="  ", actor=demo["komite"]
        ).field
        == "alasan"
    )
    konflik = services.konflik_pleno_declare(
        permohonan=p_k, jenis="pelatih", alasan="Peserta pelatihan saya 2025.", actor=demo["komite"]
    )
    assert (konflik.anggota, konflik.asesi, konflik.jenis) == (demo["komite"], p_k.asesi, "pelatih")
    assert (
        str(
            refused(
                services.konflik_pleno_declare,
                permohonan=p_k,
                jenis="kerabat",
                alasan="y",
                actor=demo["komite"],
            )
        )
        == "Anda sudah menyatakan benturan kepentingan dengan asesi ini."
    )
    assert KonflikPleno.objects.count() == 1


def test_x6_decide_refusals_agree_with_decide_refusal(demo, ready):
    """The pleno page's batch of refusals (three queries) says what decide_refusal says per pair."""
    jadwal, p_k, p_bk = ready
    other = komite2(demo)
    make_komite(demo["asesor"])
    services.konflik_pleno_declare(permohonan=p_bk, jenis="pelatih", alasan="Murid saya.", actor=other)
    users = [demo["komite"], other, demo["asesor"], p_k.asesi]
    batch = rules.decide_refusals(users, [p_k, p_bk])
    for user in users:
        for p in (p_k, p_bk):
            assert batch.get((user.pk, p.pk)) == rules.decide_refusal(user, p)
    assert (
        batch[(other.pk, p_bk.pk)]
        == "Anda telah menyatakan benturan kepentingan dengan asesi ini (pernah melatih asesi)."
    )
    assert (other.pk, p_k.pk) not in batch and (demo["komite"].pk, p_k.pk) not in batch
    assert batch[(p_k.asesi_id, p_k.pk)] == "Anda adalah asesi ini."
    assert (
        rules.decide_refusals(users, [p_bk], about=True)[(demo["asesor"].pk, p_bk.pk)]
        == "asesor pada jadwal ini"
    )


# --- deciding (FLOW state 12, SE-A4.8, X-6) -------------------------------------------------------


def test_se_a4_8_member_decides_k_and_bk_with_reasons_and_may_change_until_sk(demo, ready):
    """SE-A4.8, FLOW 12: K/BK with reasons by a member; a change replaces it (one decision per
    candidate); the candidates' status stays menunggu keputusan until the SK is final."""
    jadwal, p_k, p_bk = ready
    pleno = form(demo, jadwal)
    assert {p.pk for p in rules.undecided(pleno)} == {p_k.pk, p_bk.pk}
    decide(demo, pleno, p_k, "BK", "Ragu pada bukti unit kedua.")
    k = decide(demo, pleno, p_k, "K", ALASAN_K)
    assert Keputusan.objects.filter(permohonan=p_k).count() == 1
    assert (k.hasil, k.alasan, k.diputuskan_oleh) == ("K", ALASAN_K, demo["komite"])
    assert [p.pk for p in rules.undecided(pleno)] == [p_bk.pk]
    decide(demo, pleno, p_bk, "BK", ALASAN_BK)
    assert rules.undecided(pleno) == []
    assert set(Permohonan.objects.filter(jadwal=jadwal).values_list("status", flat=True)) == {
        S.MENUNGGU_KEPUTUSAN
    }


def test_x6_decision_by_an_assessor_of_the_batch_refused(demo, ready):
    """X-6: the batch's assessor (also on the Komite) sits on the pleno but decides on none of
    its candidates."""
    jadwal, p_k, _ = ready
    make_komite(demo["asesor"])
    pleno = form(demo, jadwal, anggota=[demo["komite"], demo["asesor"]])
    error = refused(decide, demo=demo, pleno=pleno, p=p_k, hasil="K", alasan=ALASAN_K, actor=demo["asesor"])
    assert code_of(error) == "konflik"
    assert (
        str(error)
        == "Anda asesor pada jadwal asesi ini; keputusan diambil anggota yang tidak terlibat asesmen."
    )
    assert not Keputusan.objects.exists()


def test_x6_decision_by_a_member_who_trained_the_candidate_refused(demo, ready):
    """X-6 edge: a member who declared they trained the candidate (pelatih) does not decide on
    them, but decides on the others."""
    jadwal, p_k, p_bk = ready
    other = komite2(demo)
    pleno = form(demo, jadwal, anggota=[demo["komite"], other])
    services.konflik_pleno_declare(permohonan=p_bk, jenis="pelatih", alasan="Murid kursus saya.", actor=other)
    error = refused(decide, demo=demo, pleno=pleno, p=p_bk, hasil="BK", alasan=ALASAN_BK, actor=other)
    assert str(error) == "Anda telah menyatakan benturan kepentingan dengan asesi ini (pernah melatih asesi)."
    assert not Keputusan.objects.filter(permohonan=p_bk).exists()
    assert decide(demo, pleno, p_k, "K", ALASAN_K, actor=other).diputuskan_oleh == other


def test_x6_decision_by_a_non_member_refused(demo, ready):
    jadwal, p_k, _ = ready
    pleno = form(demo, jadwal)
    error = refused(decide, demo=demo, pleno=pleno, p=p_k, hasil="K", alasan=ALASAN_K, actor=komite2(demo))
    assert str(error) == "Anda bukan anggota rapat pleno ini, atau keputusan sudah ditutup."
    assert not Keputusan.objects.exists()


@pytest.mark.parametrize(
    "hasil, alasan, field, message",
    [
        ("", ALASAN_K, "hasil", "Pilih keputusan: Kompeten (K) atau Belum kompeten (BK)."),
        ("BK", "   ", "alasan", "Tulis alasan keputusan."),
        ("BK", "x" * (rules.MAX_ALASAN + 1), "alasan", f"Alasan paling panjang {rules.MAX_ALASAN} karakter."),
    ],
)
def test_se_a4_8_decision_needs_k_or_bk_and_reasons(demo, ready, hasil, alasan, field, message):
    jadwal, _, p_bk = ready
    pleno = form(demo, jadwal)
    error = refused(decide, demo=demo, pleno=pleno, p=p_bk, hasil=hasil, alasan=alasan)
    assert (error.field, str(error)) == (field, message)
    assert not Keputusan.objects.exists()


def test_se_a4_8_k_refused_while_fr_ak_02_has_a_bk_unit(demo, ready):
    """SE-A4.8: the assessor judged a unit BK: the pleno cannot certify the candidate (named
    unit); BK is accepted."""
    jadwal, _, p_bk = ready
    pleno = form(demo, jadwal)
    unit = rules.bk_units(p_bk)[0]
    error = refused(decide, demo=demo, pleno=pleno, p=p_bk, hasil="K", alasan="Saya yakin kompeten.")
    assert code_of(error) == "bk_unit" and error.field == "hasil"
    assert f"unit {unit} (FR.AK.02)" in str(error)
    assert decide(demo, pleno, p_bk, "BK", ALASAN_BK).hasil == "BK"


# --- the SK keputusan and the certificates (FLOW 12–13) ------------------------------------------


def test_flow12_sk_refused_while_a_candidate_is_undecided(demo, ready):
    jadwal, p_k, p_bk = ready
    pleno = form(demo, jadwal)
    decide(demo, pleno, p_k, "K", ALASAN_K)
    error = refused(services.sk_keputusan_issue, pleno=pleno, actor=demo["manajer"])
    assert code_of(error) == "undecided" and str(error) == f"Belum diputuskan: {p_bk.nama}."
    pleno.refresh_from_db()
    assert pleno.status == Pleno.Status.DIBENTUK and pleno.sk_id is None
    assert not Sertifikat.objects.exists()


def test_flow12_sk_issued_once_by_organize_pleno(demo, ready):
    pleno = decided(demo, ready)
    assert str(refused(services.sk_keputusan_issue, pleno=pleno, actor=demo["komite"])) == (
        "Anda tidak berwenang menerbitkan SK keputusan."
    )
    services.sk_keputusan_issue(pleno=pleno, actor=demo["manajer"])
    error = refused(services.sk_keputusan_issue, pleno=pleno, actor=demo["manajer"])
    assert code_of(error) == "done" and str(error) == "SK keputusan rapat pleno ini sudah diterbitkan."
    assert Dokumen.objects.filter(jenis__kode="SK-KEPUTUSAN").count() == 1


def test_flow12_decisions_closed_once_the_sk_is_issued(demo, ready):
    pleno = issued(demo, ready)
    _, p_k, _ = ready
    error = refused(decide, demo=demo, pleno=pleno, p=p_k, hasil="BK", alasan="Berubah pikiran.")
    assert str(error) == "Anda bukan anggota rapat pleno ini, atau keputusan sudah ditutup."
    assert Keputusan.objects.get(permohonan=p_k).hasil == "K"


def test_flow12_sk_sign_refused_for_anyone_but_the_pleno_ketua(demo, ready):
    """The SK waits for the Ketua named on the pleno only; before it is issued nobody signs."""
    pleno = decided(demo, ready)
    kwargs = {"secret": DEMO_PASSWORD, "consent": True}
    assert str(refused(services.sk_sign, pleno=pleno, actor=demo["ketua"], **kwargs)) == (
        "SK ini tidak menunggu tanda tangan Anda."
    )
    services.sk_keputusan_issue(pleno=pleno, actor=demo["manajer"])
    pleno.refresh_from_db()
    for someone in (demo["manajer"], demo["komite"], demo["asesi"]):
        assert str(refused(services.sk_sign, pleno=pleno, actor=someone, **kwargs)) == (
            "SK ini tidak menunggu tanda tangan Anda."
        )
    assert Dokumen.objects.get(pk=pleno.sk_id).status == Dokumen.Status.DRAFT


def test_flow13_happy_path_through_the_signed_sk(demo, ready):
    """FLOW 11–14, SE-A4.8: formed, decided, issued (the SK and a certificate for the K
    candidate only, drafts for the Ketua, who is told), signed: the pleno settled, asesi
    kompeten with a certificate in the register, asesi2 belum kompeten; each candidate told,
    the BK one with the reasons and the appeal procedure."""
    jadwal, p_k, p_bk = ready
    pleno = issued(demo, ready)
    assert pleno.status == Pleno.Status.SK_DITERBITKAN
    sk = Dokumen.objects.get(pk=pleno.sk_id)
    assert sk.status == Dokumen.Status.DRAFT and sk.jenis.kode == "SK-KEPUTUSAN"
    assert {row["nama"]: row["keputusan"] for row in sk.data["peserta"]} == {
        p_k.nama: "kompeten",
        p_bk.nama: "belum kompeten",
    }
    certificate = Sertifikat.objects.get(jadwal=jadwal)
    assert certificate.permohonan_id == p_k.pk and not certificate.terbit
    assert rules.sk_documents(pleno) == [sk.pk, certificate.dokumen_id]
    assert Notifikasi.objects.filter(
        penerima=demo["ketua"], judul="SK keputusan dan sertifikat menunggu tanda tangan"
    ).exists()
    # Before the SK is final nobody is told a result.
    assert not Notifikasi.objects.filter(kunci__startswith="keputusan-").exists()

    pleno = sign_all(demo, pleno)
    assert pleno.status == Pleno.Status.DITETAPKAN and pleno.ditetapkan_pada is not None
    assert Permohonan.objects.get(pk=p_k.pk).status == S.KOMPETEN
    assert Permohonan.objects.get(pk=p_bk.pk).status == S.BELUM_KOMPETEN
    assert Sertifikat.objects.get(pk=certificate.pk).terbit
    told_k = Notifikasi.objects.get(penerima=p_k.asesi, kunci=f"keputusan-{p_k.pk}")
    assert told_k.judul == "Anda dinyatakan kompeten" and told_k.url == reverse("sertifikasi:sertifikat-saya")
    told_bk = Notifikasi.objects.get(penerima=p_bk.asesi, kunci=f"keputusan-{p_bk.pk}")
    assert told_bk.judul == "Hasil sertifikasi: belum kompeten"
    assert ALASAN_BK in told_bk.pesan and rules.BANDING_URL in told_bk.pesan and "FR.AK.04" in told_bk.pesan


def test_se_e3_trial_batch_issues_no_certificate(demo, ready):
    """SE-E3: a trial batch's SK keputusan carries the decisions, no certificate is issued."""
    jadwal, _, _ = ready
    Jadwal.objects.filter(pk=jadwal.pk).update(uji_coba=True)  # the flag as the batch form sets it
    pleno = issued(demo, ready)
    assert pleno.sk_id and not Sertifikat.objects.exists()
    assert rules.sk_documents(pleno) == [pleno.sk_id]


# --- a remote batch without a recording is flagged at the pleno ----------------------------


def test_x9_remote_batch_without_recording_is_flagged(demo, ready):
    jadwal, _, _ = ready
    assert not rules.recording_missing(jadwal)  # face to face: no recording asked for
    Jadwal.objects.filter(pk=jadwal.pk).update(mode="jarak_jauh", tautan_video="https://meet.example.id/sesi")
    jadwal.refresh_from_db()
    assert rules.recording_missing(jadwal)
    services.rekaman_link_add(
        jadwal=jadwal,
        judul="Rekaman sesi lengkap",
        tautan="https://video.example.id/sesi.mp4",
        sha256="a" * 64,
        actor=demo["asesor"],
    )
    assert not rules.recording_missing(jadwal)


# --- the dashboard and the stepper ------------------------------------------------------------------


def labels(provider, user) -> dict[str, tuple[int, str]]:
    return {item.label: (item.count, item.url) for item in provider(user)}


def test_worklist_items_of_the_decision(demo, ready):
    """Manajer: the batch ready for a pleno, then the SK to issue; each member: the candidates
    they may decide (not those they have a conflict with); the Ketua: the SK to sign."""
    jadwal, p_k, p_bk = ready
    assert labels(worklist.pleno_to_organize, demo["manajer"]) == {
        "Jadwal siap rapat pleno": (1, reverse("sertifikasi:pleno-baru", args=[jadwal.pk]))
    }
    assert worklist.pleno_to_organize(demo["komite"]) == []
    other = komite2(demo)
    pleno = form(demo, jadwal, anggota=[demo["komite"], other])
    services.konflik_pleno_declare(permohonan=p_bk, jenis="pelatih", alasan="Murid saya.", actor=other)
    assert worklist.pleno_to_organize(demo["manajer"]) == []
    item = "Asesi menunggu keputusan Anda (rapat pleno)"
    assert labels(worklist.candidates_to_decide, demo["komite"]) == {item: (2, pleno.get_absolute_url())}
    assert labels(worklist.candidates_to_decide, other) == {item: (1, pleno.get_absolute_url())}
    assert worklist.candidates_to_decide(demo["manajer"]) == []
    decide(demo, pleno, p_k, "K", ALASAN_K)
    decide(demo, pleno, p_bk, "BK", ALASAN_BK)
    assert worklist.candidates_to_decide(demo["komite"]) == []
    assert labels(worklist.pleno_to_organize, demo["manajer"]) == {
        "SK keputusan siap diterbitkan": (1, reverse("sertifikasi:pleno-sk", args=[pleno.pk]))
    }
    assert worklist.sk_to_sign(demo["ketua"]) == []
    services.sk_keputusan_issue(pleno=pleno, actor=demo["manajer"])
    assert worklist.pleno_to_organize(demo["manajer"]) == []
    assert labels(worklist.sk_to_sign, demo["ketua"]) == {
        "SK keputusan dan sertifikat menunggu tanda tangan Anda": (
            1,
            reverse("sertifikasi:pleno-tandatangan", args=[pleno.pk]),
        )
    }
    assert worklist.sk_to_sign(demo["manajer"]) == []


def test_stepper_shows_the_decision_and_the_certificate(demo, ready):
    """FLOW 12–14 on the stepper: kompeten reaches the certificate; belum kompeten stops at
    the decision."""
    _, p_k, p_bk = ready
    sign_all(demo, issued(demo, ready))
    p_k.refresh_from_db()
    p_bk.refresh_from_db()
    k = {s.key: s.state for s in steps_for(p_k)}
    bk = {s.key: s.state for s in steps_for(p_bk)}
    assert (k["keputusan"], k["sertifikat"]) == ("done", "current")
    assert (bk["asesmen"], bk["keputusan"], bk["sertifikat"]) == ("done", "stopped", "next")
