from django import forms

from chibo.core.forms import BootstrapMixin, ViDateField
from chibo.organizations.models import CellKind, Level


class OrganizationForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Tên tổ chức", max_length=200)
    level = forms.ModelChoiceField(label="Cấp", queryset=Level.objects.all())
    kind = forms.ChoiceField(
        label="Loại hình", choices=[("", "—")] + CellKind.choices, required=False
    )
    code = forms.CharField(label="Ký hiệu", max_length=30, required=False)
    address = forms.CharField(label="Địa điểm sinh hoạt", max_length=255, required=False)


class OrganizationEditForm(OrganizationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["level"]


class MoveForm(BootstrapMixin, forms.Form):
    new_parent = forms.ModelChoiceField(label="Chuyển về trực thuộc", queryset=None)

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class DissolveForm(BootstrapMixin, forms.Form):
    on = ViDateField(label="Ngày giải thể")
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}))


class PartyGroupForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Tên tổ đảng", max_length=200)
