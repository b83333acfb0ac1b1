"""Forms of the SOP repository (administrasi.sop): the draft, its submission, its return."""

from django import forms

from lsp_portal.text import HELP as TEXT_HELP

from .forms_surat import ketua_field
from .models import Sop
from .sop import MAX_CATATAN, MAX_ISI
from .surat import ketua_users


class SopForm(forms.Form):
    nomor = forms.CharField(
        label="Nomor dokumen SOP",
        max_length=60,
        help_text="Tetap sama antarversi, misalnya SOP-SJJ-04.",
        error_messages={"required": "Nomor dokumen wajib diisi."},
    )
    judul = forms.CharField(label="Judul", max_length=200, error_messages={"required": "Judul wajib diisi."})
    acuan = forms.CharField(
        label="Acuan",
        max_length=300,
        required=False,
        help_text=(
            "Standar yang diacu (SE-A1.K), bawaan SKKNI Nomor 333 Tahun 2020. "
            "SOP tanpa acuan tidak dapat diajukan."
        ),
    )
    isi = forms.CharField(
        label="Isi SOP",
        max_length=MAX_ISI,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=TEXT_HELP,
        error_messages={"required": "Isi SOP wajib diisi."},
    )
    catatan_perubahan = forms.CharField(
        label="Catatan perubahan",
        max_length=MAX_CATATAN,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Apa yang berubah dari versi sebelumnya; wajib untuk versi kedua dan seterusnya.",
    )

    @classmethod
    def for_sop(cls, sop: Sop, data=None):
        fields = ("nomor", "judul", "acuan", "isi", "catatan_perubahan")
        return cls(data, initial={name: getattr(sop, name) for name in fields})


class SopSubmitForm(forms.Form):
    berlaku_mulai = forms.DateField(
        label="Tanggal berlaku",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Hari ini atau sesudahnya. SOP berlaku pada tanggal ini setelah disahkan Ketua; "
        "bila disahkan sesudahnya, berlaku sejak disahkan.",
        error_messages={"required": "Isi tanggal berlaku.", "invalid": "Tanggal tidak valid."},
    )
    penandatangan = ketua_field(
        label="Disahkan oleh",
        help_text="Pemegang peran Ketua LSP; SOP menunggu tanda tangannya.",
        required="Pilih Ketua LSP yang mengesahkan SOP.",
        invalid="Pengesah harus pemegang peran Ketua LSP.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penandatangan"].queryset = ketua_users()


class SopWithdrawForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan dikembalikan",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Disimpan dalam riwayat SOP; dokumen yang menunggu tanda tangan dibatalkan.",
        error_messages={"required": "Tulis alasan SOP dikembalikan."},
    )
