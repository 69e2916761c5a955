"""Year-end grading of members and cells (P7): self-assessment, the cell's review, the
higher committee's decision. A decided grade is never edited: a correction is a new
assessment that supersedes it, with a reason."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Grade(models.TextChoices):
    EXCELLENT = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "HTNV", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "KHTNV", "Không hoàn thành nhiệm vụ"


class Stage(models.TextChoices):
    DRAFT = "draft", "Đang tự đánh giá"
    SELF = "self", "Đã tự đánh giá"
    REVIEWED = "reviewed", "Chi bộ đã đề xuất"
    DECIDED = "decided", "Cấp ủy đã quyết định"
    SUPERSEDED = "superseded", "Đã được đính chính"


class Assessment(models.Model):
    """One year's grading of a member (member set) or of a cell (member empty)."""

    year = models.PositiveSmallIntegerField("năm")
    member = models.ForeignKey(
        "members.PartyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name="đảng viên",
    )
    cell = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name="chi bộ",
    )
    stage = models.CharField("bước", max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    self_scores = models.JSONField("điểm tự chấm", default=dict, blank=True)
    self_total = models.DecimalField(
        "tổng điểm tự chấm", max_digits=5, decimal_places=2, null=True, blank=True
    )
    self_grade = models.CharField("mức tự xếp loại", max_length=10, choices=Grade.choices,
                                  blank=True)
    self_note = models.TextField("tự nhận xét ưu điểm, khuyết điểm", blank=True)
    self_at = models.DateTimeField("thời điểm tự đánh giá", null=True, blank=True)
    review_total = models.DecimalField(
        "tổng điểm chi bộ chấm", max_digits=5, decimal_places=2, null=True, blank=True
    )
    review_grade = models.CharField("mức chi bộ đề xuất", max_length=10, choices=Grade.choices,
                                    blank=True)
    review_note = models.TextField("nhận xét của chi bộ", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người ghi đề xuất",
    )
    reviewed_at = models.DateTimeField("thời điểm đề xuất", null=True, blank=True)
    decided_grade = models.CharField("mức cấp ủy quyết định", max_length=10,
                                     choices=Grade.choices, blank=True)
    decision_note = models.TextField("ý kiến của cấp ủy", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người ghi quyết định",
    )
    decided_at = models.DateTimeField("thời điểm quyết định", null=True, blank=True)
    # The evidence as it stood when the committee decided, kept with the decision.
    evidence = models.JSONField("căn cứ khi quyết định", default=dict, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by",
        verbose_name="đính chính cho",
    )
    correction_reason = models.TextField("lý do đính chính", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        indexes = [models.Index(fields=["year", "cell"]), models.Index(fields=["year", "member"])]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "member"],
                name="one_live_member_assessment",
                condition=models.Q(member__isnull=False) & ~models.Q(stage="superseded"),
            ),
            models.UniqueConstraint(
                fields=["year", "cell"],
                name="one_live_cell_assessment",
                condition=models.Q(member__isnull=True) & ~models.Q(stage="superseded"),
            ),
        ]

    def __str__(self):
        return f"Xếp loại {self.year} – {self.member or self.cell}"

    @property
    def is_cell(self) -> bool:
        return self.member_id is None

    @property
    def grade(self) -> str:
        """The grade in force: decided, else proposed, else self-assessed."""
        return self.decided_grade or self.review_grade or self.self_grade


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    DISMISSAL = "dismissal", "Cách chức"
    EXPULSION = "expulsion", "Khai trừ"


class Discipline(models.Model):
    """A disciplinary measure, as evidence for the grading of its year."""

    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.PROTECT, related_name="disciplines",
        verbose_name="đảng viên",
    )
    decided_on = models.DateField("ngày quyết định")
    form = models.CharField("hình thức", max_length=20, choices=DisciplineForm.choices)
    reason = models.CharField("lý do", max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"

    def __str__(self):
        return f"{self.get_form_display()} – {self.member}"
