from django.urls import path

from . import views, views_ceklis, views_permintaan, views_sk, views_syarat

app_name = "verifikasi_tuk"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("konflik/", views.konflik_view, name="konflik"),
    # the request and its assignment (views_permintaan)
    path("permintaan/baru/", views_permintaan.permintaan_create_view, name="permintaan-create"),
    path("permintaan/<int:pk>/", views_permintaan.permintaan_detail_view, name="permintaan-detail"),
    path("permintaan/<int:pk>/tugaskan/", views_permintaan.assign_view, name="permintaan-assign"),
    path("permintaan/<int:pk>/batal/", views_permintaan.cancel_view, name="permintaan-cancel"),
    path("permintaan/<int:pk>/bukti/<int:bid>/", views_permintaan.bukti_file_view, name="bukti-file"),
    # the verifier's session (views_ceklis)
    path("permintaan/<int:pk>/ceklis/", views_ceklis.ceklis_view, name="ceklis"),
    path("permintaan/<int:pk>/ceklis/bukti/", views_ceklis.bukti_upload_view, name="ceklis-bukti"),
    path("permintaan/<int:pk>/ceklis/kirim/", views_ceklis.submit_view, name="ceklis-submit"),
    # conditions (views_syarat)
    path("permintaan/<int:pk>/syarat/<int:sid>/", views_syarat.syarat_answer_view, name="syarat-answer"),
    path(
        "permintaan/<int:pk>/syarat/<int:sid>/periksa/", views_syarat.syarat_review_view, name="syarat-review"
    ),
    path("permintaan/<int:pk>/tidak-terpenuhi/", views_syarat.fail_view, name="tindak-lanjut-gagal"),
    # SK penetapan TUK (views_sk)
    path("permintaan/<int:pk>/sk/", views_sk.sk_issue_view, name="sk-issue"),
    path("sk/", views_sk.penetapan_list_view, name="penetapan-list"),
    path("sk/catat/", views_sk.penetapan_external_view, name="penetapan-external"),
    path("sk/<int:pk>/berkas/", views_sk.penetapan_file_view, name="penetapan-file"),
]
