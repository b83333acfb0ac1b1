"""Forms of the certificate pages (SE-A4.12, X-1): the status change, the BNSP registration
number and the two sheet uploads. They word the Indonesian errors; the services
(services.sertifikat) check the rules again and save."""

from django import forms

from . import services
from .models import Sertifikat
from .services.sertifikat import ALASAN_WAJIB, MAX_ALASAN, REGISTRASI_CONTOH, REGISTRASI_MAX, TINDAKAN
from .services.sertifikat_impor import SERTIFIKAT_MAX_ROWS


class StatusForm(forms.Form):
    """Suspend, lift a suspension or revoke; the reason is required for each (X-1)."""

    status = forms.ChoiceField(
        label="Tindakan",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih tindakan: bekukan, pulihkan, atau cabut.",
            "invalid_choice": "Tindakan ini tidak tersedia untuk status sertifikat sekarang.",
        },
    )
    alasan = forms.CharField(
        label="Alasan",
        required=False,
        max_length=MAX_ALASAN,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Dicatat di riwayat status dan dikirim kepada pemegang sertifikat.",
        error_messages={"max_length": f"Alasan paling panjang {MAX_ALASAN} karakter."},
    )

    def __init__(self, *args, sertifikat: Sertifikat, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the moves allowed now. Accepted: any move, so that a stale page (a
        # certificate revoked meanwhile) gets the service's own reason, not a bare "invalid".
        self.fields["status"].choices = [(s.value, label) for s, label in TINDAKAN.items()]
        self.fields["status"].widget.choices = services.status_choices(sertifikat)

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status and not (data.get("alasan") or "").strip():
            self.add_error("alasan", ALASAN_WAJIB[status])
        return data


class RegistrasiForm(forms.Form):
    nomor_registrasi = forms.CharField(
        label="Nomor registrasi BNSP",
        max_length=REGISTRASI_MAX * 2,  # the service reports a long number with its length
        help_text=f"Seperti yang dikembalikan BNSP, misalnya {REGISTRASI_CONTOH}.",
        error_messages={"required": "Nomor registrasi BNSP wajib diisi."},
    )


def _berkas(label: str, rows: int) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=(
            f"Paling besar {services.IMPOR_MAX_BYTES // (1024 * 1024)} MB dan {rows} baris. Baris yang salah "
            "ditolak dengan alasannya; baris yang benar diterapkan."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{services.XLSX_CONTENT_TYPE}"}),
        error_messages={"required": "Pilih berkas .xlsx."},
    )


class RegistrasiImporForm(forms.Form):
    berkas = _berkas("Lembar nomor registrasi (.xlsx)", services.IMPOR_MAX_ROWS)


class SertifikatImporForm(forms.Form):
    berkas = _berkas("Register sertifikat lama (.xlsx)", SERTIFIKAT_MAX_ROWS)
