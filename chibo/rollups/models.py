"""The figures of each cell and month, kept up to date by the writes that change them
(chibo.rollups.maintain) so that reports over thousands of cells sum one row per
cell-month instead of grouping meetings, visit reports and guests."""

from django.db import models


class CellMonth(models.Model):
    """The cell meetings (regular and thematic) of one cell whose plan month (`period`)
    is `month`: what `figures.cell_month_figures` computes from them, nothing else.

    The row with `band` empty holds the figures; one more row per quality band holds the
    adopted meetings of that band (`band_meetings`; its other columns are zero). The band
    names are the policy in force on the day, so they are rows, not columns, and a report
    still sums bands and figures in one grouped query."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+",
        verbose_name="chi bộ",
    )
    month = models.DateField("tháng")
    band = models.CharField("xếp loại", max_length=20, blank=True)
    band_meetings = models.PositiveIntegerField("số buổi thông qua có xếp loại này", default=0)
    regular = models.PositiveIntegerField("sinh hoạt thường kỳ đã diễn ra", default=0)
    thematic = models.PositiveIntegerField("sinh hoạt chuyên đề đã diễn ra", default=0)
    thematic_planned = models.PositiveIntegerField("sinh hoạt chuyên đề đã lên lịch", default=0)
    visited = models.PositiveIntegerField("buổi có cấp ủy cấp trên dự", default=0)
    held = models.PositiveIntegerField("buổi đã diễn ra", default=0)
    adopted = models.PositiveIntegerField("buổi đã thông qua biên bản", default=0)
    expected = models.PositiveIntegerField("lượt phải dự", default=0)
    present = models.PositiveIntegerField("lượt có mặt", default=0)
    away = models.PositiveIntegerField("lượt không tính", default=0)
    scored = models.PositiveIntegerField("buổi có điểm chất lượng", default=0)
    score_sum = models.FloatField("tổng điểm chất lượng", default=0.0)

    class Meta:
        verbose_name = "số liệu chi bộ theo tháng"
        verbose_name_plural = "số liệu chi bộ theo tháng"
        constraints = [
            models.UniqueConstraint(fields=["organization", "month", "band"],
                                    name="one_rollup_per_cell_month_band")
        ]
        indexes = [models.Index(fields=["month", "organization"], name="rollup_month_cell")]

    def __str__(self):
        return f"{self.organization_id} {self.month:%m/%Y} {self.band}".strip()
