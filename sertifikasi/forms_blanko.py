"""The BNSP blanko column editor (X-2): one row per column (order, heading, the field that
fills it, remove), a few empty rows to add columns. Validation and Indonesian messages only;
services.blanko.kolom_blanko_save saves (and checks the same rules again)."""

from django import forms

from .services.blanko import MAX_KOLOM, SUMBER_CHOICES, Kolom

EXTRA = 3  # empty rows to add columns without JavaScript


class KolomForm(forms.Form):
    urutan = forms.IntegerField(
        label="Urutan",
        min_value=1,
        max_value=999,
        error_messages={
            "required": "Isi urutan kolom.",
            "invalid": "Urutan harus bilangan bulat.",
            "min_value": "Urutan kolom harus 1 atau lebih.",
            "max_value": "Urutan kolom paling besar 999.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    judul = forms.CharField(
        label="Judul kolom",
        max_length=100,
        error_messages={
            "required": "Judul kolom wajib diisi.",
            "max_length": "Judul kolom paling panjang 100 karakter.",
        },
    )
    sumber = forms.ChoiceField(
        label="Isi dari",
        choices=[("", "— pilih —"), *SUMBER_CHOICES],
        error_messages={
            "required": "Pilih isi kolom.",
            "invalid_choice": "Isi kolom tidak dikenal; pilih dari daftar.",
        },
    )

    def clean_judul(self):
        judul = self.cleaned_data["judul"].strip()
        if not judul:
            raise forms.ValidationError("Judul kolom wajib diisi.")
        return judul


class BaseKolomFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Hapus"

    def clean(self):
        if any(self.errors):
            return
        seen: dict[int, int] = {}
        for form in self.kept_forms():
            urutan = form.cleaned_data["urutan"]
            if urutan in seen:
                form.add_error("urutan", f"Urutan {urutan} dipakai lebih dari satu kolom.")
            seen[urutan] = seen.get(urutan, 0) + 1
        if not seen:
            raise forms.ValidationError("Isi sekurang-kurangnya satu kolom.")
        if len(seen) > MAX_KOLOM:
            raise forms.ValidationError(f"Paling banyak {MAX_KOLOM} kolom.")

    def kept_forms(self):
        """The filled rows not marked for removal (an empty extra row is left out)."""
        return [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]

    def kolom(self) -> list[Kolom]:
        return [
            Kolom(f.cleaned_data["urutan"], f.cleaned_data["judul"], f.cleaned_data["sumber"])
            for f in self.kept_forms()
        ]


KolomFormSet = forms.formset_factory(
    KolomForm,
    formset=BaseKolomFormSet,
    extra=EXTRA,
    can_delete=True,
    max_num=MAX_KOLOM + EXTRA,
    absolute_max=MAX_KOLOM + EXTRA,
)


def initial_rows(kolom: list[Kolom]) -> list[dict]:
    return [{"urutan": k.urutan, "judul": k.judul, "sumber": k.sumber} for k in kolom]
