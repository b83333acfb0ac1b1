"""What every app's services do the same way when they write a model (STYLE.md §2): take the
fields a caller may set, check the row, store it with its file, and turn a lost race on a
unique constraint into the field's message.

    @transaction.atomic
    def tuk_update(*, tuk, actor, **fields):
        tuk = Tuk.objects.select_for_update().get(pk=tuk.pk)
        assign_fields(tuk, fields, TUK_FIELDS)
        clean_model(tuk, unique_ignoring_case={"kode": "Kode TUK ini sudah dipakai TUK lain."})
        with acting_as(actor):
            save_unique(tuk, integrity_errors={"kode": ("kode", "Kode TUK ini ...")})

Refusals are `lsp_portal.errors.ServiceError` (a ValidationError keyed by field, Indonesian),
so a view shows them on its form with `show_error`. Nothing here commits: each helper runs in
the caller's transaction.
"""

from collections.abc import Callable, Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .errors import ServiceError
from .uploads import CheckedFile


def _save(obj, save: Callable | None) -> None:
    if save is None:
        obj.save()
    else:
        save(obj)


def check_fields(fields: Mapping, allowed: Iterable[str], *, what: str) -> None:
    """Raise TypeError naming every field of `fields` outside `allowed` (`what`: whose fields,
    for the message): a programming error (a caller passing a field the service does not let
    it change, such as `status` or `is_superuser`), never a user's mistake."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {what} fields: {', '.join(sorted(unknown))}")


def assign_fields(obj, fields: Mapping, allowed: Iterable[str]):
    """Set each of `fields` on `obj` and return it; check_fields first, so a name outside
    `allowed` raises TypeError before anything is set."""
    check_fields(fields, allowed, what=type(obj).__name__)
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def save_fields(
    obj, fields: Mapping, allowed: Iterable[str], *, validate: Callable, save: Callable | None = None
):
    """The write every editing service does: assign_fields, then `validate(obj)` (which raises
    a ServiceError for a refusal; nothing is saved then), then `save(obj)` (default: obj.save()).
    Returns `obj`. Run it inside the caller's transaction and audit context."""
    assign_fields(obj, fields, allowed)
    validate(obj)
    _save(obj, save)
    return obj


def taken_ignoring_case(obj, field: str, *, within: Iterable[str] = ()) -> bool:
    """Whether another row of `obj`'s model holds `obj`'s value of `field`, compared without
    regard to case ("skm/01" and "SKM/01" are one code to people). `within`: fields that must
    also be equal (uniqueness per person, per TUK). An empty value is never taken. One query."""
    value = getattr(obj, field)
    if not value:
        return False
    attnames = [obj._meta.get_field(name).attname for name in within]
    scope = {attname: getattr(obj, attname) for attname in attnames}
    rows = type(obj)._default_manager.filter(**{f"{field}__iexact": value}, **scope)
    if obj.pk is not None:
        rows = rows.exclude(pk=obj.pk)
    return rows.exists()


def clean_model(
    obj,
    *,
    exclude: Iterable[str] = (),
    errors: Mapping[str, object] | None = None,
    unique_ignoring_case: Mapping[str, str] | None = None,
    within: Iterable[str] = (),
    validate_unique: bool = True,
    validate_constraints: bool = True,
) -> None:
    """Check `obj` and raise every problem at once as one ServiceError keyed by field.

    The problems: `errors` the caller found ({field: message or messages}), a value of a field
    in `unique_ignoring_case` ({field: message}) that another row holds in any case (scoped by
    `within`, see taken_ignoring_case), and then the model's own full_clean(). A field already
    in error is not checked again, so each problem has one message. Returns None when clean.
    """
    found: dict = {f: list(v) if isinstance(v, list | tuple) else [v] for f, v in (errors or {}).items()}
    for field, message in (unique_ignoring_case or {}).items():
        if field not in found and taken_ignoring_case(obj, field, within=within):
            found[field] = [message]
    try:
        obj.full_clean(
            exclude=[*exclude, *found],
            validate_unique=validate_unique,
            validate_constraints=validate_constraints,
        )
    except ValidationError as e:
        found = e.update_error_dict(found)
    if found:
        raise ServiceError(found)


def save_unique(obj, *, integrity_errors: Mapping[str, tuple[str, str]]):
    """Save `obj` in a savepoint and return it. A unique constraint that a
    concurrent save won between our check and our write becomes that field's message, and the
    caller's transaction stays usable. `integrity_errors`: {text of the constraint name or
    column in the database's error: (field, message)}; any other IntegrityError is raised."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as e:
        text = str(e)
        for needle, (field, message) in integrity_errors.items():
            if needle in text:
                raise ServiceError(message, field=field) from None
        raise
    return obj


def save_with_file(
    obj,
    field: str,
    *,
    upload: CheckedFile | None,
    name: str,
    remove: bool = False,
    save: Callable | None = None,
):
    """Store `upload` (a file lsp_portal.uploads checked) as `<name>.<its extension>` in the
    FileField `field`, or clear the field when `remove` and no upload; then save `obj` with
    `save(obj)` (default: obj.save()) and return `obj`. The extension is the checked content's, so
    a stored name never claims another type than the bytes have.

    Nothing is half-saved: when the save fails, the file just written is deleted again and
    the error raised. The file it replaces or removes is deleted only once the caller's
    transaction commits, so a rollback keeps the row and its old file together."""
    fieldfile = getattr(obj, field)
    storage = fieldfile.storage
    old_name = fieldfile.name
    new_name = ""
    if upload is not None:
        fieldfile.save(f"{name}.{upload.extension}", upload, save=False)
        new_name = fieldfile.name
    elif remove:
        setattr(obj, field, "")
    try:
        _save(obj, save)
    except Exception:
        if new_name:
            storage.delete(new_name)
        raise
    if old_name and old_name != getattr(obj, field).name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return obj
