import json

from django import forms

from lsp_portal import schemes

from .models import Dokumen, JenisDokumen
from .services import CONSENT


class ArsipFilterForm(forms.Form):
    jenis = forms.ModelChoiceField(
        label="Jenis",
        queryset=JenisDokumen.objects.all(),
        required=False,
        to_field_name="kode",
        empty_label="Semua jenis",
    )
    nomor = forms.CharField(label="Nomor", required=False)
    orang = forms.CharField(label="Nama atau email (penerbit/penandatangan)", required=False)
    # Schemes as values from the kernel (lsp_portal.schemes): the records engine imports no
    # domain app. Read when the form is shown, so a new scheme is a choice at once.
    skema = forms.TypedChoiceField(
        label="Skema",
        choices=lambda: [("", "Semua skema"), *((s.id, str(s)) for s in schemes.all_schemes())],
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Semua status"), *Dokumen.Status.choices], required=False
    )
    dari = forms.DateField(
        label="Terbit dari", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label="Terbit sampai", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError("Tanggal 'dari' harus sebelum tanggal 'sampai'.")
        return data


class SignForm(forms.Form):
    secret = forms.CharField(
        label="Kata sandi atau kode autentikator",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Konfirmasi identitas Anda untuk menandatangani.",
    )
    consent = forms.BooleanField(label=CONSENT, required=False)
    gambar = forms.CharField(widget=forms.HiddenInput, required=False)

    def tandatangan(self, request):
        """The signing act this valid form collected, with where it came from."""
        from lsp_portal.http import client_ip

        from .services import Tandatangan

        return Tandatangan(
            secret=self.cleaned_data["secret"],
            consent=self.cleaned_data["consent"],
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            gambar=self.cleaned_data.get("gambar", ""),
        )


class BatchSignForm(SignForm):
    """Batch signing's confirmation: the signing act of SignForm over the chosen records,
    carried as one field of comma-separated ids, so a thousand records stay one form field
    (Django refuses a request of more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields)."""

    pilihan = forms.CharField(widget=forms.HiddenInput)

    def clean_pilihan(self):
        parts = [part.strip() for part in self.cleaned_data["pilihan"].split(",") if part.strip()]
        if not parts or not all(part.isdigit() for part in parts):
            raise forms.ValidationError("Pilihan dokumen tidak terbaca. Pilih lagi dari daftar.")
        return [int(part) for part in parts]


class CorrectForm(forms.Form):
    data = forms.CharField(
        label="Data dokumen (JSON)", widget=forms.Textarea(attrs={"rows": 14, "class": "mono"})
    )
    alasan = forms.CharField(label="Alasan koreksi", widget=forms.Textarea(attrs={"rows": 3}))

    def clean_data(self):
        try:
            value = json.loads(self.cleaned_data["data"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"Data bukan JSON yang valid (baris {exc.lineno}, kolom {exc.colno})."
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError("Data harus berupa objek JSON ({...}).")
        return value


class VoidForm(forms.Form):
    alasan = forms.CharField(label="Alasan pembatalan", widget=forms.Textarea(attrs={"rows": 3}))


class GrantForm(forms.Form):
    email = forms.EmailField(label="Email pengguna yang diberi akses")

    def clean_email(self):
        from akun.models import User

        email = self.cleaned_data["email"].strip().lower()
        self.user = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError("Tidak ada pengguna aktif dengan email ini.")
        return email


class KodeVerifikasiForm(forms.Form):
    """The code printed beside the QR code, typed by a person (X-11)."""

    kode = forms.CharField(
        label="Kode verifikasi",
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=(
            "16 huruf dan angka di samping kode QR pada dokumen, misalnya 7K3M 9QXA 2B4D HT6W. "
            "Huruf besar atau kecil sama saja; spasi dan tanda hubung boleh."
        ),
    )

    def clean_kode(self):
        from .verification_code import normalize

        kode = normalize(self.cleaned_data["kode"])
        if kode is None:
            raise forms.ValidationError(
                "Kode verifikasi terdiri atas 16 huruf dan angka (tanpa huruf U), "
                "seperti tercetak di samping kode QR. Periksa kembali kode Anda."
            )
        return kode


class VerifyUploadForm(forms.Form):
    berkas = forms.FileField(label="Berkas PDF yang ingin diperiksa")

    MAX_BYTES = 20 * 1024 * 1024

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("Berkas terlalu besar (maksimal 20 MB).")
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("Berkas ini bukan PDF.")
        return upload
