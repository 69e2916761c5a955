"""Meetings of a cell: plan, agenda, roll call, content, vote, tasks, score, adoption.

Until adoption the meeting's rows are the working draft. Adoption freezes them: the
minutes become a `MinutesVersion` (a JSON snapshot and its SHA-256), and services refuse
any further change to the meeting. A later correction is a new `MinutesVersion` with a
reason; every version is kept, and documents are printed from the latest one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"
    COMMITTEE = "committee", "Sinh hoạt chi ủy"


class DecisionKind(models.TextChoices):
    """What the cell votes on; each has its majority (rules.DECISION_KINDS)."""

    RESOLUTION = "resolution", "Nghị quyết, kết luận của chi bộ"
    ADMISSION = "admission", "Đề nghị kết nạp đảng viên"
    RECOGNITION = "recognition", "Đề nghị công nhận đảng viên chính thức"
    REMOVAL = "removal", "Đề nghị xóa tên trong danh sách đảng viên"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Đã lên lịch"
    HELD = "held", "Đang ghi biên bản"
    ADOPTED = "adopted", "Đã thông qua biên bản"
    CANCELLED = "cancelled", "Đã hủy"


class Meeting(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="chi bộ",
    )
    kind = models.CharField("loại", max_length=20, choices=MeetingKind.choices)
    # The month the meeting belongs to (its plan), even if moved to another day.
    period = models.DateField("kỳ sinh hoạt (tháng)", help_text="ngày 1 của tháng")
    scheduled_at = models.DateTimeField("thời gian dự kiến")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    topic = models.CharField("chủ đề", max_length=300, blank=True)
    combined_with_regular = models.BooleanField(
        "sinh hoạt chuyên đề cùng buổi với sinh hoạt thường kỳ", default=False
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    reschedule_reason = models.CharField("lý do đổi lịch", max_length=300, blank=True)
    # Preparation
    draft_resolution = models.TextField("dự thảo nghị quyết", blank=True)
    # Record
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    ended_at = models.DateTimeField("kết thúc", null=True, blank=True)
    chair = models.ForeignKey(
        "members.PartyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chủ trì",
    )
    minute_taker = models.ForeignKey(
        "members.PartyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thư ký",
    )
    dues_collected = models.BooleanField("đã thu đảng phí", default=False)
    news = models.TextField("thông tin thời sự trong tháng", blank=True)
    new_policies = models.TextField("chủ trương, chính sách mới", blank=True)
    review_results = models.TextField("kết quả đạt được tháng trước", blank=True)
    review_shortcomings = models.TextField("tồn tại, hạn chế", blank=True)
    review_causes = models.TextField("nguyên nhân", blank=True)
    study_item = models.TextField(
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", blank=True
    )
    self_criticism = models.TextField("tự phê bình và phê bình", blank=True)
    next_month = models.TextField("phương hướng, nhiệm vụ tháng tới", blank=True)
    conclusion = models.TextField("kết luận của đồng chí chủ trì", blank=True)
    resolution = models.TextField("nghị quyết (kết luận) được biểu quyết", blank=True)
    decision_kind = models.CharField(
        "loại quyết định biểu quyết", max_length=20, choices=DecisionKind.choices,
        default=DecisionKind.RESOLUTION,
    )
    votes_for = models.PositiveIntegerField("tán thành", null=True, blank=True)
    votes_against = models.PositiveIntegerField("không tán thành", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("không biểu quyết", null=True, blank=True)
    # Quality score: {criterion code: points}; the rubric is the policy in force that day.
    score_items = models.JSONField("điểm từng tiêu chí", default=dict, blank=True)
    # Adoption
    # Written by the services that own them (attendance_record, meeting_adopt) so that
    # reports over thousands of cells sum columns instead of reading every roll call.
    roll_expected = models.PositiveIntegerField(
        "số đảng viên phải dự", null=True, blank=True,
        help_text="người trong danh sách trừ đảng viên được miễn sinh hoạt",
    )
    roll_present = models.PositiveIntegerField(
        "số đảng viên phải dự có mặt", null=True, blank=True
    )
    roll_away = models.PositiveIntegerField(
        "số đảng viên không tính vào số phải dự", null=True, blank=True,
        help_text="sinh hoạt tạm thời nơi khác, bị đình chỉ sinh hoạt, bị tạm giam",
    )
    quality_total = models.FloatField("điểm chất lượng khi thông qua", null=True, blank=True)
    quality_band = models.CharField("xếp loại buổi sinh hoạt", max_length=20, blank=True)
    adopted_at = models.DateTimeField("thời điểm thông qua", null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thông qua",
    )
    # When the documents reached the members (policy meeting.document_lead_days): set by
    # lead_time.documents_mark_sent, compared with scheduled_at.
    documents_sent_at = models.DateTimeField("thời điểm gửi tài liệu", null=True, blank=True)
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-scheduled_at", "id"]
        verbose_name = "buổi sinh hoạt"
        verbose_name_plural = "các buổi sinh hoạt"
        indexes = [
            models.Index(fields=["organization", "scheduled_at"]),
            models.Index(fields=["period", "kind"]),
            # Minutes waiting for adoption (held), or adopted late (the reports' list).
            models.Index(fields=["status", "adopted_at"], name="meeting_status_adopted"),
        ]
        constraints = [
            # One regular and one chi ủy meeting per cell and month; thematic ones may be more.
            models.UniqueConstraint(
                fields=["organization", "kind", "period"],
                name="one_meeting_per_kind_month",
                condition=models.Q(kind__in=["regular", "committee"]),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period:%m/%Y} – {self.organization}"

    @property
    def is_adopted(self) -> bool:
        return self.status == MeetingStatus.ADOPTED

    @property
    def is_held(self) -> bool:
        """Roll call taken, minutes not adopted yet: the meeting is being recorded."""
        return self.status == MeetingStatus.HELD

    @property
    def is_committee(self) -> bool:
        """A meeting of the cell's committee (chi ủy), not of the whole cell."""
        return self.kind == MeetingKind.COMMITTEE

    @property
    def duration_minutes(self) -> int | None:
        if self.started_at and self.ended_at:
            return int((self.ended_at - self.started_at).total_seconds() // 60)
        return None


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name="buổi sinh hoạt"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    title = models.CharField("nội dung", max_length=300)
    notes = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "mục chương trình"
        verbose_name_plural = "chương trình sinh hoạt"

    def __str__(self):
        return self.title


class Presence(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    UNEXCUSED = "unexcused", "Vắng không lý do"


class Attendance(models.Model):
    """One member at one meeting. `member_status` keeps the member's status on the day,
    since the vote and the attendance rate depend on it and it changes later."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name="buổi sinh hoạt"
    )
    member = models.ForeignKey(
        "members.PartyMember",
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name="đảng viên",
    )
    member_status = models.CharField("trạng thái đảng viên hôm đó", max_length=20)
    presence = models.CharField("điểm danh", max_length=20, choices=Presence.choices)
    reason = models.CharField("lý do vắng", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member__sort_key"]
        verbose_name = "điểm danh"
        verbose_name_plural = "điểm danh"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")
        ]
        indexes = [
            models.Index(fields=["member", "presence"]),
            # Unexcused absences are a few percent of the roll calls; absence flags and
            # the reports read only them.
            models.Index(fields=["meeting", "member"], condition=Q(presence=Presence.UNEXCUSED),
                         name="attendance_unexcused"),
        ]

    def __str__(self):
        return f"{self.member} – {self.get_presence_display()}"


class Guest(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name="buổi sinh hoạt"
    )
    name = models.CharField("họ và tên", max_length=120)
    office = models.CharField("chức vụ, đơn vị", max_length=200, blank=True)
    is_higher_official = models.BooleanField("cấp ủy cấp trên", default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="tài khoản",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_higher_official", "id"]
        verbose_name = "khách mời"
        verbose_name_plural = "khách mời"

    def __str__(self):
        return self.name


class Section(models.TextChoices):
    REVIEW = "review", "Đánh giá tháng trước"
    NEWS = "news", "Thông tin thời sự, chủ trương mới"
    STUDY = "study", "Học tập và làm theo Bác"
    DISCUSSION = "discussion", "Thảo luận"
    CRITICISM = "criticism", "Tự phê bình và phê bình"
    NEXT = "next", "Nhiệm vụ tháng tới"


class Speech(models.Model):
    """Each speaker by name and what they said, as the minutes must record."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="speeches", verbose_name="buổi sinh hoạt"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    section = models.CharField(
        "phần", max_length=20, choices=Section.choices, default=Section.DISCUSSION
    )
    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="đảng viên",
    )
    speaker_name = models.CharField("người phát biểu", max_length=120)
    text = models.TextField("nội dung")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "phát biểu"
        verbose_name_plural = "phát biểu"

    def __str__(self):
        return f"{self.speaker_name}: {self.text[:40]}"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    CLOSED = "closed", "Đã đóng"


