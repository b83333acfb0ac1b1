from django.urls import path

from . import views, views_jenis

app_name = "administrasi"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("jenis/", views_jenis.jenis_list_view, name="jenis-list"),
    path("jenis/<str:kode>/", views_jenis.jenis_edit_view, name="jenis-edit"),
    path("arsip/", views.dokumen_list_view, name="dokumen-list"),
    path("arsip/<int:pk>/", views.dokumen_detail_view, name="dokumen-detail"),
    path("arsip/<int:pk>/tandatangani/", views.dokumen_sign_view, name="dokumen-sign"),
    path("arsip/<int:pk>/koreksi/", views.dokumen_correct_view, name="dokumen-correct"),
    path("arsip/<int:pk>/batalkan/", views.dokumen_void_view, name="dokumen-void"),
    path("arsip/<int:pk>/akses/", views.dokumen_grant_view, name="dokumen-grant"),
    path("arsip/<int:pk>/unduh/", views.dokumen_download_view, name="dokumen-download"),
]

from . import views_surat  # noqa: E402  (letters register, SE-A4.5)

urlpatterns += [
    path("surat/", views_surat.surat_list_view, name="surat-list"),
    path(
        "surat/sk-komite-teknis/baru/",
        views_surat.sk_komite_teknis_create_view,
        name="surat-sk-komite-teknis",
    ),
]

from . import views_dossier  # noqa: E402  (dossier export, records engine item 9)

urlpatterns += [
    path("arsip/<int:pk>/dosier/", views_dossier.dosier_request_view, name="dosier-request"),
    path("dosier/<int:pk>/", views_dossier.dosier_detail_view, name="dosier-detail"),
    path("dosier/<int:pk>/unduh/", views_dossier.dosier_download_view, name="dosier-download"),
]

from . import views_batch  # noqa: E402  (batch signing: one re-authentication, many records)

urlpatterns += [
    path("tanda-tangan/", views_batch.tanda_tangan_list_view, name="tanda-tangan-list"),
    path("tanda-tangan/konfirmasi/", views_batch.tanda_tangan_confirm_view, name="tanda-tangan-confirm"),
    path("tanda-tangan/<int:pk>/", views_batch.tanda_tangan_batch_view, name="tanda-tangan-batch"),
]

from . import views_sop  # noqa: E402  (SOP repository, SE-A1.1–A1.4)

urlpatterns += [
    path("sop/", views_sop.sop_list_view, name="sop-list"),
    path("sop/versi/<int:pk>/", views_sop.sop_detail_view, name="sop-detail"),
    path("sop/versi/<int:pk>/ubah/", views_sop.sop_edit_view, name="sop-edit"),
    path("sop/versi/<int:pk>/ajukan/", views_sop.sop_submit_view, name="sop-submit"),
    path("sop/versi/<int:pk>/kembalikan/", views_sop.sop_withdraw_view, name="sop-withdraw"),
    path("sop/<slug:jenis>/", views_sop.sop_jenis_view, name="sop-jenis"),
    path("sop/<slug:jenis>/baru/", views_sop.sop_start_view, name="sop-start"),
]
