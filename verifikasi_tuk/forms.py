"""Forms of the request pages (views.py, views_permintaan.py). They type the input; the rules
(one open request per TUK, a verifier without a conflict, a future session, an https link)
are the services'. Other pages keep their forms next to their views."""

from django import forms
from django.utils import timezone

from akun.models import Role, User
from lsp_portal import schemes
from sdm.models import Personel
from tuk.models import Tuk

from .models import Permintaan


class TukChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nama} ({obj.kode}) · {obj.kota}"


class PermintaanForm(forms.Form):
    tuk = TukChoiceField(label="TUK", queryset=Tuk.objects.none(), empty_label="Pilih TUK")
    jenis = forms.ChoiceField(label="Jenis permintaan", choices=Permintaan.Jenis.choices)
    skema = forms.TypedMultipleChoiceField(
        label="Skema yang akan diujikan di TUK ini",
        coerce=int,
        choices=(),
        required=False,  # the service says "pilih paling sedikit satu skema" on this field
        widget=forms.CheckboxSelectMultiple,
        help_text="Verifikasi memeriksa ruang, peralatan, dan koneksi sesuai setiap skema yang dipilih.",
    )
    alasan = forms.CharField(
        label="Keterangan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Misalnya alasan verifikasi ulang atau perubahan yang terjadi di TUK.",
    )

    def __init__(self, *args, tuk_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tuk"].queryset = tuk_queryset.order_by("nama", "pk")
        self.fields["skema"].choices = [(s.id, str(s)) for s in schemes.all_schemes()]


class VerifikatorChoiceField(forms.ModelChoiceField):
    """Each person with the reason the service would refuse them (X-6), so the Manajer sees
    it before choosing; the service still decides."""

    def __init__(self, *args, refusals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refusals = refusals or {}

    def label_from_instance(self, obj):
        reason = self.refusals.get(obj.pk, "")
        return f"{obj.nama} · tidak dapat ditugaskan: {reason}" if reason else obj.nama


class SignerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nama_lengkap or obj.email


def ketua_users():
    """Who signs the SPT verifikasi TUK: the active Ketua."""
    return (
        User.objects.filter(is_active=True, groups__role__code=Role.Code.KETUA)
        .distinct()
        .order_by("nama_lengkap", "pk")
    )


def verifier_candidates():
    """Active personnel with a portal account, by name."""
    return (
        Personel.objects.active_on(timezone.localdate())
        .filter(user__isnull=False, user__is_active=True)
        .order_by("nama", "pk")
    )


class AssignForm(forms.Form):
    verifikator = VerifikatorChoiceField(
        label="Verifikator",
        queryset=Personel.objects.none(),
        empty_label="Pilih verifikator",
        help_text="Verifikator tidak boleh memiliki benturan kepentingan dengan TUK ini.",
    )
    tanggal = forms.DateTimeField(
        label="Waktu sesi verifikasi (WIB)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "Isi tanggal dan jam sesi.", "required": "Isi tanggal dan jam sesi."},
    )
    tautan_video = forms.CharField(
        label="Tautan konferensi video",
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        help_text="Diawali https://, misalnya tautan Zoom atau Google Meet.",
    )
    signer = SignerChoiceField(
        label="Penandatangan SPT verifikasi TUK",
        queryset=User.objects.none(),
        empty_label="Pilih Ketua LSP",
    )

    def __init__(self, *args, refusals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verifikator"].queryset = verifier_candidates()
        self.fields["verifikator"].refusals = refusals or {}
        self.fields["signer"].queryset = ketua_users()


class AlasanForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan pembatalan", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class KonflikForm(forms.Form):
    tuk = TukChoiceField(label="TUK", queryset=Tuk.objects.none(), empty_label="Pilih TUK")
    alasan = forms.CharField(
        label="Hubungan dengan TUK",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Misalnya karyawan, pemilik, atau kerabat pengelola TUK.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tuk"].queryset = Tuk.objects.order_by("nama", "pk")
