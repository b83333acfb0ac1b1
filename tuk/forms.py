"""TUK forms: validation and Indonesian messages only; services save and move status."""

from django import forms

from akun.models import Role, User

from .models import JUMLAH_MESSAGE, Fasilitas, Tuk
from .permissions import MANUAL_STATUS_REFUSED
from .services import normalize_phone


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


class ManualStatusField(forms.ChoiceField):
    """The status choice of the withdrawal page: Terverifikasi is refused with a message that
    points to the TUK verification (not the generic "not a valid choice")."""

    def validate(self, value):
        if value == Tuk.Status.TERVERIFIKASI:
            raise forms.ValidationError(MANUAL_STATUS_REFUSED, code="verified_by_workflow")
        super().validate(value)


class StatusForm(forms.Form):
    """Withdraw a TUK by hand: Kedaluwarsa (dicabut before its date) or Draf, with the reason.
    Verifying is not offered: it is the TUK verification's (verifikasi_tuk)."""

    status = ManualStatusField(label="Status baru")
    catatan = forms.CharField(
        label="Alasan",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib: dasar pencabutan, misalnya nomor berita acara atau surat.",
        error_messages={"required": "Alasan pencabutan wajib diisi."},
    )

    LABELS = {
        Tuk.Status.KEDALUWARSA: "Kedaluwarsa (cabut sebelum tanggalnya)",
        Tuk.Status.DRAFT: "Draf (kembalikan untuk dilengkapi)",
    }

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        # No preselected move: a slip must not withdraw a TUK.
        ordered = [s for s in self.LABELS if s in targets]
        self.fields["status"].choices = [("", "Pilih status baru"), *((s, self.LABELS[s]) for s in ordered)]

    @property
    def has_targets(self) -> bool:
        return len(self.fields["status"].choices) > 1


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


class PublicSearchForm(forms.Form):
    """The public TUK list's search (name or city)."""

    q = forms.CharField(label="Cari nama TUK atau kota", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
