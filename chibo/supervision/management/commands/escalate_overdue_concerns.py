"""The scheduled job of supervision (P2): concerns not answered by their deadline go one
level up, each step kept in the concern's history. Run it once a day (docs/operations.md,
"Scheduled jobs"); running it twice the same day moves nothing more."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from chibo.supervision import services


def _day(value: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {value!r}; hãy ghi theo dạng dd/mm/yyyy.")


class Command(BaseCommand):
    help = (
        "Chuyển lên cấp ủy cấp trên các kiến nghị quá hạn trả lời (theo quy định "
        "concern.answer_days và concern.auto_escalate đang có hiệu lực), ghi vào quá trình xử "
        "lý của từng kiến nghị và báo cho cấp ủy nhận. Chạy mỗi ngày một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="coi hôm nay là ngày này (dd/mm/yyyy); mặc định: hôm nay theo giờ Việt Nam",
        )

    def handle(self, *args, date=None, **options):
        today = _day(date) if date else None
        moved = services.escalate_overdue(today=today)
        if not moved:
            self.stdout.write("Không có kiến nghị quá hạn nào cần chuyển.")
            return
        for concern in moved:
            self.stdout.write(
                f"#{concern.pk} {concern.cell.name}: chuyển lên {concern.responsible.name}, "
                f"hạn mới {concern.deadline:%d/%m/%Y} – {concern.text[:60]}"
            )
        self.stdout.write(self.style.SUCCESS(f"Đã chuyển {len(moved)} kiến nghị quá hạn."))
