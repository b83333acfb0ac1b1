"""Forms of the appeal pages: validation and Indonesian messages only; the services save
(STYLE.md §2). The signing act of FR.AK.04 is the records engine's SignForm."""

from django import forms

from administrasi.forms import SignForm
from akun.models import Role, User

from .models import Banding

YA_TIDAK = [("ya", "Ya"), ("tidak", "Tidak")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); each is checked by content
    in the service (lsp_portal.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class YaTidakField(forms.ChoiceField):
    def __init__(self, label):
        super().__init__(
            label=label,
            choices=YA_TIDAK,
            widget=forms.RadioSelect,
            error_messages={"required": "Pilih Ya atau Tidak."},
        )


class BandingForm(SignForm):
    """FR.AK.04: the form's three questions, the reason, the evidence and the signature. The
    files are checked by content in the service."""

    dijelaskan = YaTidakField("Apakah proses banding telah dijelaskan kepada Anda?")
    didiskusikan = YaTidakField("Apakah Anda telah mendiskusikan banding dengan asesor?")
    didampingi = YaTidakField("Apakah Anda mau melibatkan orang lain membantu Anda dalam proses banding?")
    alasan = forms.CharField(
        label="Alasan banding",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Jelaskan unit atau keputusan yang Anda banding dan alasannya.",
        error_messages={"required": "Tulis alasan banding Anda."},
    )
    bukti = MultipleFileField(
        label="Bukti pendukung (PDF, JPG, PNG; boleh lebih dari satu)",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    field_order = ["dijelaskan", "didiskusikan", "didampingi", "alasan", "bukti", "secret", "consent"]

    def answers(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] == "ya" for k in ("dijelaskan", "didiskusikan", "didampingi")}


class PanelForm(forms.Form):
    """The Manajer names the panel (X-6: the service refuses anyone involved, by name)."""

    anggota = forms.ModelMultipleChoiceField(
        label="Anggota tim banding",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih anggota tim banding."},
    )
    ketua_tim = forms.ModelChoiceField(
        label="Ketua tim", queryset=User.objects.none(), error_messages={"required": "Pilih ketua tim."}
    )
    penandatangan = forms.ModelChoiceField(
        label="Penandatangan SK (Ketua LSP)",
        queryset=User.objects.none(),
        error_messages={"required": "Pilih Ketua LSP penandatangan SK."},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anggota"].queryset = choices
        self.fields["ketua_tim"].queryset = choices
        self.fields["penandatangan"].queryset = User.objects.filter(
            is_active=True, groups__role__code=Role.Code.KETUA
        ).distinct()
        for name in ("anggota", "ketua_tim", "penandatangan"):
            self.fields[name].label_from_instance = lambda u: u.nama_lengkap or u.email


class SidangForm(forms.Form):
    waktu = forms.DateTimeField(
        label="Waktu sidang",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "Isi waktu sidang.", "invalid": "Waktu sidang tidak terbaca."},
    )
    tautan = forms.CharField(label="Tautan sidang daring (https://)", max_length=600)
    catatan = forms.CharField(
        label="Catatan sidang", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    rekaman_tautan = forms.CharField(label="Tautan rekaman (opsional)", required=False, max_length=600)
    rekaman_sha256 = forms.CharField(label="SHA-256 rekaman", required=False, max_length=80)


class KeputusanForm(forms.Form):
    hasil = forms.ChoiceField(
        label="Hasil banding",
        choices=Banding.Hasil.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih hasil banding: ditolak atau diterima."},
    )
    alasan = forms.CharField(
        label="Alasan keputusan",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Tulis alasan keputusan banding."},
    )


class TindakLanjutForm(forms.Form):
    permohonan = forms.IntegerField(
        label="Nomor permohonan tindak lanjut (ID)",
        error_messages={"required": "Isi nomor permohonan.", "invalid": "Nomor permohonan berupa angka."},
    )
