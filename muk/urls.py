from django.urls import path

from . import views, views_muk, views_persyaratan_tuk, views_struktur

app_name = "muk"

MUK = "skema/<int:pk>/muk/"
VERSI = MUK + "<int:nomor>/"
INSTRUMEN = VERSI + "instrumen/<int:ipk>/"
UNIT = "skema/<int:pk>/unit/<int:upk>/"
ELEMEN = UNIT + "elemen/<int:epk>/"
KUK = ELEMEN + "kuk/<int:kpk>/"
TUK_REQ = "skema/<int:pk>/persyaratan-tuk/"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("skema/", views.skema_list_view, name="skema-list"),
    path("skema/baru/", views.skema_create_view, name="skema-create"),
    path("skema/impor-templat.xlsx", views.import_template_view, name="import-template"),
    path("skema/<int:pk>/", views.skema_detail_view, name="skema-detail"),
    path("skema/<int:pk>/ubah/", views.skema_edit_view, name="skema-edit"),
    path("skema/<int:pk>/impor/", views.skema_import_view, name="skema-import"),
    path("skema/<int:pk>/persyaratan/", views.persyaratan_edit_view, name="persyaratan-edit"),
    # technical requirements for a TUK (the TUK verification checklist's equipment lines)
    path(TUK_REQ, views_persyaratan_tuk.persyaratan_tuk_view, name="persyaratan-tuk"),
    path(
        TUK_REQ + "<int:rpk>/ubah/",
        views_persyaratan_tuk.persyaratan_tuk_edit_view,
        name="persyaratan-tuk-edit",
    ),
    path(
        TUK_REQ + "<int:rpk>/hapus/",
        views_persyaratan_tuk.persyaratan_tuk_delete_view,
        name="persyaratan-tuk-delete",
    ),
    # units, elements and KUK by hand (SE-A4.6)
    path("skema/<int:pk>/unit/", views_struktur.unit_list_view, name="unit-list"),
    path("skema/<int:pk>/unit/baru/", views_struktur.unit_create_view, name="unit-create"),
    path(UNIT, views_struktur.unit_detail_view, name="unit-detail"),
    path(UNIT + "ubah/", views_struktur.unit_edit_view, name="unit-edit"),
    path(UNIT + "hapus/", views_struktur.unit_delete_view, name="unit-delete"),
    path(UNIT + "pindah/", views_struktur.unit_move_view, name="unit-move"),
    path(UNIT + "elemen/baru/", views_struktur.elemen_create_view, name="elemen-create"),
    path(ELEMEN + "ubah/", views_struktur.elemen_edit_view, name="elemen-edit"),
    path(ELEMEN + "hapus/", views_struktur.elemen_delete_view, name="elemen-delete"),
    path(ELEMEN + "pindah/", views_struktur.elemen_move_view, name="elemen-move"),
    path(ELEMEN + "kuk/baru/", views_struktur.kuk_create_view, name="kuk-create"),
    path(KUK + "ubah/", views_struktur.kuk_edit_view, name="kuk-edit"),
    path(KUK + "hapus/", views_struktur.kuk_delete_view, name="kuk-delete"),
    path(KUK + "pindah/", views_struktur.kuk_move_view, name="kuk-move"),
    # MUK versions (SE-A4.6)
    path(MUK, views_muk.versi_list_view, name="versi-list"),
    path(MUK + "baru/", views_muk.versi_create_view, name="versi-create"),
    path(VERSI, views_muk.versi_detail_view, name="versi-detail"),
    path(VERSI + "ajukan/", views_muk.versi_submit_view, name="versi-submit"),
    path(VERSI + "validasi/", views_muk.versi_review_view, name="versi-review"),
    path(VERSI + "kembalikan/", views_muk.versi_return_view, name="versi-return"),
    path(VERSI + "hapus/", views_muk.versi_delete_view, name="versi-delete"),
    path(VERSI + "unit/<int:unit_pk>/mapa01/", views_muk.mapa01_edit_view, name="mapa01-edit"),
    path(VERSI + "unit/<int:unit_pk>/mapa02/", views_muk.mapa02_edit_view, name="mapa02-edit"),
    path(
        VERSI + "unit/<int:unit_pk>/instrumen/baru/", views_muk.instrumen_create_view, name="instrumen-create"
    ),
    path(INSTRUMEN, views_muk.instrumen_detail_view, name="instrumen-detail"),
    path(INSTRUMEN + "ubah/", views_muk.instrumen_edit_view, name="instrumen-edit"),
    path(INSTRUMEN + "hapus/", views_muk.instrumen_delete_view, name="instrumen-delete"),
    path(INSTRUMEN + "butir/baru/", views_muk.butir_create_view, name="butir-create"),
    path(INSTRUMEN + "butir/<int:bpk>/ubah/", views_muk.butir_edit_view, name="butir-edit"),
    path(INSTRUMEN + "butir/<int:bpk>/hapus/", views_muk.butir_delete_view, name="butir-delete"),
]
