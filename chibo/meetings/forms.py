"""Forms of the meeting pages. They parse and check what people type (dates day first,
times as 8:30 or 8h30, scores with a decimal comma) and give Vietnamese messages; the
rules of the domain stay in the services."""

import datetime as dt
import re

from django import forms
from django.utils import timezone

from chibo.core.forms import BootstrapMixin
from chibo.core.web import (
    OrganizationField,
    organization_choices,  # noqa: F401  (still imported by other apps)
    picked_organization,
)
from chibo.meetings.models import MeetingKind, MeetingStatus

REQUIRED = "Trường này là bắt buộc."
MONTHS = [(m, f"Tháng {m:02d}") for m in range(1, 13)]
# Topics people pick most often for a thematic meeting (P5); the cell edits the words.
TOPIC_SUGGESTIONS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ",
    "Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm ",
    "Nghị quyết Trung ương 4 về xây dựng, chỉnh đốn Đảng",
    "Quy định về những điều đảng viên không được làm",
]


def vietnamese_required(form) -> None:
    for field in form.fields.values():
        field.error_messages["required"] = REQUIRED
        field.error_messages.setdefault("invalid_choice", "Lựa chọn không hợp lệ.")
        field.error_messages["invalid_choice"] = "Lựa chọn không hợp lệ."


class ViForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_required(self)


_TIME_RE = re.compile(r"^\s*(\d{1,2})\s*(?:[:hHgG.,]\s*(\d{1,2})?\s*(?:p|ph|phút)?)?\s*$")


