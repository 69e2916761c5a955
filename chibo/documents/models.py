"""The register of document numbers (sổ đăng ký văn bản).

Hướng dẫn 36-HD/VPTW (2018), mục II.1.3.1: a party organization numbers its documents
from 01 for each kind of document (tên loại văn bản) across the committee's term
(nhiệm kỳ cấp ủy), from the day after its congress closes to the close of the next.
The term's first day comes from the policy `document.term_start` (chibo.documents.
numbering), so a new term starts again at 01 without touching the earlier numbers.

`DocumentCounter` is the row that adoption locks to take the next number: two adoptions
of the same cell at once queue on it and get 01 and 02. `DocumentNumber` is the number
given, written once in the adoption's transaction (a failed adoption leaves neither) and
never edited; it says who issued it and when, so it keeps no separate history.
"""

from django.conf import settings
from django.db import models


class DocumentKind(models.TextChoices):
    MINUTES = "BB", "Biên bản"
    RESOLUTION = "NQ", "Nghị quyết"
    REPORT = "BC", "Báo cáo"


class DocumentCounter(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name="tổ chức đảng ban hành",
    )
    kind = models.CharField("loại văn bản", max_length=4, choices=DocumentKind.choices)
    term_start = models.DateField("nhiệm kỳ từ ngày")
    last = models.PositiveIntegerField("số đã cấp gần nhất", default=0)

    class Meta:
        verbose_name = "bộ đếm số văn bản"
        verbose_name_plural = "bộ đếm số văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "term_start"], name="unique_document_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.last} (nhiệm kỳ từ {self.term_start:%d/%m/%Y})"


class DocumentNumber(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name="tổ chức đảng ban hành",
    )
    kind = models.CharField("loại văn bản", max_length=4, choices=DocumentKind.choices)
    term_start = models.DateField("nhiệm kỳ từ ngày")
    number = models.PositiveIntegerField("số")
    symbol = models.CharField("số và ký hiệu", max_length=40)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True,
        related_name="document_numbers", verbose_name="buổi sinh hoạt",
    )
    issued_at = models.DateTimeField("thời điểm cấp số")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người thông qua",
    )

    class Meta:
        ordering = ["organization", "kind", "term_start", "number"]
        verbose_name = "số văn bản"
        verbose_name_plural = "sổ đăng ký văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "term_start", "number"],
                name="unique_document_number",
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind"], name="one_number_per_meeting_document"
            ),
        ]

    def __str__(self) -> str:
        return f"Số {self.symbol}"
