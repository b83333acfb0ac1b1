from django import forms
from django.contrib.auth.models import Permission
from django.db.models import Case, IntegerField, Value, When

from .models import PHONE_VALIDATOR, Role, User


def clean_phone(value: str) -> str:
    """Drop the spaces and dashes people type ("0812-3456-7890"), then check the number."""
    value = value.replace(" ", "").replace("-", "")
    if value:
        PHONE_VALIDATOR(value)
    return value


class SignupForm(forms.Form):
    """Extra sign-up fields (allauth ACCOUNT_SIGNUP_FORM_CLASS)."""

    nama_lengkap = forms.CharField(
        label="Nama lengkap (sesuai KTP)",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Spaces and dashes people type ("0812-3456-7890") are removed before the number is
    # checked, so the validator runs in clean_nomor_hp, not on the raw input.
    nomor_hp = forms.CharField(
        label="Nomor HP",
        max_length=20,
        help_text="Nomor seluler aktif, misalnya 081234567890.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    field_order = ["nama_lengkap", "email", "nomor_hp", "password1", "password2"]

    def clean_nama_lengkap(self):
        value = " ".join(self.cleaned_data["nama_lengkap"].split())
        if len(value) < 3:
            raise forms.ValidationError("Nama lengkap terlalu pendek.")
        return value

    def clean_nomor_hp(self):
        return clean_phone(self.cleaned_data["nomor_hp"])

    def signup(self, request, user):
        from .services import user_register_applicant

        user.nama_lengkap = self.cleaned_data["nama_lengkap"]
        user.nomor_hp = self.cleaned_data["nomor_hp"]
        user.save(update_fields=["nama_lengkap", "nomor_hp"])
        user_register_applicant(user=user)


class ProfileForm(forms.ModelForm):
    nomor_hp = forms.CharField(
        label="Nomor HP",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    class Meta:
        model = User
        fields = ["nama_lengkap", "nomor_hp"]

    def clean_nomor_hp(self):
        return clean_phone(self.cleaned_data["nomor_hp"])


def permission_choices():
    """The rights the role screen offers: only those the portal checks (akun.AccessRight),
    in the order they are declared. Django's default add/change/delete/view permissions
    are not offered: no page asks for them, so granting one would change nothing."""
    from .models import AccessRight

    declared = [codename for codename, _ in AccessRight._meta.permissions]
    return Permission.objects.filter(
        content_type__app_label="akun", content_type__model="accessright", codename__in=declared
    ).order_by(
        Case(*[When(codename=c, then=Value(i)) for i, c in enumerate(declared)], output_field=IntegerField())
    )


class RolePermissionsForm(forms.Form):
    permissions = forms.ModelMultipleChoiceField(
        label="Hak akses",
        queryset=Permission.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, role: Role, **kwargs):
        kwargs.setdefault("initial", {"permissions": list(role.group.permissions.all())})
        super().__init__(*args, **kwargs)
        field = self.fields["permissions"]
        field.queryset = permission_choices()
        field.label_from_instance = lambda p: p.name


class RoleMemberForm(forms.Form):
    email = forms.EmailField(label="Email pengguna")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        try:
            self.user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise forms.ValidationError("Tidak ada pengguna dengan email ini.") from None
        return email


class RoleCreateForm(forms.Form):
    name = forms.CharField(label="Nama peran", max_length=80)
    description = forms.CharField(label="Uraian", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_staff_role = forms.BooleanField(
        label="Peran staf (menangani data pihak lain; wajib autentikasi dua faktor)",
        required=False,
        initial=True,
    )

    def clean_name(self):
        from django.utils.text import slugify

        name = " ".join(self.cleaned_data["name"].split())
        if Role.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("Peran dengan nama ini sudah ada.")
        if not slugify(name).replace("-", ""):
            raise forms.ValidationError("Nama peran harus memuat huruf atau angka.")
        if Role.objects.filter(code=slugify(name).replace("-", "_")).exists():
            raise forms.ValidationError("Peran dengan nama serupa sudah ada.")
        return name
