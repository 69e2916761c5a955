"""Forms of the grading pages. They read scores typed with a decimal comma (7,5) and give
Vietnamese messages naming the criterion; the grading rules stay in `rules` and the
services."""

import datetime as dt
import math

from django import forms
from django.utils import timezone

from chibo.core.concurrency import edit_base
from chibo.core.forms import BootstrapMixin, with_edit_base
from chibo.grading.models import Grade
from chibo.grading.services import REVIEW_FIELDS, SELF_FIELDS

REQUIRED = "Trường này là bắt buộc."
GRADE_CHOICES = [("", "— Chọn mức xếp loại —"), *Grade.choices]


def comma(value) -> str:
    """A number as Vietnamese write it: 7,5 and 8 (no trailing zero)."""
    if value is None or value == "":
        return ""
    return f"{float(value):g}".replace(".", ",")


def year_choices(today: dt.date | None = None):
    today = today or timezone.localdate()
    return [(y, str(y)) for y in range(today.year, today.year - 6, -1)]


def parse_year(value, today: dt.date | None = None) -> int:
    """The year asked for (?year=), else the current one; years outside the list too."""
    today = today or timezone.localdate()
    try:
        year = int(value)
    except (TypeError, ValueError):
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


class ViForm(BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED
            field.error_messages["invalid_choice"] = "Lựa chọn không hợp lệ."


class ScoreField(forms.CharField):
    """Points of one criterion, 0..its maximum, typed 7 or 7,5."""

    def __init__(self, *, maximum: float, label: str, **kwargs):
        self.maximum = maximum
        self.criterion = label
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "decimal",
                    "autocomplete": "off",
                    "data-max": f"{maximum:g}",
                    "size": 5,
                    "class": "score",
                }
            ),
        )
        super().__init__(label=label, required=False, **kwargs)

    def clean(self, value):
        text = (value or "").strip().replace(",", ".")
        if not text:
            raise forms.ValidationError(f"Chưa chấm tiêu chí «{self.criterion}».", code="required")
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise forms.ValidationError("Điểm phải là số, vd. 7 hoặc 7,5.", code="invalid")
        if not 0 <= number <= self.maximum:
            raise forms.ValidationError(
                f"Điểm từ 0 đến {comma(self.maximum)} (đã nhập {comma(number)}).",
                code="max",
            )
        return round(number, 2)


class SelfAssessmentForm(ViForm):
    """One field per criterion of the policy's form (general, then task results), and the
    self-review in words."""

    note = forms.CharField(
        label="Tự nhận xét ưu điểm, khuyết điểm",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, spec: dict, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.groups = []
        for group, title in (
            ("general", "Tiêu chí chung"),
            ("tasks", "Kết quả thực hiện nhiệm vụ"),
        ):
            items = list(spec.get(group, []))
            self.groups.append(
                {
                    "key": group,
                    "title": title,
                    "max": sum(c["points"] for c in items),
                    "names": [f"s_{c['code']}" for c in items],
                }
            )
            for criterion in items:
                name = f"s_{criterion['code']}"
                self.fields[name] = ScoreField(
                    maximum=float(criterion["points"]), label=criterion["label"]
                )
                if not self.is_bound and assessment is not None:
                    self.initial[name] = comma(assessment.self_scores.get(criterion["code"]))
        self.order_fields([n for g in self.groups for n in g["names"]] + ["note"])
        if not self.is_bound and assessment is not None:
            self.initial["note"] = assessment.self_note
        # What the form was loaded with, so a save cannot overwrite a newer one unseen.
        with_edit_base(self, edit_base(assessment, SELF_FIELDS) if assessment else None)

    def grouped(self):
        """[(group, [bound field, ...])] for the template."""
        return [(g, [self[name] for name in g["names"]]) for g in self.groups]

    def scores(self) -> dict:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name not in ("note", "base")
        }


class CellReviewForm(ViForm):
    """The cell's proposal of its own grade (the cell's conference)."""

    grade = forms.ChoiceField(label="Mức xếp loại chi bộ đề xuất", choices=GRADE_CHOICES)
    note = forms.CharField(
        label="Nhận xét", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        with_edit_base(self, edit_base(assessment, REVIEW_FIELDS) if assessment else None)


class CorrectForm(ViForm):
    grade = forms.ChoiceField(label="Mức xếp loại sau đính chính", choices=GRADE_CHOICES)
    reason = forms.CharField(
        label="Lý do đính chính", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Cần ghi lý do đính chính."


def review_rows(post, members, assessments: dict, suggested: dict) -> tuple[list[dict], list[str]]:
    """Rows of the cell's review table: for each member the grade and the note proposed
    (posted, saved, or the grade the rules suggest) and the messages of a bad row."""
    rows, errors = [], []
    for member in members:
        a = assessments.get(member.pk)
        if post is not None:
            grade = post.get(f"grade_{member.pk}", "")
            note = post.get(f"note_{member.pk}", "")
        else:
            grade = (a.review_grade if a else "") or suggested.get(member.pk, "")
            note = a.review_note if a else ""
        if post is not None:
            base = post.get(f"base_{member.pk}", "")
        else:
            base = edit_base(a, REVIEW_FIELDS) if a else ""
        row = {
            "member": member,
            "assessment": a,
            "grade": grade,
            "note": note,
            "error": "",
            "base": base,
            "newer": None,
        }
        if post is not None and grade:
            if grade not in Grade.values:
                row["error"] = "Mức xếp loại không hợp lệ."
            elif a is None or a.stage == "draft":
                row["error"] = "Chưa có bản tự đánh giá để chi bộ xem xét."
            elif a.stage in ("decided", "superseded"):
                row["error"] = "Cấp ủy đã quyết định; không đề xuất lại được."
            if row["error"]:
                errors.append(f"{member.full_name}: {row['error']}")
        rows.append(row)
    return rows, errors
