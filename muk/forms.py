"""Scheme forms: validation and Indonesian messages only; services save."""

from django import forms
from django.core.exceptions import ValidationError

from administrasi.forms import SignForm
from lsp_portal.errors import add_to_form

from . import importer
from .models import (
    BUTIR_SPEC,
    MAX_WAKTU_MENIT,
    OPSI_HURUF,
    PRINSIP,
    REQUIRED,
    JenisBukti,
    JenisIA,
    Mapa01,
    Metode,
    MukVersi,
    PersyaratanDasar,
    PotensiAsesi,
    Skema,
    unit_code_validator,
    validate_butir,
)


class SkemaForm(forms.ModelForm):
    class Meta:
        model = Skema
        fields = list(Skema.EDITABLE_FIELDS)
        widgets = {
            "tanggal_surat_bnsp": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "metode_default": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The field's own min (0, from PositiveSmallIntegerField) would override a widget attr.
        self.fields["masa_berlaku_tahun"].widget.attrs.update(min=1, max=10)

    def clean_kode(self):
        return self.cleaned_data["kode"].strip()


class StructureImportForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas lembar KUK (.xlsx)",
        help_text="Maksimal 5 MB dan 5.000 baris. Hanya lembar pertama yang dibaca.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > importer.MAX_BYTES:
            raise forms.ValidationError(importer.TOO_BIG)
        return berkas


# --- units, elements and KUK (the structure editor) -------------------------------------------


def _required(field: forms.Field, message: str) -> forms.Field:
    field.error_messages["required"] = message
    return field


class UnitForm(forms.Form):
    kode = _required(
        forms.CharField(
            label="Kode unit",
            max_length=40,
            help_text="Misalnya J.620100.004.02 atau M.74SPS03.088.2, seperti tertulis di SKKNI.",
        ),
        "Kode unit wajib diisi.",
    )
    judul = _required(forms.CharField(label="Judul unit", max_length=255), "Judul unit wajib diisi.")
    kelompok = forms.CharField(
        label="Kelompok pekerjaan",
        max_length=120,
        required=False,
        help_text="Boleh kosong, misalnya Kelompok 1: Dasar pemrograman.",
    )

    def clean_kode(self):
        kode = self.cleaned_data["kode"].strip().upper()
        unit_code_validator(kode)
        return kode

    def __init__(self, *args, unit=None, **kwargs):
        if unit is not None:
            kwargs.setdefault("initial", {"kode": unit.kode, "judul": unit.judul, "kelompok": unit.kelompok})
        super().__init__(*args, **kwargs)


class ElemenForm(forms.Form):
    judul = _required(
        forms.CharField(label="Judul elemen", max_length=500, widget=forms.Textarea(attrs={"rows": 2})),
        "Judul elemen wajib diisi.",
    )


class KukForm(forms.Form):
    teks = _required(
        forms.CharField(
            label="Kriteria unjuk kerja",
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Satu kalimat kriteria, seperti tertulis di SKKNI.",
        ),
        "Kalimat kriteria unjuk kerja wajib diisi.",
    )


class PindahForm(forms.Form):
    """Move a unit, element or KUK one place up or down (the buttons' name and value)."""

    arah = forms.ChoiceField(choices=[("naik", "Naik"), ("turun", "Turun")])


MAX_LINE = 1000


class PersyaratanForm(forms.Form):
    """One textarea per kind of requirement, one requirement per line."""

    HELP = {
        PersyaratanDasar.Jenis.PENDIDIKAN: "Misalnya: SMK kelas XII jurusan RPL/TKJ.",
        PersyaratanDasar.Jenis.PELATIHAN: "Misalnya: sertifikat pelatihan pemrograman web.",
        PersyaratanDasar.Jenis.PENGALAMAN: "Misalnya: minimal 1 tahun bekerja sebagai web developer.",
        PersyaratanDasar.Jenis.ADMINISTRATIF: "Misalnya: KTP, pas foto 3x4, CV.",
    }

    def __init__(self, *args, skema=None, **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(skema.persyaratan.all()) if skema is not None else []
        for value, label in PersyaratanDasar.Jenis.choices:
            self.fields[value] = forms.CharField(
                label=f"{label} (satu persyaratan per baris)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=self.HELP[value],
                initial="\n".join(r.teks for r in rows if r.jenis == value),
            )

    def _clean_lines(self, value):
        lines, seen = [], set()
        for line in self.cleaned_data[value].splitlines():
            line = line.strip()
            if not line:
                continue
            if len(line) > MAX_LINE:
                raise forms.ValidationError(f"Satu persyaratan paling panjang {MAX_LINE} karakter.")
            if line in seen:
                raise forms.ValidationError(f'Persyaratan "{line}" tertulis dua kali.')
            seen.add(line)
            lines.append(line)
        return lines

    def clean(self):
        data = super().clean()
        for value in PersyaratanDasar.Jenis.values:
            if value in data:
                try:
                    data[value] = self._clean_lines(value)
                except forms.ValidationError as e:
                    self.add_error(value, e)
        return data

    def items(self) -> list[tuple[str, str]]:
        return [(value, line) for value in PersyaratanDasar.Jenis.values for line in self.cleaned_data[value]]


# --- MUK versions: MAPA, instruments, items, validation, choosing a version ----------------------

TEXTAREA = {"rows": 3}


class Mapa01Form(forms.Form):
    """FR.MAPA.01 for one unit: approach, context, candidate and, per method, the kind of
    evidence it yields (or "not used")."""

    pendekatan = forms.ChoiceField(
        label="Pendekatan asesmen", choices=[("", "— pilih —"), *Mapa01.Pendekatan.choices]
    )
    tujuan = forms.ChoiceField(label="Tujuan asesmen", choices=Mapa01.Tujuan.choices)
    lingkungan = forms.ChoiceField(
        label="Konteks: lingkungan asesmen", choices=[("", "— pilih —"), *Mapa01.Lingkungan.choices]
    )
    konteks = forms.CharField(
        label="Konteks asesmen",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Peluang mengumpulkan bukti, hubungan standar dengan aktivitas kerja, siapa yang mengases.",
    )
    potensi_asesi = forms.TypedChoiceField(
        label="Potensi asesi", coerce=int, choices=[("", "— pilih —"), *PotensiAsesi.choices]
    )
    kandidat = forms.CharField(
        label="Karakteristik kandidat (siapa asesinya)",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Misalnya siswa SMK kelas XII RPL; sebutkan kebutuhan khusus bila ada.",
    )
    bukti = forms.CharField(
        label="Bukti yang dikumpulkan",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Misalnya hasil demonstrasi, jawaban tertulis, sertifikat pelatihan.",
    )
    tolok_ukur = forms.CharField(
        label="Tolok ukur",
        required=False,
        max_length=255,
        help_text="Misalnya standar kompetensi SKKNI No. 282 Tahun 2016.",
    )

    BUKTI_CHOICES = [("", "Tidak dipakai"), *JenisBukti.choices]

    def __init__(self, *args, instance: Mapa01 | None = None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if instance is not None and instance.pk:
            initial.update({name: getattr(instance, name) for name in self.base_fields})
            for row in instance.metode.all():
                initial[f"metode_{row.metode}"] = row.jenis_bukti
        super().__init__(*args, initial=initial, **kwargs)
        for value, label in Metode.choices:
            self.fields[f"metode_{value}"] = forms.ChoiceField(
                label=f"{label}: jenis bukti", choices=self.BUKTI_CHOICES, required=False
            )
        for name in ("pendekatan", "lingkungan", "potensi_asesi", "konteks", "kandidat", "bukti"):
            self.fields[name].error_messages["required"] = f"{self.fields[name].label} wajib diisi."

    def metode(self) -> dict:
        return {
            value: self.cleaned_data[f"metode_{value}"]
            for value in Metode.values
            if self.cleaned_data.get(f"metode_{value}")
        }

    def clean(self):
        data = super().clean()
        if not any(data.get(f"metode_{v}") for v in Metode.values):
            raise forms.ValidationError(
                "Pilih sekurang-kurangnya satu metode asesmen beserta jenis buktinya."
            )
        return data

    def data_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.base_fields}


class Mapa02Form(forms.Form):
    """FR.MAPA.02 for one unit: per FR.IA instrument, the candidate potentials it is used for."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        chosen: dict = {}
        for jenis, potensi in rows:
            chosen.setdefault(jenis, []).append(str(potensi))
        for value, label in JenisIA.choices:
            self.fields[value] = forms.MultipleChoiceField(
                label=label,
                choices=[(str(p), f"Potensi {p}") for p in PotensiAsesi.values],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=chosen.get(value, []),
            )

    def cells(self) -> set:
        return {(jenis, int(p)) for jenis in JenisIA.values for p in self.cleaned_data.get(jenis, [])}

    def clean(self):
        data = super().clean()
        if not self.cells():
            raise forms.ValidationError("Pilih sekurang-kurangnya satu instrumen untuk satu potensi asesi.")
        return data


class InstrumenForm(forms.Form):
    jenis = forms.ChoiceField(label="Jenis instrumen", choices=[("", "— pilih —"), *JenisIA.choices])
    judul = forms.CharField(
        label="Judul", max_length=200, help_text="Misalnya: Ceklis observasi demonstrasi unit ini."
    )
    petunjuk = forms.CharField(
        label="Petunjuk",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Petunjuk bagi asesor/asesi.",
    )
    waktu_menit = forms.IntegerField(
        label="Waktu pengerjaan (menit)",
        required=False,
        min_value=1,
        max_value=MAX_WAKTU_MENIT,
        help_text="Wajib untuk pertanyaan tertulis FR.IA.05/FR.IA.06 yang dikerjakan daring (server "
        "menghitung waktunya; tambahan waktu FR.AK.07 ditambahkan). Diabaikan untuk jenis lain.",
        error_messages={
            "invalid": "Waktu pengerjaan harus berupa bilangan bulat menit.",
            "min_value": "Waktu pengerjaan paling sedikit 1 menit.",
            "max_value": f"Waktu pengerjaan paling lama {MAX_WAKTU_MENIT} menit.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].error_messages["required"] = "Pilih jenis instrumen FR.IA.01–FR.IA.11."
        self.fields["judul"].error_messages["required"] = "Judul instrumen wajib diisi."


class KukChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        teks = obj.teks if len(obj.teks) <= 90 else obj.teks[:87] + "…"
        return f"{obj.nomor} {teks}"


class ButirForm(forms.Form):
    """One item of an instrument; its fields are those of the instrument's kind (BUTIR_SPEC).
    Every rule (required fields, KUK of the unit, options and exactly one key) is checked by
    models.validate_butir, the same check the service runs."""

    def __init__(self, *args, instrumen, kuk_queryset, butir=None, **kwargs):
        self.instrumen = instrumen
        spec = self.spec = BUTIR_SPEC[instrumen.jenis]
        initial = kwargs.pop("initial", {}) or {}
        if butir is not None:
            initial.update(
                teks=butir.teks, kuk=butir.kuk_id, jawaban=butir.jawaban, waktu_menit=butir.waktu_menit
            )
            opsi = list(butir.opsi.all())
            initial.update({f"opsi_{o.huruf}": o.teks for o in opsi})
            initial["kunci"] = [o.huruf for o in opsi if o.benar]
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["teks"] = forms.CharField(
            label=spec.teks, required=False, widget=forms.Textarea(attrs=TEXTAREA)
        )
        self.fields["kuk"] = KukChoiceField(
            label="KUK yang dinilai" + ("" if spec.kuk == REQUIRED else " (opsional)"),
            queryset=kuk_queryset,
            required=False,
            empty_label="— pilih KUK —" if spec.kuk == REQUIRED else "— tidak terkait KUK tertentu —",
            error_messages={"invalid_choice": "Pilih KUK dari unit ini."},
        )
        if spec.jawaban:
            self.fields["jawaban"] = forms.CharField(
                label=spec.jawaban + ("" if spec.jawaban_wajib else " (opsional)"),
                required=False,
                widget=forms.Textarea(attrs=TEXTAREA),
            )
        if spec.waktu:
            self.fields["waktu_menit"] = forms.IntegerField(
                label="Waktu pengerjaan (menit)",
                required=False,
                min_value=1,
                max_value=MAX_WAKTU_MENIT,
                error_messages={
                    "invalid": "Waktu pengerjaan harus berupa bilangan bulat menit.",
                    "min_value": "Waktu pengerjaan paling sedikit 1 menit.",
                    "max_value": f"Waktu pengerjaan paling lama {MAX_WAKTU_MENIT} menit.",
                },
            )
        if spec.opsi:
            for huruf in OPSI_HURUF:
                self.fields[f"opsi_{huruf}"] = forms.CharField(
                    label=f"Opsi {huruf}", required=False, max_length=500
                )
            self.fields["kunci"] = forms.MultipleChoiceField(
                label="Kunci jawaban (pilih tepat satu)",
                choices=[(h, f"Opsi {h}") for h in OPSI_HURUF],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text="Kunci jawaban tidak pernah ditampilkan kepada asesi.",
            )

    def _opsi(self, data) -> list:
        if not self.spec.opsi:
            return []
        kunci = set(data.get("kunci") or [])
        return [(h, data.get(f"opsi_{h}", ""), h in kunci) for h in OPSI_HURUF]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.clean_values = validate_butir(
                jenis=self.instrumen.jenis,
                unit=self.instrumen.unit,
                teks=data.get("teks", ""),
                kuk=data.get("kuk"),
                jawaban=data.get("jawaban", ""),
                waktu_menit=data.get("waktu_menit"),
                opsi=self._opsi(data),
            )
        except ValidationError as e:
            add_to_form(self, e)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "teks": data.get("teks", ""),
            "kuk": data.get("kuk"),
            "jawaban": data.get("jawaban", ""),
            "waktu_menit": data.get("waktu_menit"),
            "opsi": self._opsi(data),
        }


class ValidasiForm(SignForm):
    """FR.VA findings (the four principles of assessment, notes, findings, recommendation)
    and the validator's signature (administrasi's signing form: password/TOTP + consent)."""

    HASIL_CHOICES = [("", "— pilih —"), ("ya", "Memenuhi"), ("tidak", "Belum memenuhi")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for key, label in PRINSIP:
            fields[key] = forms.ChoiceField(
                label=f"Prinsip {label}",
                choices=self.HASIL_CHOICES,
                error_messages={"required": f"Pilih hasil untuk prinsip {label}."},
            )
            fields[f"{key}_catatan"] = forms.CharField(
                label=f"Catatan prinsip {label} (opsional)", required=False
            )
        fields["temuan"] = forms.CharField(
            label="Temuan",
            widget=forms.Textarea(attrs=TEXTAREA),
            error_messages={"required": "Temuan wajib diisi."},
        )
        fields["rekomendasi"] = forms.CharField(
            label="Rekomendasi",
            widget=forms.Textarea(attrs=TEXTAREA),
            error_messages={"required": "Rekomendasi wajib diisi."},
        )
        fields.update(self.fields)  # findings first, then the signature
        self.fields = fields
        self.fields["secret"].error_messages["required"] = "Masukkan kata sandi atau kode autentikator Anda."

    def temuan(self) -> dict:
        keys = [k for k, _ in PRINSIP] + [f"{k}_catatan" for k, _ in PRINSIP] + ["temuan", "rekomendasi"]
        return {
            k: self.cleaned_data[k].strip() if isinstance(self.cleaned_data[k], str) else self.cleaned_data[k]
            for k in keys
        }


class KembalikanForm(forms.Form):
    catatan = forms.CharField(
        label="Catatan perbaikan untuk penyusun",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tuliskan catatan perbaikan untuk penyusun."},
    )


class MukVersiField(forms.ModelChoiceField):
    """A validated MUK version (SE-A4.6). Posting the id of a draft, a version under review
    or a superseded version is refused with the reason in Indonesian."""

    def __init__(self, *, skema=None, **kwargs):
        queryset = MukVersi.objects.filter(status=MukVersi.Status.TERVALIDASI).select_related("skema")
        if skema is not None:
            queryset = queryset.filter(skema=skema)
        self.skema = skema
        kwargs.setdefault("label", "MUK (versi tervalidasi)")
        kwargs.setdefault("empty_label", "— pilih MUK —")
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", "Pilih MUK tervalidasi yang dipakai dalam asesmen.")
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.skema.kode} · MUK versi {obj.nomor}"

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            other = None
            if str(value).isdigit():
                other = MukVersi.objects.select_related("skema").filter(pk=int(value)).first()
            if other is not None and self.skema is not None and other.skema_id != self.skema.pk:
                raise ValidationError(
                    "MUK ini bukan milik skema yang dipilih.", code="invalid_choice"
                ) from None
            if other is not None and other.unusable_reason():
                raise ValidationError(other.unusable_reason(), code="invalid_choice") from None
            raise ValidationError(
                "Pilih MUK tervalidasi yang ada dalam daftar.", code="invalid_choice"
            ) from None


class PilihMUKForm(forms.Form):
    """Choosing the MUK an assessment uses (for sertifikasi): only validated versions,
    optionally of one scheme (`skema=`)."""

    def __init__(self, *args, skema=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["muk"] = MukVersiField(skema=skema)
