from django.core.management.base import BaseCommand, CommandError

from chibo.organizations.models import Organization
from chibo.rollups.maintain import rebuild


class Command(BaseCommand):
    help = (
        "Tính lại số liệu tổng hợp theo chi bộ và tháng từ các buổi sinh hoạt: toàn bộ, "
        "hoặc một tổ chức (--root, mã số) và một kỳ (--period 2026, 2026-Q3, 2026-07)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", type=int, help="mã số tổ chức: chỉ cây dưới tổ chức này")
        parser.add_argument("--period", help="kỳ: năm (2026), quý (2026-Q3) hoặc tháng (2026-07)")

    def handle(self, *args, root=None, period=None, **options):
        organization = None
        if root is not None:
            organization = Organization.objects.filter(pk=root).first()
            if organization is None:
                raise CommandError(f"Không có tổ chức mã số {root}.")
        start = end = None
        if period:
            # The report periods' codes, read where the command runs: the rollups' own
            # code stays below reports.
            from chibo.reports.periods import Period

            try:
                p = Period.parse(period)
            except ValueError as error:
                raise CommandError(str(error)) from error
            start, end = p.start, p.months[-1]
        written = rebuild(organization, start=start, end=end)
        self.stdout.write(self.style.SUCCESS(f"Đã tính lại {written} dòng chi bộ – tháng."))
