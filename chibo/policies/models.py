from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Policy(models.Model):
    """One version of one rule (a number, a rubric) with its legal basis and the date it
    takes effect. A new guidance adds a row; nothing is overwritten, so a meeting held in
    2024 is still judged by the rule of 2024.

    `issuer` empty: the rule of the whole Party. An issuing committee's own version applies
    to its subtree and wins over the general one (rubrics differ per committee)."""

    key = models.CharField("mã quy định", max_length=80, db_index=True)
    value = models.JSONField("giá trị")
    legal_basis = models.CharField("căn cứ", max_length=300)
    effective_from = models.DateField("hiệu lực từ ngày")
    issuer = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
        verbose_name="cấp ủy ban hành",
    )
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    # The tables keep the names they had when the model lived in chibo.core.
    history = HistoricalRecords(table_name="core_historicalpolicy")

    class Meta:
        db_table = "core_policy"
        ordering = ["key", "-effective_from"]
        verbose_name = "quy định"
        verbose_name_plural = "quy định"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from", "issuer"],
                name="unique_policy_version",
                condition=models.Q(issuer__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["key", "effective_from"],
                name="unique_general_policy_version",
                condition=models.Q(issuer__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.key} (từ {self.effective_from:%d/%m/%Y})"
