"""SDM forms: validation and Indonesian messages only; the services in sdm/services.py save."""

from django import forms

from administrasi.forms import SignForm
from akun.models import User
from lsp_portal.service_helpers import taken_ignoring_case

from .models import (
    MET_TAKEN,
    NIK_TAKEN,
    USER_TAKEN,
    Asesor,
    KontrakPemeliharaan,
    Personel,
    SertifikatKompetensi,
)
from .services import KONTRAK_UPLOAD, SERTIFIKAT_UPLOAD

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_HELP = SERTIFIKAT_UPLOAD.help_text  # the same for both documents


def _file_field(label: str):
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.FileInput(attrs={"accept": SERTIFIKAT_UPLOAD.accept}),
        help_text=f"Opsional. {FILE_HELP} Kosongkan untuk mempertahankan berkas saat ini.",
    )


class PersonelFilterForm(forms.Form):
    fungsi = forms.ChoiceField(
        label="Fungsi", choices=[("", "Semua fungsi"), *Personel.Fungsi.choices], required=False
    )
    q = forms.CharField(
        label="Cari",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="Nama, jabatan, email, NIK, atau nomor MET.",
    )


class PersonelForm(forms.ModelForm):
    akun_email = forms.EmailField(
        label="Email akun portal (opsional)",
        required=False,
        help_text="Hubungkan personel dengan akun portalnya. Kosongkan bila tidak memiliki akun.",
    )

    class Meta:
        model = Personel
        fields = ["nama", "fungsi", "jabatan", "nik", "telepon", "email", "aktif_dari", "aktif_sampai"]
        widgets = {
            "aktif_dari": DATE_WIDGET,
            "aktif_sampai": DATE_WIDGET,
            "telepon": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "nik": "Opsional. NIK KTP atau nomor identitas lain; tampil tersamar di daftar.",
            "email": "Alamat untuk pengingat masa berlaku. Bila kosong, dipakai email akunnya.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.user_id and not self.is_bound:
            self.fields["akun_email"].initial = self.instance.user.email
        self.order_fields(["nama", "fungsi", "jabatan", "akun_email"])

    def clean_akun_email(self):
        email = (self.cleaned_data.get("akun_email") or "").strip()
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Tidak ada akun aktif dengan email ini.")
        if Personel.objects.filter(user=user).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(USER_TAKEN)
        return user

    def clean_nik(self):
        nik = self.cleaned_data["nik"].strip()
        if taken_ignoring_case(Personel(pk=self.instance.pk, nik=nik), "nik"):
            raise forms.ValidationError(NIK_TAKEN)
        return nik

    def clean(self):
        data = super().clean()
        start, end = data.get("aktif_dari"), data.get("aktif_sampai")
        if start and end and end < start:
            self.add_error("aktif_sampai", "Tanggal akhir aktif tidak boleh sebelum tanggal mulai aktif.")
        return data

    def _post_clean(self):
        # The service validates the model and saves; the checks above word each field.
        pass

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {name: data[name] for name in self.Meta.fields}
        kwargs["user"] = data.get("akun_email")
        return kwargs


class AsesorForm(forms.ModelForm):
    class Meta:
        model = Asesor
        fields = ["nomor_met", "met_terbit", "met_berlaku_sampai", "nomor_sk_penetapan", "skema"]
        widgets = {
            "met_terbit": DATE_WIDGET,
            "met_berlaku_sampai": DATE_WIDGET,
            "skema": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skema"].queryset = self.fields["skema"].queryset.order_by("kode")
        self.fields["skema"].help_text = "Skema yang boleh diases oleh asesor ini."

    def clean_nomor_met(self):
        nomor = self.cleaned_data["nomor_met"].strip().upper()
        if taken_ignoring_case(Asesor(pk=self.instance.pk, nomor_met=nomor), "nomor_met"):
            raise forms.ValidationError(MET_TAKEN)
        return nomor

    def clean(self):
        data = super().clean()
        issued, expiry = data.get("met_terbit"), data.get("met_berlaku_sampai")
        if issued and expiry and expiry <= issued:
            self.add_error("met_berlaku_sampai", "Tanggal berlaku sampai harus setelah tanggal terbit.")
        return data

    def _post_clean(self):
        # The service validates the model and saves; the checks above word each field.
        pass

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "nomor_met": data["nomor_met"],
            "met_terbit": data["met_terbit"],
            "met_berlaku_sampai": data["met_berlaku_sampai"],
            "nomor_sk_penetapan": data["nomor_sk_penetapan"],
            "skema": list(data["skema"]),
        }


class _DocumentForm(forms.ModelForm):
    """A document with a validity period and an optional file checked by content."""

    START, END, MESSAGE, UPLOAD = "", "", "", None
    berkas = _file_field("Berkas")
    hapus_berkas = forms.BooleanField(label="Hapus berkas saat ini", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berkas"].label = self.UPLOAD.label
        if not (self.instance and self.instance.pk and self.instance.berkas):
            del self.fields["hapus_berkas"]
            self.fields["berkas"].help_text = f"Opsional. {FILE_HELP}"

    def clean_berkas(self):
        upload = self.cleaned_data.get("berkas")
        return self.UPLOAD.check(upload) if upload else upload

    def clean(self):
        data = super().clean()
        start, end = data.get(self.START), data.get(self.END)
        if start and end and end <= start:
            self.add_error(self.END, self.MESSAGE)
        if data.get("berkas") and data.get("hapus_berkas"):
            self.add_error("hapus_berkas", "Pilih salah satu: unggah berkas baru atau hapus berkas saat ini.")
        return data

    def _post_clean(self):
        # The service runs the model's validation (uniqueness included) and saves.
        pass

    def service_kwargs(self, *, update: bool) -> dict:
        data = self.cleaned_data
        kwargs = {name: data[name] for name in self.Meta.fields}
        kwargs["berkas"] = data.get("berkas") or None
        if update:
            kwargs["hapus_berkas"] = bool(data.get("hapus_berkas"))
        return kwargs


class SertifikatForm(_DocumentForm):
    START, END = "tanggal_terbit", "berlaku_sampai"
    MESSAGE = "Tanggal berlaku sampai harus setelah tanggal terbit."
    UPLOAD = SERTIFIKAT_UPLOAD

    class Meta:
        model = SertifikatKompetensi
        fields = ["jenis", "nomor", "bidang", "penerbit", "tanggal_terbit", "berlaku_sampai"]
        widgets = {"tanggal_terbit": DATE_WIDGET, "berlaku_sampai": DATE_WIDGET}


class KontrakForm(_DocumentForm):
    START, END = "tanggal_mulai", "tanggal_selesai"
    MESSAGE = "Tanggal selesai harus setelah tanggal mulai."
    UPLOAD = KONTRAK_UPLOAD

    class Meta:
        model = KontrakPemeliharaan
        fields = [
            "nama_vendor",
            "nomor_kontrak",
            "tanggal_mulai",
            "tanggal_selesai",
            "memuat_klausul_pemeliharaan",
        ]
        widgets = {"tanggal_mulai": DATE_WIDGET, "tanggal_selesai": DATE_WIDGET}
        help_texts = {
            "memuat_klausul_pemeliharaan": (
                "Centang bila kontrak memuat ketentuan pemeliharaan sistem (SE.007 A.II.1). "
                "Tanpa ketentuan ini kontrak tidak memenuhi syarat pemeliharaan."
            )
        }


class DeklarasiForm(SignForm):
    """X-6: what the asesor declares, then the records engine's signing fields (password or
    TOTP, consent, optional drawn signature)."""

    potensi_konflik = forms.CharField(
        label="Potensi benturan kepentingan yang perlu saya sampaikan",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Tuliskan bila ada, misalnya asesi yang merupakan kerabat, peserta pelatihan Anda, atau "
            "atasan/bawahan Anda. Kosongkan bila tidak ada."
        ),
    )
    field_order = ["potensi_konflik", "secret", "consent", "gambar"]
