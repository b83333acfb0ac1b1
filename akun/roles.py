"""Built-in roles (SE-A4.4) and the permissions each starts with.

Created after every migrate when missing; once a role exists its permissions are the
LSP's to edit on the role screen, so a later migrate never resets them.
"""

from .models import Role

C = Role.Code
ALL_MODULES = [
    "use_sdm",
    "use_tuk",
    "use_administrasi",
    "use_muk",
    "use_sertifikasi_staff",
    "use_verifikasi_tuk",
    "use_banding_staff",
    "use_eksekutif",
]

# Admin LSP runs every application but the executive dashboard.
OPERATIONS = [m for m in ALL_MODULES if m != "use_eksekutif"]

BUILTIN_ROLES = [
    # code, description, is_staff_role, default permission codenames (app akun)
    (C.ASESI, "Pemohon/peserta sertifikasi: mengajukan permohonan dan mengikuti asesmen.", False, []),
    (C.ASESOR, "Asesor kompetensi: menilai asesi yang ditugaskan kepadanya.", True, ["use_muk"]),
    (
        C.ADMIN_LSP,
        "Sekretariat LSP: memeriksa permohonan, menjadwalkan, menerbitkan surat.",
        True,
        [
            "manage_roles",
            "manage_portal",
            "manage_sdm",
            "manage_tuk",
            "issue_letters",
            "verify_permohonan",
            "manage_sertifikat",
            "manage_sop",
            *OPERATIONS,
        ],
    ),
    (
        C.MANAJER_SERTIFIKASI,
        "Mengelola proses sertifikasi, skema, dan penjadwalan.",
        True,
        [
            *ALL_MODULES,
            "manage_skema",
            "manage_jadwal",
            "verify_permohonan",
            "assign_verifikator_tuk",
            "organize_pleno",
            "manage_sertifikat",
            "manage_sop",
        ],
    ),
    (
        C.KOMITE_TEKNIS,
        "Rapat pleno: memutuskan hasil sertifikasi.",
        True,
        ["use_muk", "use_sertifikasi_staff", "validate_muk"],
    ),
    (
        C.KETUA,
        "Pimpinan LSP: menandatangani SK dan sertifikat, mengatur peran.",
        True,
        [
            "manage_roles",
            "view_audit",
            "view_system_status",
            "manage_portal",
            "manage_skema",
            "manage_sdm",
            "manage_tuk",
            "validate_muk",
            "issue_letters",
            "verify_permohonan",
            "manage_jadwal",
            "assign_verifikator_tuk",
            "issue_sk_tuk",
            "organize_pleno",
            "manage_sertifikat",
            "revoke_sertifikat",
            "manage_sop",
            *ALL_MODULES,
        ],
    ),
    (C.DEWAN_PENGARAH, "Pengarah: memantau kinerja LSP melalui dasbor eksekutif.", True, ["use_eksekutif"]),
    (C.PENGELOLA_TUK, "Penanggung jawab tempat uji kompetensi.", True, ["use_tuk", "use_verifikasi_tuk"]),
    (C.STAF_TI, "Mengoperasikan dan memelihara sistem informasi LSP.", True, ["view_system_status"]),
    (
        C.AUDITOR_INTERNAL,
        "Audit internal sertifikasi jarak jauh dan nirkertas.",
        True,
        ["view_audit", "use_eksekutif"],
    ),
]


# The roles self-sign-up gives, and the only rights they may ever hold: an applicant's.
# Every other right (use_*, manage_*, view_*, validate_muk, issue_letters, ...) is a staff
# right: it shows other people's data, so it never comes with an account anyone can open,
# and whoever holds one must use MFA where the LSP requires it.
SIGNUP_ROLES = frozenset({C.ASESI})
APPLICANT_RIGHTS = frozenset(
    f"akun.{codename}"
    for code, _, _, codenames in BUILTIN_ROLES
    if code in SIGNUP_ROLES
    for codename in codenames
)
# Only a Ketua changes who holds these roles and what they may do.
KETUA_ONLY_ROLES = frozenset({C.KETUA, C.DEWAN_PENGARAH})


def ensure_builtin_roles(**kwargs):
    """post_migrate hook: create missing built-in roles with their default permissions."""
    from django.contrib.auth.models import Group, Permission

    perms = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="akun", content_type__model="accessright")
    }
    if not perms:  # permissions not created yet (first pass of migrate)
        return
    for order, (code, description, is_staff_role, codenames) in enumerate(BUILTIN_ROLES):
        if Role.objects.filter(code=code).exists():
            continue
        group, _ = Group.objects.get_or_create(name=f"peran:{code}")
        Role.objects.create(
            code=code,
            name=C(code).label,
            description=description,
            group=group,
            is_builtin=True,
            is_staff_role=is_staff_role,
            order=order,
        )
        group.permissions.set([perms[c] for c in codenames])


def role(code: str) -> Role:
    return Role.objects.select_related("group").get(code=code)
