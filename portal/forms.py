"""Forms of the portal's staff pages: validation and Indonesian messages only; the services
in portal/services.py save."""

from django import forms

from lsp_portal.text import HELP as TEXT_HELP

from .models import Berita, HalamanPublik, Lisensi, ProfilLSP, today_in_jakarta
from .services import SK_UPLOAD, STRUKTUR_UPLOAD

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProfilForm(forms.ModelForm):
    struktur_organisasi = forms.FileField(
        label="Bagan struktur organisasi",
        required=False,
        # A plain file input: the "currently" link of ClearableFileInput would need a
        # public URL, and no file of the LSP has one.
        widget=forms.FileInput(attrs={"accept": STRUKTUR_UPLOAD.accept}),
        help_text=f"{STRUKTUR_UPLOAD.help_text} Kosongkan untuk mempertahankan bagan saat ini.",
    )
    hapus_struktur_organisasi = forms.BooleanField(label="Hapus bagan saat ini", required=False)
    situs = forms.URLField(
        label="Situs web",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Alamat lengkap, misalnya https://lsp-contoh.or.id",
    )

    class Meta:
        model = ProfilLSP
        fields = ["nama", "singkatan", "alamat", "kota", "telepon", "email", "situs", "visi", "misi"]
        widgets = {
            "alamat": forms.Textarea(attrs={"rows": 3}),
            "visi": forms.Textarea(attrs={"rows": 3}),
            "misi": forms.Textarea(attrs={"rows": 6}),
            "telepon": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {"misi": TEXT_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance and self.instance.struktur_organisasi):
            del self.fields["hapus_struktur_organisasi"]

    def clean_struktur_organisasi(self):
        upload = self.cleaned_data.get("struktur_organisasi")
        return STRUKTUR_UPLOAD.check(upload) if upload else upload

    def clean(self):
        data = super().clean()
        if data.get("struktur_organisasi") and data.get("hapus_struktur_organisasi"):
            self.add_error(
                "hapus_struktur_organisasi", "Pilih salah satu: unggah bagan baru atau hapus bagan saat ini."
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "data": {name: data[name] for name in self.Meta.fields},
            "struktur_organisasi": data.get("struktur_organisasi") or None,
            "hapus_struktur_organisasi": bool(data.get("hapus_struktur_organisasi")),
        }


class LisensiForm(forms.ModelForm):
    berkas_sk = forms.FileField(
        label="Berkas SK lisensi (PDF)",
        required=False,
        widget=forms.FileInput(attrs={"accept": SK_UPLOAD.accept}),
        help_text=f"Opsional. {SK_UPLOAD.help_text} Kosongkan untuk mempertahankan berkas saat ini.",
    )
    hapus_berkas_sk = forms.BooleanField(label="Hapus berkas SK saat ini", required=False)

    class Meta:
        model = Lisensi
        fields = ["nomor_sk", "tanggal_terbit", "tanggal_kedaluwarsa"]
        widgets = {"tanggal_terbit": DATE_WIDGET, "tanggal_kedaluwarsa": DATE_WIDGET}
        help_texts = {"nomor_sk": "Nomor SK lisensi dari BNSP, persis seperti tertulis pada SK."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance and self.instance.berkas_sk):
            del self.fields["hapus_berkas_sk"]

    def clean_tanggal_terbit(self):
        day = self.cleaned_data["tanggal_terbit"]
        if day > today_in_jakarta():
            raise forms.ValidationError("Tanggal terbit tidak boleh setelah hari ini.")
        return day

    def clean_berkas_sk(self):
        upload = self.cleaned_data.get("berkas_sk")
        return SK_UPLOAD.check(upload) if upload else upload

    def clean(self):
        data = super().clean()
        if data.get("berkas_sk") and data.get("hapus_berkas_sk"):
            self.add_error(
                "hapus_berkas_sk", "Pilih salah satu: unggah berkas baru atau hapus berkas saat ini."
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "data": {name: data[name] for name in self.Meta.fields},
            "berkas_sk": data.get("berkas_sk") or None,
            "hapus_berkas_sk": bool(data.get("hapus_berkas_sk")),
        }


class BeritaForm(forms.ModelForm):
    class Meta:
        model = Berita
        fields = ["judul", "slug", "ringkasan", "isi"]
        widgets = {
            "ringkasan": forms.Textarea(attrs={"rows": 3}),
            "isi": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "slug": (
                "Bagian alamat halaman: huruf kecil, angka, dan tanda hubung. "
                "Kosongkan agar dibuat dari judul."
            ),
            "ringkasan": "Tampil di daftar berita dan di hasil mesin pencari (maksimal 300 karakter).",
            "isi": "Teks biasa; HTML tidak dijalankan. Pisahkan paragraf dengan baris kosong.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class HalamanForm(forms.ModelForm):
    class Meta:
        model = HalamanPublik
        fields = ["judul", "meta_deskripsi", "isi"]
        widgets = {
            "meta_deskripsi": forms.Textarea(attrs={"rows": 2, "maxlength": 160}),
            "isi": forms.Textarea(attrs={"rows": 24}),
        }
        help_texts = {
            "meta_deskripsi": (
                "Ringkasan satu-dua kalimat yang tampil di hasil mesin pencari (maksimal 160 karakter)."
            ),
            "isi": TEXT_HELP,
        }

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
