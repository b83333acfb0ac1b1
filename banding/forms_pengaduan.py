"""Forms of complaints (X-5): the public filing form, the staff's notes and response, and the
period of the counts on the banding home page. They validate and word the Indonesian error;
the services save."""

import datetime as dt

from django import forms

from .models import Pengaduan
from .services_pengaduan import MAX_JAWABAN, MAX_URAIAN, lampiran_rule


class PengaduanForm(forms.Form):
    nama_pelapor = forms.CharField(
        label="Nama Anda",
        max_length=150,
        error_messages={"required": "Tuliskan nama Anda."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="Kami mengirim tautan konfirmasi ke alamat ini; pengaduan diproses setelah dikonfirmasi.",
        error_messages={
            "required": "Tuliskan alamat email Anda.",
            "invalid": "Alamat email tidak valid. Contoh: nama@contoh.id",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telepon = forms.CharField(
        label="Nomor telepon (tidak wajib)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    subjek = forms.ChoiceField(
        label="Yang diadukan",
        choices=Pengaduan.Subjek.choices,
        error_messages={"required": "Pilih hal yang diadukan.", "invalid_choice": "Pilih hal yang diadukan."},
    )
    rujukan = forms.CharField(
        label="Rujukan (tidak wajib)",
        max_length=200,
        required=False,
        help_text="Misalnya nomor sertifikat, nama asesor, atau nama TUK.",
    )
    uraian = forms.CharField(
        label="Uraian pengaduan",
        max_length=MAX_URAIAN,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Tuliskan uraian pengaduan Anda.",
            "max_length": f"Uraian pengaduan paling panjang {MAX_URAIAN} karakter.",
        },
    )
    lampiran = forms.FileField(label="Lampiran (tidak wajib)", required=False)
    # A field people never see (hidden by CSS): a bot that fills it is turned away quietly.
    situs_web = forms.CharField(label="Jangan diisi", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule = lampiran_rule()
        self.fields["lampiran"].help_text = rule.help_text
        self.fields["lampiran"].widget.attrs["accept"] = rule.accept
        self.fields["situs_web"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_uraian(self):
        uraian = self.cleaned_data["uraian"].strip()
        if not uraian:
            raise forms.ValidationError("Tuliskan uraian pengaduan Anda.")
        return uraian

    def clean_lampiran(self):
        upload = self.cleaned_data.get("lampiran")
        if upload:
            lampiran_rule().check(upload, field=None)
        return upload

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("situs_web"))


class CatatanForm(forms.Form):
    catatan = forms.CharField(
        label="Catatan tindak lanjut (internal)",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tuliskan catatan tindak lanjut."},
    )


class JawabanForm(forms.Form):
    jawaban = forms.CharField(
        label="Jawaban untuk pelapor",
        max_length=MAX_JAWABAN,
        help_text="Jawaban ini dikirim ke email pelapor.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Tuliskan jawaban untuk pelapor.",
            "max_length": f"Jawaban paling panjang {MAX_JAWABAN} karakter.",
        },
    )


class TerkaitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nama_lengkap} ({obj.email})"


class TerkaitForm(forms.Form):
    """The person the complaint is about (X-5), optional: an active user. They will not see
    or handle it, nor be told of it."""

    terkait = TerkaitField(
        label="Orang yang diadukan (tidak wajib)",
        queryset=None,
        required=False,
        empty_label="Tidak ada / belum diketahui",
        help_text=(
            "Pilih pengguna yang diadukan, misalnya asesor yang disebut pelapor. Orang ini tidak "
            "dapat melihat, menangani, atau menerima pemberitahuan tentang pengaduan ini."
        ),
        error_messages={"invalid_choice": "Pilih pengguna yang masih aktif."},
    )

    def __init__(self, *args, **kwargs):
        from akun.models import User

        super().__init__(*args, **kwargs)
        self.fields["terkait"].queryset = User.objects.filter(is_active=True).order_by(
            "nama_lengkap", "email"
        )


class PeriodeForm(forms.Form):
    dari = forms.DateField(
        label="Dari tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Tanggal tidak valid."},
    )
    sampai = forms.DateField(
        label="Sampai tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Tanggal tidak valid."},
    )

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """The chosen period; by default the year so far."""
        data = self.cleaned_data if self.is_valid() else {}
        sampai = data.get("sampai") or today
        dari = data.get("dari") or sampai.replace(month=1, day=1)
        if dari > sampai:
            dari, sampai = sampai, dari
        return dari, sampai


class PengaduanFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Semua")]
        + [c for c in Pengaduan.Status.choices if c[0] != "menunggu_verifikasi_email"],
    )
