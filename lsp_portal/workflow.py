"""The one place that moves a workflow status (STYLE.md §3).

A workflow model declares `status`, a `Status` TextChoices and `TRANSITIONS`
({from: {to, ...}}). `transition()` locks the row, checks the move, writes the
StatusChange row and the new status in the caller's transaction.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .errors import ServiceError
from .models import StatusChange


class TransitionError(ServiceError):
    """A move the workflow table does not allow; the message is for the user (Indonesian)."""


def allowed_targets(obj):
    return set(obj.TRANSITIONS.get(obj.status, ()))


@transaction.atomic
def transition(obj, to, *, actor, note=""):
    """Move `obj` to status `to` and record who, when and why.

    Raises TransitionError when the move is not in obj.TRANSITIONS for the row's *current*
    status (read under a row lock, so two concurrent moves cannot both pass the check).
    Not idempotent: moving to the status the object already has is an error.
    Returns the refreshed, locked instance.
    """
    model = type(obj)
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    if to not in allowed_targets(locked):
        label = dict(model.Status.choices).get(to, to)
        raise TransitionError(f"Status {locked.get_status_display()} tidak dapat diubah menjadi {label}.")
    StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(locked.pk),
        from_status=locked.status,
        to_status=to,
        actor=actor,
        note=note,
    )
    locked.status = to
    update_fields = ["status"]
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        update_fields.append("updated_at")
    locked.save(update_fields=update_fields)
    return locked


def status_history(obj):
    """Status changes of `obj`, oldest first, with their actors."""
    return (
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
