# Certification decision and register rights (issue 13)

from django.db import migrations

from akun.migration_helpers import grant_rights

# Built-in roles that already exist get the new rights they start with on a fresh install
# (akun/roles.py); on a fresh install the roles are created after migrate, with them.
GRANTS = {
    "organize_pleno": ["manajer_sertifikasi", "ketua"],
    "manage_sertifikat": ["admin_lsp", "manajer_sertifikasi", "ketua"],
    "revoke_sertifikat": ["ketua"],
}
NAMES = {
    "organize_pleno": "Membentuk rapat pleno dan menerbitkan SK keputusan sertifikasi",
    "manage_sertifikat": "Mengelola register sertifikat: nomor registrasi, impor, blanko BNSP",
    "revoke_sertifikat": "Membekukan, mencabut, dan memulihkan sertifikat",
}


grant = grant_rights(GRANTS, NAMES)


class Migration(migrations.Migration):

    dependencies = [
        ('akun', '0007_tuk_verification_rights'),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='accessright',
            options={'default_permissions': (), 'managed': False, 'permissions': [('manage_roles', 'Mengelola peran, hak akses, dan anggota peran'), ('view_audit', 'Melihat jejak audit'), ('view_system_status', 'Melihat status sistem'), ('use_sdm', 'Membuka aplikasi SDM'), ('use_tuk', 'Membuka aplikasi TUK'), ('use_administrasi', 'Membuka aplikasi administrasi (surat dan arsip)'), ('use_muk', 'Membuka aplikasi skema dan MUK'), ('use_sertifikasi_staff', 'Mengelola proses sertifikasi (sisi LSP)'), ('use_verifikasi_tuk', 'Membuka aplikasi verifikasi TUK'), ('use_banding_staff', 'Mengelola banding dan pengaduan (sisi LSP)'), ('use_eksekutif', 'Membuka dasbor eksekutif dan laporan'), ('manage_portal', 'Mengelola isi portal publik (profil, lisensi, berita, halaman)'), ('manage_skema', 'Mengelola skema sertifikasi, unit, elemen, dan KUK'), ('manage_sdm', 'Mengelola SDM: personel, asesor, dokumen, dan masa berlakunya'), ('manage_tuk', 'Mengelola daftar tempat uji kompetensi (TUK)'), ('validate_muk', 'Memvalidasi MUK (FR.VA) sebelum dipakai asesmen'), ('issue_letters', 'Menerbitkan surat dan SK dari register administrasi'), ('verify_permohonan', 'Memverifikasi permohonan sertifikasi (FR.APL.01)'), ('manage_jadwal', 'Menyusun jadwal asesmen, peserta, dan penugasan asesor'), ('assign_verifikator_tuk', 'Menugaskan verifikator TUK dan menjadwalkan sesi verifikasi'), ('issue_sk_tuk', 'Menerbitkan SK penetapan TUK'), ('organize_pleno', 'Membentuk rapat pleno dan menerbitkan SK keputusan sertifikasi'), ('manage_sertifikat', 'Mengelola register sertifikat: nomor registrasi, impor, blanko BNSP'), ('revoke_sertifikat', 'Membekukan, mencabut, dan memulihkan sertifikat')], 'verbose_name': 'hak akses modul'},
        ),
    ]
