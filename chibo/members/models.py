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
