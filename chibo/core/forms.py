from django import forms

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
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)
