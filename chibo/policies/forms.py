import json

from django import forms

from chibo.core.forms import BootstrapMixin, ViDateField


class PolicyForm(BootstrapMixin, forms.Form):
    key = forms.ChoiceField(label="Quy định")
    value = forms.CharField(
        label="Giá trị (JSON)",
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text="Số (90), phân số [1, 2], hoặc cấu trúc như phiên bản trước.",
    )
    legal_basis = forms.CharField(label="Căn cứ", max_length=300)
    effective_from = ViDateField(label="Hiệu lực từ ngày")
    issuer = forms.TypedChoiceField(
        label="Cấp ban hành", coerce=int, empty_value=None, required=False
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, keys, issuers, allow_general, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(k, k) for k in keys]
        choices = [("", "Quy định chung (toàn Đảng)")] if allow_general else []
        self.fields["issuer"].choices = choices + [(o.pk, o.name) for o in issuers]
        self.fields["issuer"].required = not allow_general

    def clean_value(self):
        try:
            return json.loads(self.cleaned_data["value"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"Không đọc được giá trị (dòng {error.lineno}, cột {error.colno})."
            ) from None
