"""Forms of the commitment pages. The rules (what a register needs, who decides) stay in
the services; these parse what people type and give Vietnamese messages."""

from django import forms

from chibo.commitments.models import RESIDENCE_POINTS, ItemResult, ResidenceRating, TopicKind
from chibo.core.web import OrganizationField
from chibo.meetings.forms import ViForm, year_choices

# A register is edited as rows of (text, measure); a few empty rows to add more.
EMPTY_ROWS = 2
MIN_ROWS = 3


def item_rows(commitment=None, posted=None) -> list[dict]:
    """[{"text", "measure"}] for the items editor: what was posted, or the saved items
    and empty rows to add more."""
    if posted is not None:
        texts, measures = posted.getlist("text"), posted.getlist("measure")
        rows = [
            {"text": text, "measure": measures[n] if n < len(measures) else ""}
            for n, text in enumerate(texts)
        ]
    else:
        items = list(commitment.items.all()) if commitment is not None else []
        rows = [{"text": i.text, "measure": i.measure} for i in items]
    filled = [r for r in rows if r["text"].strip() or r["measure"].strip()]
    blanks = max(EMPTY_ROWS, MIN_ROWS - len(filled))
    return filled + [{"text": "", "measure": ""} for _ in range(blanks)]


def posted_items(posted) -> list[dict]:
    texts, measures = posted.getlist("text"), posted.getlist("measure")
    return [
        {"text": text, "measure": measures[n] if n < len(measures) else ""}
        for n, text in enumerate(texts)
    ]


class DecideForm(ViForm):
    note = forms.CharField(
        label="Ý kiến của chi ủy",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Bắt buộc khi trả lại"}),
    )


def posted_results(posted, commitment) -> dict[int, str]:
    """{item id: result} from the year-end form (`result_<item id>`)."""
    out = {}
    for item in commitment.items.all():
        value = posted.get(f"result_{item.pk}")
        if value is not None:
            out[item.pk] = value
    return out


RESULT_CHOICES = ItemResult.choices


class TopicForm(ViForm):
    kind = forms.ChoiceField(label="Loại", choices=TopicKind.choices)
    title = forms.CharField(
        label="Chủ đề", max_length=400, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.CharField(
        label="Căn cứ",
        required=False,
        max_length=300,
        help_text="Ví dụ: Kết luận 01-KL/TW; Hướng dẫn của Ban Tuyên giáo Trung ương.",
    )
    issuer = OrganizationField(label="Cấp ủy ban hành")

    def __init__(self, *args, issuers, allow_none: bool, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["issuer"]
        field.required = not allow_none  # before offer(): it sets the placeholder
        field.error_messages["required"] = "Cần chọn cấp ủy ban hành."
        # Committees of the write scope are suggested; only `issuers` are taken (a
        # committee below one's own is suggested, then refused with its reason).
        field.offer(
            issuers,
            empty="Trung ương (áp dụng chung)",
            search="write=1&kind=committee",
            among=scope,  # the write scope, labelled as the endpoint does
        )


class OrganizationFilterForm(ViForm):
    organization = OrganizationField()

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].offer(organizations)


class CellPickForm(ViForm):
    """The landing page's way to a cell's registers."""

    cell = forms.TypedChoiceField(label="Chi bộ", coerce=int)
    year = forms.TypedChoiceField(label="Năm", coerce=int)

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = [(c.id, getattr(c, "label", c.name)) for c in cells]
        self.fields["year"].choices = year_choices()


class ResidenceCommentForm(ViForm):
    """The four standard points of QĐ 213, each rated, and the comment."""

    comment = forms.CharField(
        label="Nhận xét của chi ủy nơi cư trú",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        points = {}
        for code, label in RESIDENCE_POINTS:
            points[f"point_{code}"] = forms.ChoiceField(
                label=label,
                choices=ResidenceRating.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Cần chọn mức đánh giá.",
                    "invalid_choice": "Lựa chọn không hợp lệ.",
                },
            )
        self.fields = {**points, "comment": self.fields["comment"]}
        self.fields["comment"].error_messages["required"] = "Cần ghi nhận xét."

    @classmethod
    def initial_from(cls, comment) -> dict:
        if comment is None:
            return {}
        initial = {f"point_{code}": value for code, value in (comment.ratings or {}).items()}
        initial["comment"] = comment.comment
        return initial

    def points(self):
        return [self[f"point_{code}"] for code, _ in RESIDENCE_POINTS]

    def ratings(self) -> dict:
        return {code: self.cleaned_data[f"point_{code}"] for code, _ in RESIDENCE_POINTS}


class ExemptForm(ViForm):
    reason = forms.CharField(
        label="Lý do miễn (theo Hướng dẫn 33-HD/BTCTW)",
        max_length=300,
        help_text="Ví dụ: điều trị bệnh dài ngày; công tác, học tập ở nước ngoài.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Cần ghi lý do."
