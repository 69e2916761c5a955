from django import forms

from chibo.core.forms import BootstrapMixin, ViDateField
from chibo.core.web import OrganizationField, picked, picked_organization
from chibo.members.models import Gender, MemberStatus, Position
from chibo.members.services_life import NEW_MEMBER_STRUCK


class MemberFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="Tìm", required=False)
    organization = OrganizationField()
    status = forms.ChoiceField(
        label="Trạng thái", required=False, choices=[("", "Mọi trạng thái")] + MemberStatus.choices
    )
    position = forms.ChoiceField(
        label="Chức vụ",
        required=False,
        choices=[
            ("", "Mọi chức vụ"),
            ("any", "Có chức vụ trong chi ủy"),
            *[c for c in Position.choices if c[0]],
        ],
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].offer(organizations)

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        # An organization outside the scope (OUTSIDE) matches no one.
        organization = picked_organization(self)
        data = self.cleaned_data
        return {
            "q": data.get("q", ""),
            "organization_id": organization,
            "status": data.get("status", ""),
            "position": data.get("position", ""),
        }


class MemberForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    date_of_birth = ViDateField(label="Ngày sinh")
    card_number = forms.CharField(label="Số thẻ đảng viên", max_length=20)
    admitted_on = ViDateField(label="Ngày vào Đảng")
    full_member_on = ViDateField(label="Ngày chính thức", required=False)
    status = forms.ChoiceField(label="Trạng thái", choices=MemberStatus.choices)
    exempt_reason = forms.CharField(label="Lý do miễn sinh hoạt", max_length=255, required=False)
    exempt_from = ViDateField(label="Miễn từ ngày", required=False)
    exempt_to = ViDateField(label="Miễn đến ngày", required=False)
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    organization = OrganizationField(label="Chi bộ sinh hoạt", required=True)
    residence_organization = forms.ModelChoiceField(
        label="Chi bộ nơi cư trú (nếu khác)", queryset=None, required=False
    )
    position = forms.ChoiceField(
        label="Chức vụ trong chi bộ", choices=Position.choices, required=False
    )
    skills = forms.CharField(
        label="Sở trường, năng lực", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, cells, residence_cells, scope=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        # The cells of the write scope `scope` (`picker_organizations`), typed with
        # suggestions.
        self.fields["organization"].offer(cells, search="write=1&kind=cell", among=scope)
        self.fields["residence_organization"].queryset = residence_cells
        if editing:
            # Changing the cell is a transfer, with its own page and history.
            del self.fields["organization"]
        self.editing = editing
        if self.initial.get("status") != MemberStatus.REMOVED:
            # «Đã xóa tên» comes from the committee's decision only: not offered here;
            # posted anyway, it is refused with its reason (clean_status, the services).
            self.fields["status"].widget.choices = [
                c for c in MemberStatus.choices if c[0] != MemberStatus.REMOVED
            ]
        for field in self.fields.values():
            field.error_messages.setdefault("required", "Trường này là bắt buộc.")
            field.error_messages["required"] = "Trường này là bắt buộc."

    def clean_organization(self):
        # The services take the cell itself; offer() only lets an offered id through.
        return picked(self.fields["organization"].organizations, self.cleaned_data["organization"])

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == MemberStatus.REMOVED and not self.editing:
            raise forms.ValidationError(NEW_MEMBER_STRUCK)
        return status


class TransferForm(BootstrapMixin, forms.Form):
    to = OrganizationField(label="Chuyển đến chi bộ", required=True)
    on = ViDateField(label="Ngày chuyển")
    reason = forms.CharField(label="Lý do", max_length=255, required=False)

    def __init__(self, *args, cells, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every cell of the write scope, the member's own too: the service says why that
        # one is refused rather than the field pretending it does not exist.
        self.fields["to"].offer(cells, search="write=1&kind=cell", among=scope)
        for field in self.fields.values():
            field.error_messages["required"] = "Trường này là bắt buộc."

    def clean_to(self):
        return picked(self.fields["to"].organizations, self.cleaned_data["to"])


MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a 9,400-member file is well under 2 MB


class ImportForm(BootstrapMixin, forms.Form):
    organization = OrganizationField(
        label="Nhập vào tổ chức", required=True,
        help_text="Đảng viên được nhập vào các chi bộ thuộc tổ chức này (theo cột «Chi bộ»).",
    )
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        error_messages={"empty": "Tệp trống.", "invalid": "Không nhận được tệp."},
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # The write scope (`picker_organizations(write=True)`), typed with suggestions.
        self.fields["organization"].offer(organizations, search="write=1")
        for field in self.fields.values():
            field.error_messages["required"] = "Trường này là bắt buộc."
            field.error_messages["invalid_choice"] = "Lựa chọn không hợp lệ."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx (Excel 2007 trở lên).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp quá lớn (tối đa 20 MB).")
        return upload
