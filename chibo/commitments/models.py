"""Hồ Chí Minh study topics, the yearly commitments of members and cells (P5, P6), and
the residence comments of QĐ 213 (P8)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class TopicKind(models.TextChoices):
    HO_CHI_MINH = "ho_chi_minh", "Chuyên đề học tập và làm theo Bác"
    RESOLUTION = "resolution", "Nghị quyết, chỉ thị về xây dựng Đảng"
    THEMATIC = "thematic", "Chủ đề sinh hoạt chuyên đề khác"


class StudyTopic(models.Model):
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại", max_length=20, choices=TopicKind.choices)
    title = models.CharField("chủ đề", max_length=400)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    issuer = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="study_topics",
        verbose_name="cấp ủy ban hành",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind", "id"]
        verbose_name = "chủ đề học tập"
        verbose_name_plural = "chủ đề học tập"

    def __str__(self):
        return f"{self.year}: {self.title}"


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Trả lại để sửa"


class Commitment(models.Model):
    """One year's register: a member's things to do (đăng ký việc làm theo), or a cell's
    weak tasks to fix. Exactly one of member and cell is set."""

    year = models.PositiveSmallIntegerField("năm")
    member = models.ForeignKey(
        "members.PartyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name="đảng viên",
    )
    cell = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name="chi bộ",
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=CommitmentStatus.choices,
        default=CommitmentStatus.DRAFT,
    )
    note = models.TextField("ý kiến của chi ủy", blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người duyệt",
    )
    approved_at = models.DateTimeField("thời điểm duyệt", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = "đăng ký việc làm theo"
        verbose_name_plural = "đăng ký việc làm theo"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "member"],
                name="one_commitment_per_member",
                condition=models.Q(member__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["year", "cell"],
                name="one_commitment_per_cell",
                condition=models.Q(member__isnull=True),
            ),
        ]

    def __str__(self):
        who = self.member or self.cell
        return f"Đăng ký {self.year} – {who}"

    @property
    def is_cell(self) -> bool:
        return self.member_id is None


class ItemResult(models.TextChoices):
    PENDING = "", "Chưa đánh giá"
    MET = "met", "Hoàn thành"
    PARTLY = "partly", "Hoàn thành một phần"
    NOT_MET = "not_met", "Chưa hoàn thành"


class CommitmentItem(models.Model):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="items", verbose_name="bản đăng ký"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    text = models.CharField("việc đăng ký", max_length=400)
    measure = models.CharField("cách đo, kết quả cần đạt", max_length=300)
    result = models.CharField(
        "kết quả cuối năm", max_length=10, choices=ItemResult.choices, blank=True, default=""
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "việc đăng ký"
        verbose_name_plural = "việc đăng ký"

    def __str__(self):
        return self.text


class CommitmentProgress(models.Model):
    """Progress of one item noted at a meeting (review of last month)."""

    item = models.ForeignKey(
        CommitmentItem, on_delete=models.CASCADE, related_name="progress",
        verbose_name="việc đăng ký",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="commitment_progress",
        verbose_name="buổi sinh hoạt",
    )
    note = models.CharField("tiến độ", max_length=400)
    result = models.CharField(
        "kết quả", max_length=10, choices=ItemResult.choices, blank=True, default=""
    )
    created_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__scheduled_at", "id"]
        verbose_name = "tiến độ việc đăng ký"
        verbose_name_plural = "tiến độ việc đăng ký"

    def __str__(self):
        return self.note


# The standard points of the residence comment (Quy định 213-QĐ/TW, Hướng dẫn 33-HD/BTCTW).
RESIDENCE_POINTS = [
    (
        "policy",
        "Chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước và quy "
        "định của địa phương nơi cư trú",
    ),
    (
        "ethics",
        "Giữ gìn phẩm chất đạo đức, lối sống; gương mẫu cùng gia đình thực hiện nghĩa "
        "vụ công dân nơi cư trú",
    ),
    (
        "participation",
        "Tham gia các hoạt động, phong trào ở nơi cư trú; dự họp chi bộ nơi cư trú khi được mời",
    ),
    (
        "relations",
        "Quan hệ, gắn bó với nhân dân; tham gia xây dựng tổ chức đảng, chính quyền, "
        "đoàn thể nơi cư trú",
    ),
]


class ResidenceRating(models.TextChoices):
    GOOD = "good", "Thực hiện tốt"
    FAIR = "fair", "Thực hiện"
    POOR = "poor", "Chưa thực hiện tốt"


class ResidenceComment(models.Model):
    """The residence chi ủy's yearly comment on a member who works elsewhere."""

    year = models.PositiveSmallIntegerField("năm")
    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.PROTECT, related_name="residence_comments",
        verbose_name="đảng viên",
    )
    residence_cell = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="residence_comments_written",
        verbose_name="chi bộ nơi cư trú",
    )
    ratings = models.JSONField("đánh giá từng nội dung", default=dict)
    comment = models.TextField("nhận xét")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name="người ghi",
    )
    written_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = "nhận xét nơi cư trú"
        verbose_name_plural = "nhận xét nơi cư trú"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "member"], name="one_residence_comment_per_year"
            )
        ]

    def __str__(self):
        return f"Nhận xét nơi cư trú {self.year} – {self.member}"


class ResidenceExemption(models.Model):
    """A member excused from residence contact for the year (HD 33-HD/BTCTW), e.g. on
    long treatment or working abroad."""

    year = models.PositiveSmallIntegerField("năm")
    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.CASCADE, related_name="residence_exemptions",
        verbose_name="đảng viên",
    )
    reason = models.CharField("lý do", max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "miễn liên hệ nơi cư trú"
        verbose_name_plural = "miễn liên hệ nơi cư trú"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "member"], name="one_residence_exemption_per_year"
            )
        ]

    def __str__(self):
        return f"{self.member} ({self.year}): {self.reason}"
