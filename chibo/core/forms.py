import datetime as dt

from django import forms
from django.utils import timezone

from chibo.core.concurrency import STALE_MESSAGE, StaleEdit, parse_base, renewed_base

DATE_WIDGET_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


class ViDateField(forms.DateField):
    """A date typed and shown as dd/mm/yyyy, whatever the browser's locale."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET_ATTRS))
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages", {"invalid": "Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."}
        )
        super().__init__(**kwargs)


class BootstrapMixin:
    """Bootstrap classes on every widget, and the invalid state after a failed submit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        # Marked after validation, not in __init__: subclasses still set choices there.
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def apply_service_error(form, error) -> None:
    """Show a service's ValidationError on the form: per field when it names one."""
    if isinstance(error, StaleEdit):
        show_stale_edit(form, error)
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def with_edit_base(form, base: str | None = None):
    """Give a form the hidden `base` of chibo.core.concurrency: the fingerprints of the
    values it shows, set when the form is first rendered (`edit_base(instance, fields)`)."""
    form.fields["base"] = forms.CharField(widget=forms.HiddenInput, required=False)
    if base is not None and not form.is_bound:
        form.initial["base"] = base
    return form


def posted_base(form) -> dict | None:
    return parse_base(form.data.get("base")) if form.is_bound else None


def shown_value(value) -> str:
    """A value as the stale-edit message shows it: "(để trống)", Có/Không, dd/mm/yyyy."""
    if value is None or value == "":
        return "(để trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def show_stale_edit(form, error) -> None:
    """A save refused because someone saved newer values (StaleEdit): each field in
    conflict says so and shows the newer value under the person's own text, which stays
    in the field; the form's base now counts the newer values as seen, so saving again
    (after merging) goes through."""
    for name, value in error.newer.items():
        if name in form.fields:
            form.add_error(name, STALE_MESSAGE)
            form.fields[name].newer_text = shown_value(value)
        else:
            form.add_error(None, f"{STALE_MESSAGE} Bản mới hơn: {shown_value(value)}")
    data = form.data.copy()
    data["base"] = renewed_base(posted_base(form), error.newer)
    form.data = data
