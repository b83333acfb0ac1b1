"""TUK forms: validation and Indonesian messages only; services save and move status."""

from django import forms
from django.utils import timezone

from akun.models import Role, User

from .models import DATE_FUTURE_MESSAGE, DATE_REQUIRED_MESSAGE, JUMLAH_MESSAGE, Fasilitas, Tuk
from .services import normalize_phone

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PengelolaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nama_lengkap} ({obj.email})"


class TukForm(forms.ModelForm):
    """Register or edit a TUK's data and readiness (staff with manage_tuk)."""

    pengelola = PengelolaChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Akun Pengelola TUK",
        empty_label="(tidak ada)",
        help_text="Akun berperan Pengelola TUK yang boleh memperbarui kesiapan dan fasilitas TUK ini.",
    )

    class Meta:
        model = Tuk
        fields = list(Tuk.EDITABLE_FIELDS)
        widgets = {
            "alamat": forms.Textarea(attrs={"rows": 3}),
            "catatan_kesiapan": forms.Textarea(attrs={"rows": 3}),
            "penanggung_jawab_telepon": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "kode_pos": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = User.objects.filter(groups__role__code=Role.Code.PENGELOLA_TUK, is_active=True)
        if self.instance.pengelola_id:  # keep the current link selectable even if the role changed
            accounts = accounts | User.objects.filter(pk=self.instance.pengelola_id)
        self.fields["pengelola"].queryset = accounts.distinct().order_by("nama_lengkap", "email")
        for name in ("latitude", "longitude", "bandwidth_mbps"):
            self.fields[name].widget.attrs.update(step="any", inputmode="decimal")
        self.fields["bandwidth_mbps"].widget.attrs["min"] = 0

    def clean_kode(self):
        return self.cleaned_data["kode"].strip()

    def clean_penanggung_jawab_telepon(self):
        return normalize_phone(self.cleaned_data["penanggung_jawab_telepon"])


class KesiapanForm(forms.ModelForm):
    """Remote readiness only: what a Pengelola TUK may update on their own TUK."""

    class Meta:
        model = Tuk
        fields = list(Tuk.KESIAPAN_FIELDS)
        widgets = {"catatan_kesiapan": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bandwidth_mbps"].widget.attrs.update(step="any", inputmode="decimal", min=0)


class FasilitasForm(forms.ModelForm):
    jumlah = forms.IntegerField(
        label="Jumlah", min_value=1, max_value=100000, error_messages={"min_value": JUMLAH_MESSAGE}
    )

    class Meta:
        model = Fasilitas
        fields = ["nama", "jumlah", "kondisi", "keterangan"]


class StatusForm(forms.Form):
    """Choose the next status (only the moves the table allows) and, for Terverifikasi,
    the last day of validity."""

    status = forms.ChoiceField(label="Status baru")
    berlaku_sampai = forms.DateField(
        label="Berlaku sampai",
        required=False,
        widget=DATE,
        help_text="Wajib untuk status Terverifikasi; harus setelah hari ini.",
    )
    catatan = forms.CharField(
        label="Catatan",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Misalnya dasar perubahan: nomor berita acara verifikasi.",
    )

    LABELS = {
        Tuk.Status.DRAFT: "Draf (kembalikan untuk dilengkapi)",
        Tuk.Status.TERVERIFIKASI: "Terverifikasi",
        Tuk.Status.KEDALUWARSA: "Kedaluwarsa (cabut sebelum tanggalnya)",
    }

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Renewal first, and no preselected move: a slip must not send a TUK back to draft.
        S = Tuk.Status
        ordered = [s for s in (S.TERVERIFIKASI, S.KEDALUWARSA, S.DRAFT) if s in targets]
        self.fields["status"].choices = [("", "Pilih status baru"), *((s, self.LABELS[s]) for s in ordered)]

    def clean(self):
        data = super().clean()
        if data.get("status") == Tuk.Status.TERVERIFIKASI:
            until = data.get("berlaku_sampai")
            if until is None and "berlaku_sampai" not in self.errors:
                self.add_error("berlaku_sampai", DATE_REQUIRED_MESSAGE)
            elif until is not None and until <= timezone.localdate():
                self.add_error("berlaku_sampai", DATE_FUTURE_MESSAGE)
        return data


class TukFilterForm(forms.Form):
    q = forms.CharField(label="Cari nama, kota, atau kode", required=False, max_length=100)
    jenis = forms.ChoiceField(
        label="Jenis", required=False, choices=[("", "Semua jenis"), *Tuk.Jenis.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *Tuk.Status.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
