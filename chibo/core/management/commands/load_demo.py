from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chibo.core import demo
from chibo.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Đảng bộ thành phố Bắc Ninh năm 2018 (19 đảng bộ cơ sở, 320 chi bộ, "
        "9.412 đảng viên) và 5 tài khoản demo (mật khẩu chibo-demo). Sinh theo --seed, cùng "
        "seed cho cùng dữ liệu. Từ chối chạy khi cơ sở dữ liệu đã có tổ chức đảng, trừ khi "
        "có --force: khi đó XÓA TOÀN BỘ cây tổ chức cùng mọi thứ gắn với nó (đảng viên, quá "
        "trình sinh hoạt, tổ đảng, phạm vi, dữ liệu của các phân hệ khác trỏ tới chúng, và "
        "lịch sử của các bản ghi đó) cùng các tài khoản demo-*, rồi nạp lại; các tài khoản "
        "khác được giữ. Tất cả trong một giao dịch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED,
                            help=f"hạt giống ngẫu nhiên (mặc định {demo.DEFAULT_SEED})")
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="city",
                            help="quy mô: city = một thành phố (mặc định)")
        parser.add_argument("--force", action="store_true",
                            help="xóa toàn bộ cây tổ chức và dữ liệu gắn với nó rồi nạp lại")

    def handle(self, *args, seed, scale, force, **options):
        with transaction.atomic():
            if Organization.objects.exists() and not force:
                raise CommandError(
                    "Cơ sở dữ liệu đã có tổ chức đảng; không nạp dữ liệu mẫu. Dùng --force để "
                    "xóa toàn bộ cây tổ chức (và mọi dữ liệu gắn với nó) rồi nạp lại."
                )
            summary = demo.load_demo(seed=seed, scale=scale, force=force)
        self._report(summary)

    def _report(self, s: demo.Summary) -> None:
        out = self.stdout.write
        out(self.style.SUCCESS(
            f"Đã nạp dữ liệu mẫu (quy mô {s.scale}, seed {s.seed}) trong {s.seconds:.1f} giây."
        ))
        out(f"  Tổ chức đảng: {s.organizations} ({s.root_name}, {s.committees} đảng bộ cơ sở, "
            f"{s.cells} chi bộ); {s.party_groups} tổ đảng")
        out(f"  Đảng viên: {s.members} (chính thức {s.by_status['full']}, "
            f"dự bị {s.by_status['probationary']}, miễn sinh hoạt {s.by_status['exempt']}); "
            f"{s.memberships} dòng quá trình sinh hoạt")
        out(f"Tài khoản demo (mật khẩu: {demo.DEMO_PASSWORD}; chỉ để thử, không dùng thật):")
        for account in s.accounts:
            name = account.member.full_name if account.member else account.name
            out(f"  {account.username:<15} {name}: {account.description}")
