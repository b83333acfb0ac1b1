"""Forms of the letters register (SE-A4.5): the register's search and the SK Komite Teknis."""

from django import forms

from .models import JenisDokumen
from .surat import LETTER_KINDS, ketua_users, komite_users


class SuratFilterForm(forms.Form):
    q = forms.CharField(label="Cari nomor atau perihal", required=False, max_length=120)
    jenis = forms.ChoiceField(label="Jenis surat", required=False)
    tahun = forms.TypedChoiceField(label="Tahun terbit", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(JenisDokumen.objects.filter(kode__in=LETTER_KINDS).values_list("kode", "nama"))
        self.fields["jenis"].choices = [("", "Semua jenis")] + [
            (kode, names.get(kode, kode)) for kode in LETTER_KINDS
        ]
        self.fields["jenis"].error_messages["invalid_choice"] = "Jenis surat tidak dikenal."
        self.fields["tahun"].choices = [("", "Semua tahun")] + [(y, str(y)) for y in years]
        self.fields["tahun"].error_messages["invalid_choice"] = "Belum ada surat yang terbit pada tahun itu."


class _UserChoice:
    def label_from_instance(self, user):
        return f"{user.nama_lengkap} ({user.email})" if user.nama_lengkap else user.email


class UserMultipleChoiceField(_UserChoice, forms.ModelMultipleChoiceField):
    pass


class UserChoiceField(_UserChoice, forms.ModelChoiceField):
    pass


def ketua_field(*, label: str, help_text: str, required: str, invalid: str) -> UserChoiceField:
    """The Ketua LSP who signs a letter or approves an SOP: active Ketua role holders (the
    form sets a fresh queryset per request: ketua_users())."""
    return UserChoiceField(
        label=label,
        queryset=ketua_users(),
        empty_label="Pilih Ketua LSP",
        help_text=help_text,
        error_messages={"required": required, "invalid_choice": invalid},
    )


def ketua_initial(user) -> dict:
    """The signer offered first: the Ketua himself when he fills the form, else the only
    Ketua if there is one."""
    ketua = list(ketua_users())
    if user in ketua:
        return {"penandatangan": user}
    return {"penandatangan": ketua[0]} if len(ketua) == 1 else {}


NOT_KOMITE = "Pengguna yang dipilih bukan pemegang peran Komite Teknis."


class SKKomiteTeknisForm(forms.Form):
    """SK Komite Teknis: members (Komite Teknis role holders, one of them chairs), the
    period, the considerations and the signing Ketua."""

    anggota = UserMultipleChoiceField(
        label="Anggota komite teknis",
        queryset=komite_users(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Hanya pengguna dengan peran Komite Teknis yang dapat dipilih.",
        error_messages={
            "required": "Pilih sekurang-kurangnya satu anggota komite teknis.",
            "invalid_choice": NOT_KOMITE,
            "invalid_pk_value": NOT_KOMITE,
        },
    )
    ketua_komite = UserChoiceField(
        label="Ketua komite teknis",
        queryset=komite_users(),
        empty_label="Pilih ketua komite",
        help_text="Salah satu anggota yang dicentang; anggota lainnya menjabat Anggota.",
        error_messages={
            "required": "Pilih ketua komite teknis dari anggota yang dicentang.",
            "invalid_choice": NOT_KOMITE,
        },
    )
    periode_mulai = forms.DateField(
        label="Periode mulai",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Tanggal mulai periode wajib diisi.", "invalid": "Tanggal tidak valid."},
    )
    periode_selesai = forms.DateField(
        label="Periode berakhir",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Tanggal akhir periode wajib diisi.", "invalid": "Tanggal tidak valid."},
    )
    menimbang = forms.CharField(
        label="Menimbang",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="Satu pertimbangan per baris; huruf a., b., c. ditambahkan otomatis pada SK.",
        error_messages={"required": "Isi sekurang-kurangnya satu pertimbangan (menimbang)."},
    )
    penandatangan = ketua_field(
        label="Ditandatangani oleh",
        help_text="Pemegang peran Ketua LSP; SK menunggu tanda tangannya setelah diterbitkan.",
        required="Pilih Ketua LSP yang menandatangani SK.",
        invalid="Penandatangan harus pemegang peran Ketua LSP.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fresh querysets per form: role membership may change between requests.
        self.fields["anggota"].queryset = komite_users()
        self.fields["ketua_komite"].queryset = komite_users()
        self.fields["penandatangan"].queryset = ketua_users()

    def clean(self):
        data = super().clean()
        anggota, ketua = data.get("anggota"), data.get("ketua_komite")
        if anggota is not None and ketua is not None and ketua not in anggota:
            self.add_error("ketua_komite", "Ketua komite harus salah satu anggota yang dicentang.")
        mulai, selesai = data.get("periode_mulai"), data.get("periode_selesai")
        if mulai and selesai and selesai <= mulai:
            self.add_error("periode_selesai", "Tanggal akhir periode harus sesudah tanggal mulai.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "anggota": [
                (user, "ketua" if user == data["ketua_komite"] else "anggota") for user in data["anggota"]
            ],
            "periode_mulai": data["periode_mulai"],
            "periode_selesai": data["periode_selesai"],
            "menimbang": data["menimbang"],
            "penandatangan": data["penandatangan"],
        }
