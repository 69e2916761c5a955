"""Forms of the record page (the minutes, section by section): opening, the content
sections, guests, speeches, tasks, the vote and the quality score."""

import datetime as dt

from django import forms
from django.utils import timezone

from chibo.core.forms import ViDateField
from chibo.meetings.forms import (
    ViForm,
    ViTimeField,
    member_choices,
    searchable,
    text_field,
    vietnamese_required,
)
from chibo.meetings.models import DecisionKind, Section


class OpeningForm(ViForm):
    """Khai mạc: who chairs and takes the minutes, when it started and ended."""

    section = "opening"
    chair = forms.TypedChoiceField(label="Chủ trì", coerce=int, required=False, empty_value=None)
    minute_taker = forms.TypedChoiceField(
        label="Thư ký", coerce=int, required=False, empty_value=None
    )
    meeting_date = ViDateField(label="Ngày sinh hoạt")
    started_at = ViTimeField(label="Giờ bắt đầu", required=False)
    ended_at = ViTimeField(label="Giờ kết thúc", required=False)
    dues_collected = forms.BooleanField(label="Đã thu đảng phí", required=False)

    def __init__(self, *args, members, present=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        self.fields["chair"].choices = member_choices(members, present=present)
        self.fields["minute_taker"].choices = member_choices(members, present=present)
        searchable(self.fields["chair"], "chủ trì")
        searchable(self.fields["minute_taker"], "thư ký")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        day = data["meeting_date"]

        def moment(t):
            return timezone.make_aware(dt.datetime.combine(day, t)) if t else None

        return {
            "chair": self.members.get(data["chair"]),
            "minute_taker": self.members.get(data["minute_taker"]),
            "started_at": moment(data["started_at"]),
            "ended_at": moment(data["ended_at"]),
            "dues_collected": data["dues_collected"],
        }


class ContentForm(ViForm):
    """A section of the minutes' text; subclasses pick the fields."""

    section = ""

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "base"}


class ReviewForm(ContentForm):
    section = "review"
    review_results = text_field("Kết quả đạt được")
    review_shortcomings = text_field("Tồn tại, hạn chế")
    review_causes = text_field("Nguyên nhân")


class NewsForm(ContentForm):
    section = "news"
    news = text_field("Thông tin thời sự trong nước, quốc tế, địa phương, cơ quan")
    new_policies = text_field("Chủ trương, chính sách mới của Đảng, Nhà nước")


class StudyForm(ContentForm):
    section = "study"
    study_item = text_field(
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        help_text="Nội dung học tập trong buổi; việc làm theo của chi bộ, đảng viên.",
    )


class CriticismForm(ContentForm):
    section = "discussion"
    self_criticism = text_field("Tự phê bình và phê bình")


class NextMonthForm(ContentForm):
    section = "next"
    next_month = text_field("Phương hướng, nhiệm vụ tháng tới")


class ConclusionForm(ContentForm):
    section = "conclusion"
    conclusion = text_field("Kết luận của đồng chí chủ trì", rows=5)


CONTENT_FORMS = {
    form.section: form
    for form in (ReviewForm, NewsForm, StudyForm, CriticismForm, NextMonthForm, ConclusionForm)
}


class GuestForm(ViForm):
    name = forms.CharField(label="Họ và tên khách mời", max_length=120)
    office = forms.CharField(label="Chức vụ, đơn vị", max_length=200, required=False)
    is_higher_official = forms.BooleanField(label="Đại diện cấp ủy cấp trên", required=False)


OTHER_SPEAKER = 0


class SpeechForm(ViForm):
    section = forms.ChoiceField(label="Phần", choices=Section.choices, initial=Section.DISCUSSION)
    member = forms.TypedChoiceField(
        label="Người phát biểu", coerce=int, required=False, empty_value=None
    )
    speaker_name = forms.CharField(label="hoặc tên khách mời", max_length=120, required=False)
    text = forms.CharField(label="Nội dung phát biểu", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members, guests=(), present=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        self.fields["member"].choices = member_choices(
            members, empty="— Khách mời / khác —", present=present
        )
        searchable(self.fields["member"], "người phát biểu")
        self.guest_names = [g.name for g in guests]
        self.fields["speaker_name"].widget.attrs["list"] = "guest-names"

    def clean(self):
        data = super().clean()
        if not data.get("member") and not (data.get("speaker_name") or "").strip():
            self.add_error("member", "Cần chọn đảng viên hoặc ghi tên người phát biểu.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "section": data["section"],
            "member": self.members.get(data["member"]),
            "speaker_name": data["speaker_name"],
            "text": data["text"],
        }


class TaskForm(ViForm):
    assignee = forms.TypedChoiceField(label="Người thực hiện", coerce=int)
    title = forms.CharField(
        label="Nhiệm vụ", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = ViDateField(label="Thời hạn")

    def __init__(self, *args, members, present=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        self.fields["assignee"].choices = member_choices(members, present=present)
        searchable(self.fields["assignee"], "người thực hiện")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "assignee": self.members[data["assignee"]],
            "title": data["title"],
            "deadline": data["deadline"],
        }


def _count(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={
            "invalid": "Số phiếu phải là số nguyên.",
            "min_value": "Số phiếu không thể âm.",
        },
    )


class VoteForm(ViForm):
    decision_kind = forms.ChoiceField(
        label="Biểu quyết về", choices=DecisionKind.choices, required=False,
        initial=DecisionKind.RESOLUTION,
    )
    resolution = forms.CharField(
        label="Nghị quyết (kết luận) đưa ra biểu quyết",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    votes_for = _count("Tán thành")
    votes_against = _count("Không tán thành")
    votes_abstain = _count("Không biểu quyết")


class ScoreForm(ViForm):
    """One field per criterion the cell scores itself; automatic ones are shown only."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            if item["automatic"]:
                continue
            self.fields[item["code"]] = forms.CharField(
                label=f"{item['label']} (tối đa {item['max']:g})",
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}
                ),
            )
            if not self.is_bound and item["points"] is not None:
                self.initial[item["code"]] = f"{item['points']:g}".replace(".", ",")
        vietnamese_required(self)

    def clean(self):
        data = super().clean()
        for code, value in list(data.items()):
            text = (value or "").strip().replace(",", ".")
            if not text:
                data[code] = None
                continue
            try:
                data[code] = float(text)
            except ValueError:
                self.add_error(code, "Điểm phải là số, vd. 8 hoặc 8,5.")
        return data

    def service_items(self) -> dict:
        return {code: value for code, value in self.cleaned_data.items() if value is not None}
