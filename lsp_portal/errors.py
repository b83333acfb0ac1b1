"""The one error type a service raises when its rules refuse an action.

`ServiceError` carries an Indonesian message for the user and, optionally, the form field it
is about. It is a Django `ValidationError`, so a form shows it on that field (or at the top),
and code that catches `ValidationError` keeps working. Every app's refusal (records, roles,
transitions, imports, MUK, declarations) subclasses it; a view shows one with `show_error()`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A refusal by the rules; `str(error)` is the Indonesian message for the user."""

    def __init__(self, message, *, field: str | None = None, code: str | None = None, params=None):
        if field and isinstance(message, str):
            super().__init__({field: [ValidationError(message, code=code, params=params)]})
        else:
            super().__init__(message, code=code, params=params)
        self.field = field

    def __str__(self) -> str:
        return " ".join(self.messages)


def add_to_form(form, error: ValidationError) -> None:
    """Put a refusal onto `form`: on its field where the form has that field, at the form's
    top otherwise (`_form_fields.html` shows those in its alert block)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def show_error(request, error: ValidationError, form=None) -> None:
    """Show a service's refusal the one way views do: on the form (`add_to_form`) when the
    page has one, as a page message (base.html's message list) otherwise."""
    if form is not None:
        add_to_form(form, error)
    else:
        messages.error(request, " ".join(error.messages))
