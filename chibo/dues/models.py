"""Party dues (đảng phí): what each member owes each month and what they paid.

The amount due is computed when the month is recorded, from the member's category and
base (`DuesBasis`, with history) and the rates in force that month (policy `dues.rates`),
and kept on the row: a later change of rate or salary never rewrites a paid month."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class DuesCategory(models.TextChoices):
    # The keys of the policy dues.rates; a committee may add its own version of the rates.
    SALARIED = "salaried", "Hưởng tiền lương, tiền công"
    PENSION = "pension", "Hưởng lương hưu, trợ cấp bảo hiểm xã hội"
    ALLOWANCE = "allowance", "Hưởng phụ cấp (không chuyên trách xã, thôn, tổ dân phố)"
    STUDENT = "student", "Học sinh, sinh viên không hưởng lương, phụ cấp"
    OTHER = "other", "Đảng viên khác (không có thu nhập thường xuyên, hết tuổi lao động…)"


class UnpaidReason(models.TextChoices):
    NONE = "", "—"
    EXCUSED = "excused", "Chưa đóng, có lý do"
    UNEXCUSED = "unexcused", "Chưa đóng, không lý do"


class DuesBasis(models.Model):
    """A member's dues category and base (salary, pension or allowance in đồng) from a
    date; the row in force for a month is the latest one on or before its last day."""

    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.CASCADE, related_name="dues_bases",
        verbose_name="đảng viên",
    )
    category = models.CharField("đối tượng", max_length=20, choices=DuesCategory.choices)
    base_amount = models.PositiveBigIntegerField(
        "mức lương, lương hưu, phụ cấp làm căn cứ (đồng)", null=True, blank=True
    )
    effective_from = models.DateField("áp dụng từ ngày")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-effective_from"]
        verbose_name = "căn cứ đóng đảng phí"
        verbose_name_plural = "căn cứ đóng đảng phí"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_from"], name="dues_basis_one_per_day"
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.get_category_display()} từ {self.effective_from:%d/%m/%Y}"


class DuesPayment(models.Model):
    """One member's dues for one month: due, paid, or why not."""

    member = models.ForeignKey(
        "members.PartyMember", on_delete=models.PROTECT, related_name="dues_payments",
        verbose_name="đảng viên",
    )
    # The cell the member paid in (their cell when recorded): the summaries and the scope
    # read it, so a later transfer does not move the money to another cell's books.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name="chi bộ",
    )
    month = models.DateField("tháng")  # always the 1st
    category = models.CharField("đối tượng", max_length=20, choices=DuesCategory.choices)
    base_amount = models.PositiveBigIntegerField("căn cứ (đồng)", null=True, blank=True)
    amount_due = models.PositiveBigIntegerField("phải đóng (đồng)")
    amount_paid = models.PositiveBigIntegerField("đã đóng (đồng)", default=0)
    paid_on = models.DateField("ngày đóng", null=True, blank=True)
    unpaid_reason = models.CharField(
        "chưa đóng", max_length=20, choices=UnpaidReason.choices, blank=True, default=""
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="dues_payments", verbose_name="thu tại buổi sinh hoạt",
    )
    rates_basis = models.CharField("căn cứ mức đóng", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "member__sort_key", "member_id"]
        verbose_name = "đảng phí tháng"
        verbose_name_plural = "đảng phí tháng"
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_one_per_member_month")
        ]
        indexes = [models.Index(fields=["organization", "month"])]

    def __str__(self):
        return f"{self.member} – {self.month:%m/%Y}"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None
