from django.core.management.base import BaseCommand, CommandError

from chibo.members.excel_import import import_members_xlsx
from chibo.organizations.models import Organization

MAX_ERRORS_PRINTED = 100  # the first ones show the pattern of a wrong file


class Command(BaseCommand):
    help = (
        "Nhập đảng viên từ tệp Excel (.xlsx) vào các chi bộ của một tổ chức; "
        "trọn vẹn hoặc không ghi gì. Chạy với quyền hệ thống, không giới hạn phạm vi."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="đường dẫn tệp .xlsx")
        parser.add_argument("--organization", type=int, required=True,
                            help="id của tổ chức nhận đảng viên (chi bộ hoặc cấp trên)")

    def handle(self, *args, file, organization, **options):
        root = Organization.objects.filter(pk=organization).first()
        if root is None:
            raise CommandError(f"Không có tổ chức id={organization}.")
        try:
            with open(file, "rb") as handle:
                # No user: a system import is recorded in history without one.
                result = import_members_xlsx(handle, root=root, actor=None)
        except OSError as error:
            raise CommandError(f"Không mở được tệp {file}: {error.strerror}.") from None
        if not result.ok:
            for error in result.errors[:MAX_ERRORS_PRINTED]:
                self.stderr.write(str(error))
            if len(result.errors) > MAX_ERRORS_PRINTED:
                self.stderr.write(f"… và {len(result.errors) - MAX_ERRORS_PRINTED} lỗi khác.")
            raise CommandError(
                f"Không nhập được: {len(result.errors)} lỗi; không có đảng viên nào được ghi."
            )
        self.stdout.write(self.style.SUCCESS(
            f"Đã nhập {result.count} đảng viên vào «{root.name}»."
        ))
