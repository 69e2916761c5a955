"""Higher-level officials following cells and attending their meetings (P2), and the
concerns they bring back, followed to an answer.

A concern is routed to the committee responsible (first the cell's own higher
committee), which answers it, hands it to one of its people, or escalates it one level
up. Every step is a `ConcernAction`; the committees a concern has passed through are its
route, and only the route and the raising cell may see it.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class AssignmentKind(models.TextChoices):
    FOLLOW = "follow", "Theo dõi chi bộ"
    ATTEND = "attend", "Dự sinh hoạt"


class Assignment(models.Model):
    """A committee member assigned to follow a cell for a period, or to attend one of
    its meetings."""

    committee = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assignments_made",
        verbose_name="cấp ủy phân công",
    )
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name="cấp ủy viên",
    )
    cell = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name="chi bộ",
    )
    kind = models.CharField("loại", max_length=10, choices=AssignmentKind.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name="buổi sinh hoạt",
    )
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name="người phân công",
    )
    created_at = models.DateTimeField("thời điểm phân công", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = "phân công theo dõi, dự sinh hoạt"
        verbose_name_plural = "phân công theo dõi, dự sinh hoạt"
        indexes = [
            models.Index(fields=["official", "ends_on"]),
            models.Index(fields=["cell", "starts_on"]),
        ]

    def __str__(self):
        return f"{self.official} – {self.cell} ({self.get_kind_display()})"


class VisitReport(models.Model):
    """What the official saw at a meeting: attended or not, the band as they judged it,
    remarks. Concerns raised there hang off it."""

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visit_reports",
        verbose_name="cấp ủy viên",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="visit_reports",
        verbose_name="buổi sinh hoạt",
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name="phân công",
    )
    attended = models.BooleanField("có dự")
    band_seen = models.CharField("xếp loại theo đánh giá của người dự", max_length=20, blank=True)
    remarks = models.TextField("nhận xét", blank=True)
    created_at = models.DateTimeField("thời điểm báo cáo", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "báo cáo dự sinh hoạt"
        verbose_name_plural = "báo cáo dự sinh hoạt"
        constraints = [
            models.UniqueConstraint(
                fields=["official", "meeting"], name="one_report_per_official_meeting"
            )
        ]

    def __str__(self):
        return f"{self.official} – {self.meeting}"


class ConcernCategory(models.TextChoices):
    LIVING = "living", "Đời sống"
    POLICY = "policy", "Chế độ chính sách"
    LAND = "land", "Đất đai"
    INFRASTRUCTURE = "infrastructure", "Hạ tầng"
    SECURITY = "security", "An ninh trật tự"
    PARTY_WORK = "party_work", "Công tác đảng"
    OTHER = "other", "Khác"


class ConcernKind(models.TextChoices):
    ASPIRATION = "aspiration", "Tâm tư, nguyện vọng"
    DIFFICULTY = "difficulty", "Khó khăn, vướng mắc"
    PROPOSAL = "proposal", "Kiến nghị"


class ConcernSource(models.TextChoices):
    OFFICIAL = "official", "Cấp ủy viên dự sinh hoạt"
    SECRETARY = "secretary", "Bí thư chi bộ (từ biên bản)"
    MEMBER = "member", "Đảng viên"


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Chờ xử lý"
    ASSIGNED = "assigned", "Đã giao xử lý"
    ANSWERED = "answered", "Đã trả lời"
    CLOSED = "closed", "Đã đóng"


class Concern(models.Model):
    cell = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="concerns",
        verbose_name="chi bộ",
    )
    member = models.ForeignKey(
        "members.PartyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name="đảng viên nêu",
    )
    member_hidden = models.BooleanField(
        "ẩn tên đảng viên với cấp dưới",
        default=False,
        help_text="Chỉ cấp ủy đang xử lý và cấp trên trên đường chuyển mới thấy tên.",
    )
    kind = models.CharField(
        "loại", max_length=20, choices=ConcernKind.choices, default=ConcernKind.PROPOSAL
    )
    category = models.CharField("lĩnh vực", max_length=20, choices=ConcernCategory.choices)
    text = models.TextField("nội dung")
    source = models.CharField("nguồn", max_length=20, choices=ConcernSource.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người ghi nhận",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name="nêu tại buổi sinh hoạt",
    )
    visit = models.ForeignKey(
        VisitReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns",
        verbose_name="báo cáo dự sinh hoạt",
    )
    responsible = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="concerns_responsible",
        verbose_name="cấp ủy đang xử lý",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns_assigned",
        verbose_name="người được giao",
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    raised_on = models.DateField("ngày tiếp nhận")
    deadline = models.DateField("hạn trả lời")
    answer = models.TextField("nội dung trả lời", blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    # The cell meeting where the answer was reported back to the members.
    reported_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers_reported",
        verbose_name="đã thông báo tại buổi sinh hoạt",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = "kiến nghị"
        verbose_name_plural = "kiến nghị"
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["responsible", "status"]),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.status in (ConcernStatus.OPEN, ConcernStatus.ASSIGNED)


class ActionKind(models.TextChoices):
    RECEIVE = "receive", "Tiếp nhận"
    ASSIGN = "assign", "Giao xử lý"
    ESCALATE = "escalate", "Chuyển cấp trên"
    AUTO_ESCALATE = "auto_escalate", "Tự động chuyển cấp trên do quá hạn"
    ANSWER = "answer", "Trả lời"
    CLOSE = "close", "Đóng"
    REPORT = "report", "Thông báo tại sinh hoạt chi bộ"


class ConcernAction(models.Model):
    """One step of a concern's life. `organization` is the committee holding it after
    the step; together they are the route."""

    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, related_name="actions", verbose_name="kiến nghị"
    )
    kind = models.CharField("bước", max_length=20, choices=ActionKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name="cấp ủy giữ sau bước này",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người thực hiện",
    )
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "bước xử lý kiến nghị"
        verbose_name_plural = "quá trình xử lý kiến nghị"
        indexes = [models.Index(fields=["organization", "concern"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.concern_id}"
