"""The reports a committee has issued (báo cáo đã ban hành).

The dashboard and its downloads compute the report from the data of the moment; an
issued report is what the committee signed and filed: its number in the register
(documents.DocumentNumber, kind BC, from 01 across the committee's term) and the PDF as
generated when it was issued, with its SHA-256, so that figures corrected later change
the dashboard and the preview, never the report on file.

The model lives here, not in chibo.documents: it is this app's report (its period, its
figures, its rendering), and documents stays the register every kind of document shares
(reports depends on documents, not the other way round).

One report per committee and period (`one_report_per_period`): an office issues its
quarter's report once; a second issue is refused with the existing number
(services.report_issue). Written once in the issuing transaction and never edited, like
the register: who issued it and when are the number's (`number.issued_by`,
`number.issued_at`), so it keeps no django-simple-history rows."""

import hashlib

from django.db import models


class IssuedReport(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+",
        verbose_name="đảng bộ báo cáo",
    )
    period = models.CharField("kỳ báo cáo", max_length=7)  # "2026-Q3", "2026-07", "2026"
    period_start = models.DateField("kỳ từ ngày")
    period_end = models.DateField("kỳ đến ngày")
    as_of = models.DateField("số liệu tính đến ngày")
    issued_on = models.DateField("ngày ban hành")  # the date printed beside the place
    number = models.OneToOneField(
        "documents.DocumentNumber", on_delete=models.PROTECT, related_name="issued_report",
        verbose_name="số văn bản",
    )
    pdf = models.BinaryField("tệp PDF đã ban hành")
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64)

    class Meta:
        ordering = ["organization", "-period_start", "period_end"]
        verbose_name = "báo cáo đã ban hành"
        verbose_name_plural = "báo cáo đã ban hành"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period"], name="one_report_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo số {self.number.symbol} ({self.period})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Báo cáo đã ban hành không được sửa.")
        super().save(*args, **kwargs)

    @property
    def intact(self) -> bool:
        """The stored PDF is the one issued: its SHA-256 still matches."""
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256
