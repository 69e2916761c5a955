from django.db import models
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from chibo.core.paths import STEP, parent_path


class Level(models.Model):
    """A level of the tree ("Đảng bộ thành phố", "Đảng bộ phường", "Chi bộ"): data, not code,
    because the levels changed in 2025 and may change again."""

    name = models.CharField("tên cấp", max_length=100, unique=True)
    rank = models.PositiveSmallIntegerField("thứ tự", help_text="0 là cấp cao nhất")
    is_cell_level = models.BooleanField("là cấp chi bộ", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = "cấp tổ chức"
        verbose_name_plural = "các cấp tổ chức"

    def __str__(self):
        return self.name


class CellKind(models.TextChoices):
    RESIDENTIAL = "residential", "Khu dân cư"
    AGENCY = "agency", "Cơ quan"
    SCHOOL = "school", "Trường học"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    ARMED_FORCES = "armed_forces", "Lực lượng vũ trang"
    OTHER = "other", "Khác"


class Organization(MP_Node):
    """A party organization. Subtree reads use the materialized path prefix (one indexed
    query); `path` never changes except through `organization_move`."""

    name = models.CharField("tên", max_length=200)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, verbose_name="cấp")
    kind = models.CharField("loại hình", max_length=20, choices=CellKind.choices, blank=True)
    is_cell = models.BooleanField("là chi bộ", default=False)
    code = models.CharField("ký hiệu", max_length=30, blank=True)
    address = models.CharField("địa điểm", max_length=255, blank=True)
    # Reports count a cell from the first month it exists for in full; empty means it was
    # there before Chibo's data starts.
    founded_on = models.DateField("ngày thành lập", null=True, blank=True)
    dissolved_on = models.DateField("ngày giải thể", null=True, blank=True)
    dissolved_reason = models.TextField("lý do giải thể", blank=True)
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    history = HistoricalRecords()

    node_order_by = None
    steplen = STEP

    class Meta:
        verbose_name = "tổ chức đảng"
        indexes = [
            # Subtree filters are `path LIKE 'prefix%'`; under a non-C collation PostgreSQL
            # uses an index for that only with pattern ops. SQLite ignores the opclass.
            models.Index(fields=["path"], name="org_path_prefix",
                         opclasses=["varchar_pattern_ops"]),
        ]
        verbose_name_plural = "các tổ chức đảng"

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def parent_path(self) -> str:
        return parent_path(self.path)

    def subtree_q(self, prefix: str = "") -> models.Q:
        return models.Q(**{f"{prefix}path__startswith": self.path})


class PartyGroup(models.Model):
    """Tổ đảng: a group of members inside one cell."""

    cell = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="party_groups", verbose_name="chi bộ"
    )
    name = models.CharField("tên tổ đảng", max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "tổ đảng"
        verbose_name_plural = "các tổ đảng"
        constraints = [
            models.UniqueConstraint(fields=["cell", "name"], name="unique_party_group_name")
        ]

    def __str__(self):
        return self.name
