from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from chibo.core.vi import fold, name_sort_key, nfc


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class MemberStatus(models.TextChoices):
    FULL = "full", "Chính thức"
    PROBATIONARY = "probationary", "Dự bị"
    EXEMPT = "exempt", "Miễn sinh hoạt"
    # Struck from the list by the higher committee's decision (never by Chibo itself):
    # the record and its history stay, the member leaves the cell's roll and counts.
    REMOVED = "removed", "Đã xóa tên"


class Position(models.TextChoices):
    NONE = "", "Đảng viên"
    SECRETARY = "secretary", "Bí thư"
    DEPUTY = "deputy", "Phó bí thư"
    COMMITTEE = "committee", "Chi ủy viên"


class PartyMember(models.Model):
    full_name = models.CharField("họ và tên", max_length=120)
    gender = models.CharField("giới tính", max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField("ngày sinh")
    card_number = models.CharField("số thẻ đảng viên", max_length=20, unique=True)
    admitted_on = models.DateField("ngày vào Đảng")
    full_member_on = models.DateField("ngày chính thức", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL
    )
    exempt_reason = models.CharField("lý do miễn sinh hoạt", max_length=255, blank=True)
    exempt_from = models.DateField("miễn từ ngày", null=True, blank=True)
    exempt_to = models.DateField("miễn đến ngày", null=True, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="chi bộ sinh hoạt",
    )
    residence_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name="chi bộ nơi cư trú",
    )
    party_group = models.ForeignKey(
        "organizations.PartyGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="tổ đảng",
    )
    position = models.CharField(
        "chức vụ trong chi bộ", max_length=20, choices=Position.choices, blank=True, default=""
    )
    skills = models.TextField("sở trường, năng lực", blank=True)
    notes = models.TextField("ghi chú", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
        verbose_name="tài khoản",
    )
    # Derived from full_name on every save: the Vietnamese order and the folded search text.
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.CharField(max_length=255, editable=False)
    history = HistoricalRecords(excluded_fields=["sort_key", "search_text"])

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        indexes = [models.Index(fields=["organization", "sort_key"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        self.full_name = nfc(self.full_name)
        self.sort_key = name_sort_key(self.full_name)
        self.search_text = f"{fold(self.full_name)} {self.card_number.lower()}"


class Membership(models.Model):
    """Which cell a member belonged to, from when to when. The open row (ended_on empty)
    is the current one and matches PartyMember.organization."""

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="memberships", verbose_name="đảng viên"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name="chi bộ",
    )
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    reason = models.CharField("lý do", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "quá trình sinh hoạt"
        verbose_name_plural = "quá trình sinh hoạt"

    def __str__(self):
        until = f"{self.ended_on:%d/%m/%Y}" if self.ended_on else "nay"
        return f"{self.member} – {self.organization} ({self.started_on:%d/%m/%Y} – {until})"


class ProbationState(models.TextChoices):
    ON_PROBATION = "on_probation", "Đang dự bị"
    PROPOSED = "proposed", "Chi bộ đã đề nghị, chờ cấp ủy quyết định"
    REFERRED = "referred", "Chi bộ biểu quyết chưa đủ tỷ lệ, báo cáo cấp ủy quyết định"
    RECOGNIZED = "recognized", "Đã công nhận đảng viên chính thức"
    STRUCK = "struck", "Đã xóa tên trong danh sách đảng viên dự bị"


class ProbationProposal(models.TextChoices):
    RECOGNIZE = "recognize", "Đề nghị công nhận đảng viên chính thức"
    STRIKE = "strike", "Đề nghị xóa tên (không đủ tư cách đảng viên)"


class Probation(models.Model):
    """A member's probation, from the admission to the higher committee's decision
    (Điều lệ Đảng, Điều 5). The dates are computed from the policies in force on the
    admission day and kept, so a later change of policy does not move them silently."""

    member = models.OneToOneField(
        PartyMember, on_delete=models.CASCADE, related_name="probation", verbose_name="đảng viên"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name="chi bộ",
    )
    admitted_on = models.DateField("ngày kết nạp (lễ kết nạp)")
    admission_decision = models.CharField("số quyết định kết nạp", max_length=60, blank=True)
    admission_decided_on = models.DateField("ngày quyết định kết nạp", null=True, blank=True)
    admission_committee = models.CharField("cấp ủy quyết định kết nạp", max_length=200, blank=True)
    ends_on = models.DateField("ngày hết thời hạn dự bị")
    notice_on = models.DateField("ngày báo cấp ủy")
    consider_by = models.DateField("hạn chi bộ xét công nhận")
    notified_at = models.DateTimeField("đã báo cấp ủy lúc", null=True, blank=True)
    state = models.CharField(
        "tình trạng", max_length=20, choices=ProbationState.choices,
        default=ProbationState.ON_PROBATION,
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="buổi sinh hoạt xét công nhận",
    )
    proposal = models.CharField(
        "nội dung biểu quyết", max_length=20, choices=ProbationProposal.choices, blank=True
    )
    votes_for = models.PositiveIntegerField("tán thành", null=True, blank=True)
    votes_against = models.PositiveIntegerField("không tán thành", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("không biểu quyết", null=True, blank=True)
    eligible = models.PositiveIntegerField("số đảng viên chính thức tính tỷ lệ", null=True,
                                           blank=True)
    vote_rounds = models.PositiveSmallIntegerField("số lần chi bộ đã biểu quyết", default=0)
    decision_number = models.CharField("số quyết định của cấp ủy", max_length=60, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người ghi quyết định",
    )
    decision_note = models.TextField("ghi chú quyết định", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ends_on", "id"]
        verbose_name = "thời kỳ dự bị"
        verbose_name_plural = "thời kỳ dự bị"
        indexes = [models.Index(fields=["state", "ends_on"])]

    def __str__(self):
        return f"{self.member} – dự bị đến {self.ends_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.state in (
            ProbationState.ON_PROBATION, ProbationState.PROPOSED, ProbationState.REFERRED
        )


class RemovalState(models.TextChoices):
    PROPOSED = "proposed", "Chờ cấp ủy quyết định"
    APPROVED = "approved", "Cấp ủy đồng ý xóa tên"
    REJECTED = "rejected", "Cấp ủy không đồng ý xóa tên"
    WITHDRAWN = "withdrawn", "Chi bộ rút đề nghị"


class RemovalProposal(models.Model):
    """The cell's proposal to strike a member from the list (đề nghị xóa tên, Điều lệ
    Đảng, Điều 8) and the higher committee's decision. Chibo only flags absences; the
    status of the member changes only through the decision."""

    member = models.ForeignKey(
        PartyMember, on_delete=models.PROTECT, related_name="removal_proposals",
        verbose_name="đảng viên",
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name="chi bộ đề nghị",
    )
    year = models.PositiveSmallIntegerField("năm")
    months = models.JSONField("các tháng vắng sinh hoạt không lý do", default=list)
    # Điều lệ Đảng, Điều 8: not paying dues three months in the year without reason is a
    # ground of its own; the months recorded unpaid without reason (chibo.dues).
    unpaid_months = models.JSONField(
        "các tháng không đóng đảng phí không lý do", default=list, blank=True
    )
    reason = models.TextField("lý do đề nghị")
    proposed_on = models.DateField("ngày đề nghị")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name="người đề nghị",
    )
    state = models.CharField(
        "tình trạng", max_length=20, choices=RemovalState.choices, default=RemovalState.PROPOSED
    )
    decision_number = models.CharField("số quyết định của cấp ủy", max_length=60, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người ghi quyết định",
    )
    decision_note = models.TextField("ghi chú quyết định", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = "đề nghị xóa tên"
        verbose_name_plural = "đề nghị xóa tên"
        constraints = [
            # One proposal waiting at a time: a second one for the same member is a
            # double click or two secretaries at once, not a second case.
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(state="proposed"),
                name="one_open_removal_per_member",
            )
        ]

    def __str__(self):
        return f"Đề nghị xóa tên {self.member} ({self.proposed_on:%d/%m/%Y})"

    def months_display(self) -> str:
        return ", ".join(f"{int(m[5:7]):02d}/{m[:4]}" for m in self.months)

    @staticmethod
    def short_months(months, year) -> str:
        """["2026-02", "2026-04", "2026-09"] → "T2, T4, T9/2026"."""
        return ", ".join(f"T{int(m[5:7])}" for m in months) + f"/{year}" if months else ""

    def grounds_list(self) -> list[str]:
        """What the proposal rests on: the months absent and/or the months unpaid."""
        grounds = []
        if self.months:
            grounds.append(f"vắng sinh hoạt không lý do {len(self.months)} tháng "
                           f"({self.short_months(self.months, self.year)})")
        if self.unpaid_months:
            grounds.append(f"không đóng đảng phí không lý do {len(self.unpaid_months)} tháng "
                           f"({self.short_months(self.unpaid_months, self.year)})")
        return grounds

    def grounds(self) -> str:
        text = "; ".join(self.grounds_list())
        return text[:1].upper() + text[1:]


class StateKind(models.TextChoices):
    """Periods in which a member stays on the cell's list but does not count: not in the
    vote's denominator, the attendance rate or the absence flags (Quy định thi hành Điều
    lệ Đảng: đảng viên sinh hoạt tạm thời, bị đình chỉ sinh hoạt, bị tạm giam)."""

    TRANSFERRED = "transferred", "Sinh hoạt tạm thời nơi khác"
    SUSPENDED = "suspended", "Đình chỉ sinh hoạt"
    DETAINED = "detained", "Bị tạm giam"


class MemberState(models.Model):
    """One period of such a state, from a day to a day (or still open). Periods of a
    member never overlap; ending one is an edit kept in the history."""

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="states", verbose_name="đảng viên"
    )
    kind = models.CharField("trạng thái", max_length=20, choices=StateKind.choices)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    place = models.CharField(
        "nơi sinh hoạt tạm thời", max_length=255, blank=True,
        help_text="tổ chức đảng nơi đảng viên sinh hoạt tạm thời",
    )
    note = models.CharField("căn cứ, ghi chú", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "thời gian không tính vào số đảng viên của chi bộ"
        verbose_name_plural = "thời gian không tính vào số đảng viên của chi bộ"
        indexes = [models.Index(fields=["member", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="member_state_ends_after_start",
            )
        ]

    def __str__(self):
        until = f"{self.ended_on:%d/%m/%Y}" if self.ended_on else "nay"
        return f"{self.get_kind_display()} ({self.started_on:%d/%m/%Y} – {until})"

    def covers(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)
