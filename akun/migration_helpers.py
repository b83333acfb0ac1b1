"""Code the akun migrations share. Kept stable: migrations that already ran import it."""


def grant_rights(grants: dict[str, list[str]], names: dict[str, str]):
    """A RunPython function giving new module rights to the built-in roles that already exist
    (`grants`: {codename: [role code, ...]}, `names`: {codename: description}). On a fresh
    install the roles do not exist yet; they are created after migrate with their rights
    (akun/roles.py), so this does nothing there."""

    def grant(apps, schema_editor):
        Role = apps.get_model("akun", "Role")
        Permission = apps.get_model("auth", "Permission")
        ContentType = apps.get_model("contenttypes", "ContentType")
        roles = {r.code: r for r in Role.objects.filter(code__in={c for cs in grants.values() for c in cs})}
        if not roles:
            return
        ct, _ = ContentType.objects.get_or_create(app_label="akun", model="accessright")
        for codename, codes in grants.items():
            perm, _ = Permission.objects.get_or_create(
                content_type=ct, codename=codename, defaults={"name": names[codename]}
            )
            for code in codes:
                if code in roles:
                    roles[code].group.permissions.add(perm)

    return grant
