"""Forms of the supervision pages: what officials, committees and secretaries type, with
Vietnamese messages. The rules stay in the services."""

import datetime as dt

from django import forms
from django.utils import timezone

from chibo.core.forms import ViDateField
from chibo.core.web import OrganizationField, picked_organization
from chibo.meetings.forms import ViForm, member_choices, year_choices
from chibo.supervision.models import ConcernCategory, ConcernKind, ConcernStatus
from chibo.supervision.services import BANDS

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# --- periods ---------------------------------------------------------------------------


def as_int(value) -> int | None:
    """An id from the query or a posted field; None when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, following - dt.timedelta(days=1)


def quarter_label(year: int, quarter: int) -> str:
    return f"Quý {ROMAN[quarter]}/{year}"


def quarter_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """From last year's first quarter to next year's last, e.g. ("2026-4", "Quý IV/2026")."""
    today = today or timezone.localdate()
    return [
        (f"{year}-{q}", quarter_label(year, q))
        for year in (today.year - 1, today.year, today.year + 1)
        for q in (1, 2, 3, 4)
    ]


def parse_quarter(value: str) -> tuple[int, int] | None:
    try:
        year, quarter = (int(part) for part in (value or "").split("-"))
    except ValueError:
        return None
    if quarter not in ROMAN or not 2000 <= year <= 2100:
        return None
    return year, quarter


def _radios(field) -> None:
    """Radio buttons drawn as large toggle buttons (Bootstrap's btn-check)."""
    field.widget.attrs["class"] = "btn-check"


# --- assignments -----------------------------------------------------------------------


def official_choices(officials):
    return [("", "— Chọn cấp ủy viên —")] + [(u.pk, str(u)) for u in officials]


class AssignmentForm(ViForm):
    """Bulk: one official follows several cells of the committee for a quarter (or dates)."""

    committee = forms.TypedChoiceField(label="Cấp ủy phân công", coerce=int)
    official = forms.TypedChoiceField(label="Cấp ủy viên", coerce=int)
    cells = forms.TypedMultipleChoiceField(
        label="Chi bộ theo dõi", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    quarter = forms.ChoiceField(label="Quý", required=False)
    starts_on = ViDateField(label="Hoặc từ ngày", required=False)
    ends_on = ViDateField(label="đến ngày", required=False)

    def __init__(self, *args, committees, officials, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [(c.pk, c.name) for c in committees]
        self.fields["official"].choices = official_choices(officials)
        self.fields["cells"].choices = [(c.pk, c.name) for c in cells]
        self.fields["quarter"].choices = [("", "— Chọn quý —")] + quarter_choices()
        self.fields["cells"].error_messages["required"] = "Chọn ít nhất một chi bộ."
        self.fields["official"].error_messages["required"] = "Chọn cấp ủy viên được phân công."
        self.fields["cells"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if "starts_on" in self.errors or "ends_on" in self.errors:
            return data
        if starts_on or ends_on:
            if not starts_on:
                self.add_error("starts_on", "Cần ghi cả ngày bắt đầu.")
            elif not ends_on:
                self.add_error("ends_on", "Cần ghi cả ngày kết thúc.")
            elif ends_on < starts_on:
                self.add_error("ends_on", "Ngày kết thúc phải sau ngày bắt đầu.")
            return data
        chosen = parse_quarter(data.get("quarter", ""))
        if chosen is None:
            self.add_error("quarter", "Chọn một quý, hoặc ghi từ ngày đến ngày.")
            return data
        data["starts_on"], data["ends_on"] = quarter_bounds(*chosen)
        return data


class AttendForm(ViForm):
    """One official attends one given meeting."""

    official = forms.TypedChoiceField(label="Cấp ủy viên", coerce=int)
    meeting = forms.TypedChoiceField(label="Buổi sinh hoạt", coerce=int)

    def __init__(self, *args, officials, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].choices = official_choices(officials)
        self.fields["meeting"].choices = [("", "— Chọn buổi sinh hoạt —")] + [
            (
                m.pk,
                f"{timezone.localtime(m.scheduled_at):%d/%m/%Y %H:%M} · {m.organization.name} · "
                f"{m.get_kind_display()}",
            )
            for m in meetings
        ]
        self.fields["official"].error_messages["required"] = "Chọn cấp ủy viên được phân công."
        self.fields["meeting"].error_messages["required"] = "Chọn buổi sinh hoạt."


class PeriodFilterForm(ViForm):
    period = forms.ChoiceField(label="Quý", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = quarter_choices()


# --- the visit report ------------------------------------------------------------------


class VisitForm(ViForm):
    attended = forms.TypedChoiceField(
        label="Đồng chí có dự buổi sinh hoạt không?",
        choices=[("yes", "Có dự"), ("no", "Không dự được")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    band_seen = forms.ChoiceField(
        label="Chất lượng buổi sinh hoạt theo đánh giá của đồng chí",
        choices=[(band, band) for band in BANDS],
        required=False,
        widget=forms.RadioSelect,
    )
    remarks = forms.CharField(
        label="Nhận xét",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Chuẩn bị, điều hành, nội dung, tinh thần đảng viên; điều chi bộ cần rút "
        "kinh nghiệm.",
    )

    def __init__(self, *args, bands=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bands:  # the labels of meeting.quality_bands in force for the meeting
            self.fields["band_seen"].choices = [(label, label) for label, _min in bands]
        _radios(self.fields["attended"])
        _radios(self.fields["band_seen"])
        self.fields["attended"].error_messages["required"] = "Chọn có dự hay không dự."


class ConcernFields(ViForm):
    """What is shared by a concern typed by an official, a secretary or a member."""

    category = forms.ChoiceField(
        label="Lĩnh vực", choices=[("", "— Chọn lĩnh vực —")] + ConcernCategory.choices
    )
    kind = forms.ChoiceField(
        label="Loại", choices=ConcernKind.choices, initial=ConcernKind.PROPOSAL
    )
    text = forms.CharField(
        label="Nội dung", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].error_messages["required"] = "Chọn lĩnh vực."
        self.fields["text"].error_messages["required"] = "Cần ghi nội dung kiến nghị."


class VisitConcernForm(ConcernFields):
    """One concern raised at the meeting; the member who raised it is optional."""

    member = forms.TypedChoiceField(
        label="Đảng viên nêu", coerce=int, required=False, empty_value=None
    )
    member_hidden = forms.BooleanField(label="Ẩn tên với cấp dưới", required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        self.fields["member"].choices = member_choices(members, empty="— Không ghi tên —")
        self.fields[
            "member_hidden"
        ].help_text = "Chi bộ và cấp dưới không thấy tên; chỉ cấp ủy xử lý kiến nghị thấy."

    def clean(self):
        data = super().clean()
        if data.get("member_hidden") and not data.get("member"):
            self.add_error("member_hidden", "Chọn đảng viên nêu ý kiến thì mới ẩn tên được.")
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "kind": data["kind"],
            "text": data["text"],
            "member": self.members.get(data["member"]),
            "member_hidden": data["member_hidden"],
        }


ConcernFormSet = forms.formset_factory(VisitConcernForm, extra=1, max_num=20, validate_max=True)


class ConcernNewForm(VisitConcernForm):
    """A concern sent by the secretary (from the minutes: a member of the cell, a meeting)
    or by a member for themself."""

    meeting = forms.TypedChoiceField(
        label="Buổi sinh hoạt (biên bản)", coerce=int, required=False, empty_value=None
    )
    name_me = forms.BooleanField(label="Ghi tên tôi là người nêu", required=False)

    def __init__(self, *args, members, meetings, as_member=None, **kwargs):
        super().__init__(*args, members=members, **kwargs)
        self.meetings = {m.pk: m for m in meetings}
        self.as_member = as_member
        self.fields["meeting"].choices = [("", "— Không gắn với buổi sinh hoạt —")] + [
            (m.pk, f"{m.get_kind_display()} {timezone.localtime(m.scheduled_at):%d/%m/%Y}")
            for m in meetings
        ]
        if as_member is not None:
            # A member writes for themself: their name or none, never someone else's.
            del self.fields["member"], self.fields["meeting"]
            self.fields["member_hidden"].label = "Chỉ cấp ủy cấp trên thấy tên tôi"
            self.fields["member_hidden"].help_text = "Bí thư và chi bộ không thấy tên đồng chí."
        else:
            del self.fields["name_me"]

    def clean(self):
        data = forms.Form.clean(self)
        named = data.get("name_me") if self.as_member is not None else data.get("member")
        if data.get("member_hidden") and not named:
            field = "member_hidden"
            message = (
                "Chọn ghi tên đồng chí thì mới ẩn tên được."
                if self.as_member is not None
                else "Chọn đảng viên nêu ý kiến thì mới ẩn tên được."
            )
            self.add_error(field, message)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if self.as_member is not None:
            member = self.as_member if data.get("name_me") else None
            meeting = None
        else:
            member = self.members.get(data.get("member"))
            meeting = self.meetings.get(data.get("meeting"))
        return {
            "category": data["category"],
            "kind": data["kind"],
            "text": data["text"],
            "member": member,
            "member_hidden": bool(data.get("member_hidden") and member),
            "meeting": meeting,
        }


# --- concerns --------------------------------------------------------------------------


class ConcernFilterForm(ViForm):
    status = forms.ChoiceField(
        label="Trạng thái", required=False, choices=[("", "Mọi trạng thái")] + ConcernStatus.choices
    )
    category = forms.ChoiceField(
        label="Lĩnh vực", required=False, choices=[("", "Mọi lĩnh vực")] + ConcernCategory.choices
    )
    organization = OrganizationField()
    overdue = forms.ChoiceField(
        label="Thời hạn",
        required=False,
        choices=[("", "Mọi thời hạn"), ("1", "Quá hạn"), ("0", "Chưa quá hạn")],
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].offer(organizations)

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        organization = picked_organization(self)  # OUTSIDE (-1) outside the scope: nothing
        data = self.cleaned_data
        overdue = {"1": True, "0": False}.get(data.get("overdue") or "")
        return {
            "status": data.get("status", ""),
            "category": data.get("category", ""),
            "organization_id": organization,
            "overdue": overdue,
        }


class AnswerForm(ViForm):
    answer = forms.CharField(
        label="Nội dung trả lời",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Được đưa vào chương trình kỳ sinh hoạt tới của chi bộ.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].error_messages["required"] = "Cần ghi nội dung trả lời."


class AssignForm(ViForm):
    assignee = forms.TypedChoiceField(label="Giao cho đồng chí", coerce=int)
    note = forms.CharField(
        label="Ghi chú", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {u.pk: u for u in staff}
        self.fields["assignee"].choices = [("", "— Chọn cán bộ —")] + [
            (u.pk, str(u)) for u in staff
        ]
        self.fields["assignee"].error_messages["required"] = "Chọn người được giao."


class EscalateForm(ViForm):
    note = forms.CharField(
        label="Lý do chuyển cấp trên", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = "Cần ghi lý do chuyển cấp trên."


class CloseForm(ViForm):
    note = forms.CharField(
        label="Kết quả giải quyết hoặc lý do đóng",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = "Cần ghi kết quả hoặc lý do đóng."


# --- figures ---------------------------------------------------------------------------


class FiguresForm(ViForm):
    organization = OrganizationField()
    year = forms.TypedChoiceField(label="Năm", required=False, coerce=int, empty_value=None)
    quarter = forms.TypedChoiceField(
        label="Quý",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("0", "Cả năm")] + [(q, f"Quý {ROMAN[q]}") for q in ROMAN],
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].offer(organizations, empty=None, search="kind=committee")
        self.fields["year"].choices = year_choices()
