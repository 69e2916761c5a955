"""The daily reminder of probations ending: the cell's secretary and the higher
committee's staff are told once, `member.recognition_notice_days` before the end. Run
once a day next to escalate_overdue_concerns; a second run the same day tells nobody
twice."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from chibo.members import services_life


def _day(value: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {value!r}; hãy ghi theo dạng dd/mm/yyyy.")


class Command(BaseCommand):
    help = (
        "Báo bí thư chi bộ và cán bộ cấp ủy cấp trên về các đảng viên dự bị sắp hết thời "
        "hạn dự bị (theo quy định member.recognition_notice_days), mỗi người một lần. Chạy "
        "mỗi ngày một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_day, default=None,
                            help="tính như vào ngày này (dd/mm/yyyy), mặc định hôm nay")

    def handle(self, *args, date, **options):
        told = services_life.probation_reminders(today=date)
        self.stdout.write(f"Đã báo {told} đảng viên dự bị sắp hết thời hạn dự bị.")
