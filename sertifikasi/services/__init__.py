"""Every write of the certification journey (STYLE.md §2), one module per stage:

- permohonan: FR.APL.01 draft, evidence, submission, verification rounds (SE-A4.8a)
- apl02: the self-assessment and its review by the assessor (SE-A4.8b)
- jadwal: batches, assessors and their SPT, candidates (SE-E3, X-6)
- praasesmen: plan (FR.MAPA.01/02), FR.AK.07 and FR.AK.01 (SE-A4.8c, X-7)
- asesmen: what the assessment's steps share: the session window, the lead assessor, the
  candidate's sheets and their gate (SE-A4.8d, SE-A4.10)
- sesi: instrument review (FR.IA.11), the session, identity check, berita acara (SE-A4.10, X-8)
- rekaman: session recordings as evidence: link, upload, S3 multipart (X-9)
- ujian: the timed FR.IA.05 multiple-choice test (SE-A4.8d)
- lembar: the other sheets FR.IA.01–10, the IA.10 third-party link (SE-A4.8d)
- ak: the records of the assessment FR.AK.02/03/05/06 (SE-A4.8f–i)
- pleno: the Komite Teknis decision, the SK keputusan and the certificates it issues
- sertifikat: a certificate's status (suspend, lift, revoke), its BNSP registration number (SE-A4.12, X-1)
- sertifikat_impor: the imports of registration numbers and of the older register (SE-A4.12)
- blanko: the BNSP blanko list of a batch and its LSP-set columns (X-2)
- ulang: re-certification from a certificate (FLOW.md state 18)

Callers use `from sertifikasi import services` and the names below.
"""

from .ak import (  # noqa: F401
    ak02_save,
    ak02_sign_asesi,
    ak02_sign_asesor,
    ak03_submit,
    ak05_sign,
    ak06_sign,
)
from .apl02 import (  # noqa: F401
    answers,
    apl02_data,
    apl02_problems,
    apl02_review,
    apl02_save,
    apl02_submit,
    structure,
)
from .blanko import (  # noqa: F401
    blanko_refusal,
    blanko_workbook,
    kolom_blanko,
    kolom_blanko_reset,
    kolom_blanko_save,
)
from .common import JourneyError, Tandatangan  # noqa: F401
from .impor import (  # noqa: F401
    IMPOR_MAX_BYTES,
    IMPOR_MAX_ROWS,
    XLSX_CONTENT_TYPE,
    ImportRefused,
    ImportResult,
    RowError,
    impor_peserta,
    impor_report_workbook,
    impor_template_workbook,
)
from .jadwal import (  # noqa: F401
    asesor_refusal,
    jadwal_add_peserta,
    jadwal_create,
    jadwal_remove_peserta,
    jadwal_set_asesor,
    jadwal_update,
    konflik_declare,
    peserta_refusal,
    spt_confirm,
    spt_signers,
)
from .permohonan import (  # noqa: F401
    SECTION_FIELDS,
    SECTIONS,
    bukti_rule,
    bukti_upload,
    duplicate_accounts,
    editable_fields,
    editable_persyaratan,
    permohonan_create,
    permohonan_save,
    permohonan_submit,
    permohonan_verify,
    portofolio_upload,
    skema_open_refusal,
    submit_problems,
    verification_items,
)
from .pleno import (  # noqa: F401
    decide_refusal,
    involvement_refusals,
    keputusan_save,
    konflik_pleno_declare,
    pleno_candidates,
    pleno_form,
    pleno_ready_refusal,
    sk_keputusan_issue,
    sk_sign,
    undecided,
)
from .praasesmen import (  # noqa: F401
    KARAKTERISTIK,
    ak01_propose,
    ak01_sign,
    ak07_save,
    asesmen_require_ak01,
    plan_options,
    rencana_save,
)
from .rekaman import (  # noqa: F401
    rekaman_link_add,
    rekaman_multipart_complete,
    rekaman_multipart_start,
    rekaman_of,
    rekaman_upload,
)
from .sertifikat import (  # noqa: F401
    downloadable,
    record_versions,
    registrasi_clean,
    sertifikat_registrasi_set,
    sertifikat_saya,
    sertifikat_status_set,
    status_choices,
    ulang_available,
)
from .sertifikat_impor import (  # noqa: F401
    RegistrasiResult,
    SertifikatImporResult,
    registrasi_impor,
    registrasi_template_workbook,
    sertifikat_impor,
    sertifikat_template_workbook,
)
from .sesi import (  # noqa: F401
    ASPEK_REVIU,
    batch_instruments,
    berita_acara_data,
    berita_acara_sign,
    identitas_foto_rule,
    identitas_periksa,
    instrumen_label,
    join_refusal,
    reviu_answers,
    reviu_instrumen_save,
    reviu_refusal,
    sesi_candidate,
    sesi_catat,
    sesi_hadir,
    sesi_perpanjang,
    time_refusal,
)
from .ujian import (  # noqa: F401
    sisa_detik,
    ujian_halaman,
    ujian_jawab,
    ujian_jawab_semua,
    ujian_mulai,
    ujian_selesai,
    ujian_selesai_bila_habis,
    ujian_sync_final,
    ujian_tandatangan,
)
from .ulang import sertifikasi_ulang_refusal, sertifikasi_ulang_start  # noqa: F401