class TaskResult(models.TextChoices):
    DONE = "done", "Hoàn thành"
    PARTLY = "partly", "Hoàn thành một phần"
    NOT_DONE = "not_done", "Chưa hoàn thành"


class Task(models.Model):
    """A task the meeting assigned to a named member, reviewed at later meetings until
    done. A task nobody reports on stays open and comes back on the next agenda."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name="chi bộ",
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="tasks", verbose_name="giao tại buổi"
    )
    assignee = models.ForeignKey(
        "members.PartyMember",
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name="người thực hiện",
    )
    title = models.CharField("nhiệm vụ", max_length=300)
    deadline = models.DateField("thời hạn")
    status = models.CharField(
        "trạng thái", max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    last_result = models.CharField(
        "kết quả lần đánh giá gần nhất", max_length=20, choices=TaskResult.choices, blank=True
    )
    closed_at = models.DateField("ngày đóng", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self):
        return self.title


class TaskReview(models.Model):
    """How a task stood at a meeting: done, partly, not done, with a comment."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reviews", verbose_name="nhiệm vụ"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="task_reviews",
        verbose_name="buổi sinh hoạt",
    )
    result = models.CharField("kết quả", max_length=20, choices=TaskResult.choices)
    comment = models.CharField("nhận xét", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = "đánh giá nhiệm vụ"
        verbose_name_plural = "đánh giá nhiệm vụ"
        constraints = [
            models.UniqueConstraint(fields=["task", "meeting"], name="one_review_per_meeting")
        ]

    def __str__(self):
        return f"{self.task} – {self.get_result_display()}"


def _document_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{filename}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name="buổi sinh hoạt"
    )
    title = models.CharField("tên tài liệu", max_length=200)
    file = models.FileField("tệp", upload_to=_document_path)
    size = models.PositiveIntegerField("dung lượng (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tài liệu buổi sinh hoạt"
        verbose_name_plural = "tài liệu buổi sinh hoạt"

    def __str__(self):
        return self.title


class MinutesVersion(models.Model):
    """The adopted minutes (number 1) and each later correction, never edited."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="versions", verbose_name="buổi sinh hoạt"
    )
    number = models.PositiveSmallIntegerField("bản số")
    snapshot = models.JSONField("nội dung biên bản")
    content_hash = models.CharField("mã băm SHA-256", max_length=64)
    reason = models.TextField("lý do đính chính", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name="người thông qua hoặc đính chính",
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    # The snapshot itself is the record (and its hash is kept); history says who, when.
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = "bản biên bản"
        verbose_name_plural = "các bản biên bản"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_minutes_version")
        ]

    def __str__(self):
        return f"Biên bản {self.meeting} – bản {self.number}"
