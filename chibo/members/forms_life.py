from django import forms

from chibo.core.forms import BootstrapMixin, ViDateField
from chibo.members.models import ProbationProposal, ProbationState


class AdmissionForm(BootstrapMixin, forms.Form):
    admission_decision = forms.CharField(label="Số quyết định kết nạp", max_length=60,
                                         required=False)
    admission_decided_on = ViDateField(label="Ngày quyết định kết nạp", required=False)
    admission_committee = forms.CharField(label="Cấp ủy quyết định kết nạp", max_length=200,
                                          required=False)


class ScheduleForm(BootstrapMixin, forms.Form):
    meeting = forms.TypedChoiceField(label="Buổi sinh hoạt chi bộ", coerce=int)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {m.pk: m for m in meetings}
        self.fields["meeting"].choices = [(m.pk, str(m)) for m in meetings]


class VoteForm(BootstrapMixin, forms.Form):
    proposal = forms.ChoiceField(label="Nội dung biểu quyết", choices=ProbationProposal.choices)
    votes_for = forms.IntegerField(label="Tán thành", min_value=0)
    votes_against = forms.IntegerField(label="Không tán thành", min_value=0)
    votes_abstain = forms.IntegerField(label="Không biểu quyết", min_value=0, initial=0)


class ProbationDecisionForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label="Quyết định", choices=[
        (ProbationState.RECOGNIZED, "Công nhận đảng viên chính thức"),
        (ProbationState.STRUCK, "Xóa tên trong danh sách đảng viên dự bị"),
    ])
    decision_number = forms.CharField(label="Số quyết định", max_length=60)
    decided_on = ViDateField(label="Ngày quyết định")
    note = forms.CharField(label="Ghi chú", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RemovalForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    reason = forms.CharField(label="Lý do đề nghị", widget=forms.Textarea(attrs={"rows": 3}))


class RemovalDecisionForm(BootstrapMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label="Quyết định", coerce=lambda v: v == "yes",
        choices=[("yes", "Đồng ý xóa tên"), ("no", "Không đồng ý")],
    )
    decision_number = forms.CharField(label="Số quyết định", max_length=60, required=False)
    decided_on = ViDateField(label="Ngày quyết định")
    note = forms.CharField(label="Ghi chú, lý do", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