def parse_time(value: str) -> dt.time | None:
    """8:30, 08:30, 8h30, 8h, 8g30, 8.30, 20 -> a time; None when it is not one."""
    match = _TIME_RE.match(value or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class ViTimeField(forms.Field):
    """A time of day typed as 8:30 or 8h30 (a phone's time picker sends 08:30)."""

    default_error_messages = {"invalid": "Giờ không hợp lệ; hãy nhập theo dạng HH:MM, vd. 08:30."}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TimeInput(
                format="%H:%M", attrs={"type": "time", "placeholder": "HH:MM", "step": 60}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        parsed = parse_time(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class ViDateTimeField(forms.Field):
    """A date and time typed as dd/mm/yyyy HH:MM (also 8h30, or what a datetime-local
    input sends: 2026-03-03T08:30), in the server's time zone (Asia/Ho_Chi_Minh)."""

    default_error_messages = {
        "invalid": "Thời gian không hợp lệ; hãy nhập theo dạng dd/mm/yyyy HH:MM, "
        "vd. 03/03/2026 08:00.",
        "no_time": "Cần ghi giờ, vd. 03/03/2026 08:00.",
    }
    DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d"]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "placeholder": "dd/mm/yyyy HH:MM",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                }
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime):
            return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        text = " ".join(str(value).replace("T", " ").replace(",", " ").split())
        if " " not in text:
            raise forms.ValidationError(self.error_messages["no_time"], code="no_time")
        # "date time" or "time date" (people write "8h00 03/03/2026" too), split at the
        # first or the last space ("19 h 30 12/05/2026").
        for cut in {text.index(" "), text.rindex(" ")}:
            first, second = text[:cut], text[cut + 1 :]
            for date_text, time_text in ((first, second), (second, first)):
                if time_text.count(":") == 2:  # seconds, from some pickers
                    time_text = time_text.rsplit(":", 1)[0]
                day, moment = self._date(date_text), parse_time(time_text)
                if day and moment:
                    return timezone.make_aware(dt.datetime.combine(day, moment))
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def _date(self, text):
        for fmt in self.DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        return None


def text_field(label, rows=4, **kwargs):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def year_choices(today: dt.date | None = None):
    today = today or timezone.localdate()
    return [(y, str(y)) for y in range(today.year + 1, today.year - 6, -1)]


class MeetingFilterForm(ViForm):
    organization = OrganizationField()
    kind = forms.ChoiceField(
        label="Loại", required=False, choices=[("", "Mọi loại")] + MeetingKind.choices
    )
    status = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Mọi trạng thái")] + MeetingStatus.choices,
    )
    month = forms.TypedChoiceField(
        label="Tháng",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Cả năm")] + MONTHS,
    )
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].offer(organizations)
        self.fields["year"].choices = [("", "Mọi năm")] + year_choices()

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        organization = picked_organization(self)  # -1 outside the scope: nothing
        data = self.cleaned_data
        year, month = data.get("year"), data.get("month")
        date_from = date_to = None
        if year and month:
            date_from = dt.date(year, month, 1)
            date_to = (date_from + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        elif year:
            date_from, date_to = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return {
            "organization_id": organization,
            "kind": data.get("kind", ""),
            "status": data.get("status", ""),
            "date_from": date_from,
            "date_to": date_to,
        }


class PlanMonthForm(ViForm):
    organization = OrganizationField(
        label="Lên lịch cho",
        required=True,
        help_text="Một chi bộ, hoặc mọi chi bộ đang hoạt động thuộc tổ chức được chọn.",
    )
    month = forms.TypedChoiceField(label="Tháng", coerce=int, choices=MONTHS)
    year = forms.TypedChoiceField(label="Năm", coerce=int)
    notify_members = forms.BooleanField(
        label="Thông báo cho đảng viên", required=False, initial=True
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # The write scope: the suggestions are asked for with write=1.
        self.fields["organization"].offer(organizations, search="write=1")
        self.fields["year"].choices = year_choices()


class ThematicForm(ViForm):
    cell = OrganizationField(label="Chi bộ", required=True)
    topic = forms.CharField(
        label="Chủ đề",
        max_length=300,
        widget=forms.TextInput(attrs={"list": "topic-suggestions"}),
        help_text="vd. một chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
        "Minh (Chỉ thị 05-CT/TW).",
    )
    scheduled_at = ViDateTimeField(label="Thời gian")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    combined_with_regular = forms.BooleanField(
        label="Sinh hoạt cùng buổi với sinh hoạt thường kỳ", required=False
    )

    def __init__(self, *args, cells, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The cells of the write scope `scope`: the suggestions are asked for the same ones.
        self.fields["cell"].offer(cells, search="write=1&kind=cell", among=scope)


class RescheduleForm(ViForm):
    scheduled_at = ViDateTimeField(label="Thời gian mới")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    reason = forms.CharField(
        label="Lý do đổi lịch", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(ViForm):
    reason = forms.CharField(
        label="Lý do hủy", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class PrepareForm(ViForm):
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    draft_resolution = forms.CharField(
        label="Dự thảo nghị quyết",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Chi ủy (bí thư) chuẩn bị; đưa ra biểu quyết ở cuối buổi sinh hoạt.",
    )


class DocumentForm(ViForm):
    title = forms.CharField(label="Tên tài liệu", max_length=200, required=False)
    file = forms.FileField(
        label="Tệp (PDF, Word, Excel, ảnh; tối đa 10 MB)",
        error_messages={"empty": "Tệp trống.", "invalid": "Không nhận được tệp."},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.odt,.txt,.jpg,.jpeg,.png"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = "Cần chọn một tệp."


def member_choices(members, *, empty: str = "— Chọn đảng viên —", present=None):
    """The members as choices; with `present` (the ids marked present at the roll call),
    those first, then the others, each group in the list's (Vietnamese name) order."""
    if not present:
        return [("", empty)] + [(m.pk, m.full_name) for m in members]
    here = [(m.pk, m.full_name) for m in members if m.pk in present]
    others = [(m.pk, m.full_name) for m in members if m.pk not in present]
    return [("", empty), ("Có mặt", here)] + ([("Đảng viên khác", others)] if others else [])


def searchable(field, what: str):
    """A member picker with a search box above it (static/js/picker.js)."""
    field.widget.attrs["data-search"] = what


class AdoptForm(ViForm):
    confirm = forms.BooleanField(
        label="Biên bản đã được đọc lại trước chi bộ và chi bộ nhất trí thông qua.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].error_messages["required"] = (
            "Cần xác nhận biên bản đã được đọc lại và thông qua."
        )


AMEND_LABELS = {
    "news": "Thông tin thời sự",
    "new_policies": "Chủ trương, chính sách mới",
    "review_results": "Kết quả đạt được tháng trước",
    "review_shortcomings": "Tồn tại, hạn chế",
    "review_causes": "Nguyên nhân",
    "study_item": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "self_criticism": "Tự phê bình và phê bình",
    "next_month": "Phương hướng, nhiệm vụ tháng tới",
    "conclusion": "Kết luận của đồng chí chủ trì",
    "resolution": "Nghị quyết (kết luận)",
}


class AmendForm(ViForm):
    reason = forms.CharField(
        label="Lý do đính chính", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, content: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in AMEND_LABELS.items():
            self.fields[name] = text_field(label, rows=3)
            self.fields[name].widget.attrs["class"] = "form-control"
            if not self.is_bound:
                self.initial[name] = content.get(name, "")
        vietnamese_required(self)
        self.fields["reason"].error_messages["required"] = "Cần ghi lý do đính chính."

    def content(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in AMEND_LABELS}


class TaskFilterForm(ViForm):
    organization = OrganizationField()
    state = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        choices=[
            ("open", "Đang thực hiện"),
            ("overdue", "Quá hạn"),
            ("done", "Đã hoàn thành"),
            ("all", "Tất cả"),
        ],
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].offer(organizations)


class YearFilterForm(ViForm):
    organization = OrganizationField()
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].offer(organizations)
        self.fields["year"].choices = year_choices()

