"""Builders for the decision and the certificate (issue 13, items 5–10), shared by their tests.

How the tests reach the pleno (documented, not the journey's own pages): two demo candidates
(asesi: K on every unit; asesi2: BK on the scheme's first unit) go through the assessment
by tests/sertifikasi/test_ak.py's steps (sheets made final through the records engine,
FR.AK.02 signed by assessor and candidate), then the lead assessor signs FR.AK.05. From
there every step is the decision's own service:

- `ready_batch(demo)`: both candidates in menunggu_keputusan, FR.AK.05 final -> (jadwal, p_k, p_bk)
- `formed(demo)`: + the pleno formed by the Manajer with the demo Komite Teknis member
- `decided(demo)`: + the member's decisions (K for asesi, BK for asesi2, with reasons)
- `sk_issued(demo)`: + the SK keputusan and asesi's certificate issued for the Ketua
- `sk_signed(demo)`: + every record signed by the Ketua one by one (the records engine's
  single signature; the one-act batch signing runs by Celery and has its own tests): the
  decisions take effect, the certificate is in the register.
"""

import datetime as dt

from django.utils import timezone

from administrasi import services as records
from sertifikasi import services
from sertifikasi.models import Permohonan, Pleno, Sertifikat
from sertifikasi.services import pleno as pleno_services
from tests.conftest import clear_own_cache

from .conftest import DEMO_PASSWORD
from .test_ak import ak02_final, ak05_signed, second_candidate, started

ALASAN_K = "Bukti observasi dan tes tertulis memadai untuk semua unit."
ALASAN_BK = "Unit pertama belum kompeten menurut FR.AK.02; bukti praktik belum memadai."


def ready_batch(demo, **kw):
    """Two candidates waiting for the decision, the batch's FR.AK.05 final."""
    p_k = started(demo, **kw)
    q = second_candidate(demo, p_k)
    from .test_ak import begin

    p_bk = begin(demo, q)
    first_unit = services.ak.ak02_units(p_bk)[0].kode
    p_k = ak02_final(demo, p_k)
    p_bk = ak02_final(demo, p_bk, bk=(first_unit,))
    clear_own_cache()
    ak05_signed(demo, p_k.jadwal)
    clear_own_cache()
    return p_k.jadwal, Permohonan.objects.get(pk=p_k.pk), Permohonan.objects.get(pk=p_bk.pk)


def formed(demo, **kw):
    jadwal, p_k, p_bk = ready_batch(demo, **kw)
    pleno = services.pleno_form(
        jadwal=jadwal,
        anggota=[demo["komite"]],
        ketua_rapat=demo["komite"],
        waktu=timezone.now() + dt.timedelta(hours=1),
        tautan="https://meet.example.id/pleno",
        penandatangan=demo["ketua"],
        actor=demo["manajer"],
    )
    return pleno, p_k, p_bk


def decided(demo, **kw):
    pleno, p_k, p_bk = formed(demo, **kw)
    services.keputusan_save(pleno=pleno, permohonan=p_k, hasil="K", alasan=ALASAN_K, actor=demo["komite"])
    services.keputusan_save(pleno=pleno, permohonan=p_bk, hasil="BK", alasan=ALASAN_BK, actor=demo["komite"])
    return pleno, p_k, p_bk


def sk_issued(demo, **kw):
    pleno, p_k, p_bk = decided(demo, **kw)
    services.sk_keputusan_issue(pleno=pleno, actor=demo["manajer"])
    return Pleno.objects.get(pk=pleno.pk), p_k, p_bk


def sk_signed(demo, **kw):
    pleno, p_k, p_bk = sk_issued(demo, **kw)
    from administrasi.models import Dokumen

    for pk in pleno_services.sk_documents(pleno):
        clear_own_cache()
        records.dokumen_sign(
            dokumen=Dokumen.objects.get(pk=pk), signer=demo["ketua"], secret=DEMO_PASSWORD, consent=True
        )
    clear_own_cache()
    return (
        Pleno.objects.get(pk=pleno.pk),
        Permohonan.objects.get(pk=p_k.pk),
        Permohonan.objects.get(pk=p_bk.pk),
    )


def certificate_of(p) -> Sertifikat:
    return Sertifikat.objects.get(permohonan=p)
