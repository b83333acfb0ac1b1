"""Forms of the decision (FLOW.md states 11–13): forming a pleno, a member's K/BK with
reasons, a Komite member's conflict with a candidate. They type and word the input; the
rules (who may sit, decide, sign) are services.pleno's, which refuse with the field named."""

from django import forms

from .models import Keputusan, KonflikPleno
from .services import pleno as rules


class _PersonChoice:
    def label_from_instance(self, obj):
        return obj.nama_lengkap or obj.email


class PersonField(_PersonChoice, forms.ModelChoiceField):
    pass


class PeopleField(_PersonChoice, forms.ModelMultipleChoiceField):
    pass


def _datetime_widget():
    # Two native inputs (date, time); the values are in Asia/Jakarta (settings.TIME_ZONE).
    return forms.SplitDateTimeWidget(
        date_attrs={"type": "date"},
        time_attrs={"type": "time", "aria-label": "Jam"},
        date_format="%Y-%m-%d",
        time_format="%H:%M",
    )


class PlenoForm(forms.Form):
    """Forming the pleno of a batch (services.pleno_form)."""

    anggota = PeopleField(
        label="Anggota rapat pleno",
        queryset=rules.komite_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih sekurang-kurangnya satu anggota komite teknis."},
        help_text="Pemegang peran Komite Teknis yang aktif. Anggota yang terlibat asesmen atau menyatakan "
        "benturan kepentingan dengan seorang asesi tidak memutuskan asesi itu.",
    )
    ketua_rapat = PersonField(
        label="Ketua rapat",
        queryset=rules.komite_choices(),
        empty_label="Pilih ketua rapat",
        error_messages={"required": "Pilih ketua rapat dari anggota."},
    )
    waktu = forms.SplitDateTimeField(
        label="Waktu rapat (tanggal dan jam, WIB)",
        widget=_datetime_widget(),
        error_messages={
            "required": "Isi tanggal dan jam rapat.",
            "invalid_date": "Isi tanggal rapat.",
            "invalid_time": "Isi jam rapat.",
        },
    )
    tautan = forms.CharField(
        label="Tautan rapat daring",
        required=False,
        max_length=500,
        help_text="Bila rapat daring; diawali https://.",
    )
    penandatangan = PersonField(
        label="Penandatangan SK keputusan",
        queryset=rules.sk_signer_choices(),
        empty_label="Pilih Ketua LSP",
        error_messages={"required": "Pilih Ketua LSP yang menandatangani SK keputusan."},
    )


class KeputusanForm(forms.Form):
    """A member's decision on one candidate (services.keputusan_save)."""

    hasil = forms.ChoiceField(
        label="Keputusan",
        choices=Keputusan.Hasil.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih keputusan: Kompeten (K) atau Belum kompeten (BK)."},
    )
    alasan = forms.CharField(
        label="Alasan keputusan",
        max_length=rules.MAX_ALASAN,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tulis alasan keputusan."},
        help_text="Dimuat dalam SK keputusan; asesi yang belum kompeten membaca alasan ini.",
    )


class KonflikPlenoForm(forms.Form):
    """X-6: a Komite Teknis member's conflict with a candidate (services.konflik_pleno_declare)."""

    jenis = forms.ChoiceField(
        label="Hubungan dengan asesi",
        choices=KonflikPleno.Jenis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih jenis hubungan."},
    )
    alasan = forms.CharField(
        label="Keterangan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tulis keterangan hubungan Anda dengan asesi."},
    )
