"""Scheme forms: validation and Indonesian messages only; services save."""

from django import forms

from . import importer
from .models import PersyaratanDasar, Skema


class SkemaForm(forms.ModelForm):
    class Meta:
        model = Skema
        fields = [
            "kode",
            "judul",
            "jenis",
            "acuan",
            "masa_berlaku_tahun",
            "biaya_tatap_muka",
            "biaya_jarak_jauh",
            "jarak_jauh_disetujui",
            "nomor_surat_bnsp",
            "tanggal_surat_bnsp",
            "nirkertas_disetujui",
            "aktif",
            "metode_default",
        ]
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
