from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chibo.members.excel import export_members_xlsx
from chibo.members.models import PartyMember
from chibo.organizations.models import Organization


class Command(BaseCommand):
    help = "Xuất đảng viên ra tệp Excel (.xlsx), cùng các cột với tệp nhập."

    def add_arguments(self, parser):
        parser.add_argument("file", help="đường dẫn tệp .xlsx sẽ ghi")
        parser.add_argument("--organization", type=int,
                            help="chỉ xuất đảng viên thuộc tổ chức này (id) và cấp dưới")

    def handle(self, *args, file, organization, **options):
        members = PartyMember.objects.all()
        if organization is not None:
            root = Organization.objects.filter(pk=organization).first()
            if root is None:
                raise CommandError(f"Không có tổ chức id={organization}.")
            members = members.filter(organization__path__startswith=root.path)
        members = members.order_by("sort_key", "id")
        content = export_members_xlsx(members)
        try:
            Path(file).write_bytes(content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {file}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(
            f"Đã xuất {members.count()} đảng viên ra {file}."
        ))
