from django.core.management.base import BaseCommand, CommandError

from chibo.demo.load import Summary, load_demo
from chibo.demo.plan import DEFAULT_SEED, DEMO_PASSWORD
from chibo.demo.tree import SCALES
from chibo.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: Đảng bộ thành phố Bắc Ninh năm 2018 (19 đảng bộ cơ sở, 320 chi bộ "
        "đang hoạt động, 9.412 đảng viên) hoặc, với --scale province, Đảng bộ tỉnh Bắc Ninh "
        "theo mô hình từ 7/2025 (99 đảng bộ xã, phường, 3.200 chi bộ, 94.120 đảng viên); 5 "
        "tài khoản demo và tài khoản các cấp ủy viên theo dõi chi bộ (tuv-01…, dbp-vu-ninh-1…;"
        " mật khẩu chibo-demo), 12 tháng sinh hoạt của mọi chi bộ tính đến tháng hiện tại và "
        "lịch tháng tới (thường kỳ, chi ủy, chuyên đề; điểm danh, nhiệm vụ, biên bản đã thông "
        "qua), vài chi bộ thành lập mới hoặc giải thể (sáp nhập) trong năm, phân công theo "
        "dõi từng quý, báo cáo dự sinh hoạt và kiến nghị của chi bộ cùng quá trình xử lý, "
        "đăng ký việc làm theo và xếp loại chất lượng. Sinh theo --seed, cùng seed (và cùng "
        "ngày) cho cùng dữ liệu. Từ chối chạy khi cơ sở dữ liệu đã có tổ chức đảng, trừ khi "
        "có --force: khi đó XÓA TOÀN BỘ phân công, báo cáo, kiến nghị, xếp loại, các buổi "
        "sinh hoạt, cây tổ chức cùng mọi thứ gắn với nó (đảng viên, quá trình sinh hoạt, tổ "
        "đảng, phạm vi, dữ liệu của các phân hệ khác trỏ tới chúng, và lịch sử của các bản ghi"
        " đó) cùng các tài khoản demo-* và tài khoản cấp ủy viên mẫu, rồi nạp lại; các tài "
        "khoản khác được giữ. Mỗi bước ghi trong một giao dịch riêng; nếu bị ngắt giữa "
        "chừng, chạy lại với --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"hạt giống ngẫu nhiên (mặc định {DEFAULT_SEED})")
        parser.add_argument("--scale", choices=sorted(SCALES), default="city",
                            help="quy mô: city = một thành phố (mặc định), province = một "
                                 "tỉnh (khoảng 10 lần thành phố; vài phút)")
        parser.add_argument("--force", action="store_true",
                            help="xóa toàn bộ cây tổ chức và dữ liệu gắn với nó rồi nạp lại")

    def handle(self, *args, seed, scale, force, **options):
        if Organization.objects.exists() and not force:
            raise CommandError(
                "Cơ sở dữ liệu đã có tổ chức đảng; không nạp dữ liệu mẫu. Dùng --force để "
                "xóa toàn bộ cây tổ chức (và mọi dữ liệu gắn với nó) rồi nạp lại."
            )
        # Each step commits as it ends (load_demo): the province's year is not one
        # transaction. A load cut short is finished by running again with --force.
        summary = load_demo(seed=seed, scale=scale, force=force)
        self._report(summary)

    def _report(self, s: Summary) -> None:
        out = self.stdout.write
        self.root_members = "tỉnh ủy viên" if s.scale == "province" else "thành ủy viên"
        out(self.style.SUCCESS(
            f"Đã nạp dữ liệu mẫu (quy mô {s.scale}, seed {s.seed}) trong {s.seconds:.1f} giây."
        ))
        committees = "đảng bộ xã, phường" if s.scale == "province" else "đảng bộ cơ sở"
        out(f"  Tổ chức đảng: {s.organizations} ({s.root_name}, {s.committees} {committees}, "
            f"{s.cells} chi bộ đang hoạt động, {s.dissolved} chi bộ đã giải thể trong năm); "
            f"{s.party_groups} tổ đảng")
        for org in s.lifecycle:
            where = org.parent.name
            if org.founded_on:
                out(f"    thành lập {org.founded_on:%d/%m/%Y}: {org.name} ({where}, "
                    f"id {org.instance.pk})")
            else:
                out(f"    giải thể {org.dissolved_on:%d/%m/%Y}: {org.name} ({where}, id "
                    f"{org.instance.pk}), sáp nhập vào {org.absorbed_by.name}")
        out(f"  Đảng viên: {s.members} (chính thức {s.by_status['full']}, "
            f"dự bị {s.by_status['probationary']}, miễn sinh hoạt {s.by_status['exempt']}); "
            f"{s.memberships} dòng quá trình sinh hoạt")
        if s.meetings:
            self._report_meetings(s.meetings)
        if s.supervision:
            self._report_supervision(s.supervision)
        if s.grading:
            self._report_grading(s.grading)
        out(f"Tài khoản demo (mật khẩu: {DEMO_PASSWORD}; chỉ để thử, không dùng thật):")
        for account in s.accounts:
            name = account.member.full_name if account.member else account.name
            out(f"  {account.username:<15} {name}: {account.description}")
        if s.officials:
            self._report_officials(s.officials, s.scale)

    def _report_grading(self, g) -> None:
        previous, current = g.years
        done = g.grades.get(previous, {})
        stages = g.stages.get(current, {})
        self.stdout.write(
            f"  Xếp loại {previous}: {sum(done.values())} đảng viên đã được quyết định "
            f"(HTXSNV {done.get('HTXSNV', 0)}, HTTNV {done.get('HTTNV', 0)}, HTNV "
            f"{done.get('HTNV', 0)}, KHTNV {done.get('KHTNV', 0)}); năm {current} đang làm: "
            f"tự đánh giá {stages.get('self', 0)}, chi bộ đã đề xuất {stages.get('reviewed', 0)}"
            f". Đăng ký việc làm theo {current}: {sum(g.registers.get(current, {}).values())} "
            f"bản; nhận xét nơi cư trú {previous}: {g.residence_comments.get(previous, 0)} "
            f"[{g.seconds:.1f} giây]"
        )

    def _report_supervision(self, v) -> None:
        start, end = v.quarter
        quarter = f"quý {'I II III IV'.split()[(start.month - 1) // 3]}/{start.year}"
        statuses = v.by_status
        cov = v.coverage
        share = f"{cov['share']:.1f}".replace(".", ",") if cov["share"] is not None else "–"
        self.stdout.write(
            f"  Giám sát: {v.city_officials + v.ward_officials} cấp ủy viên theo dõi chi bộ "
            f"({v.city_officials} {self.root_members}, {v.ward_officials} đảng ủy viên cơ sở); "
            f"{v.follow} phân công theo dõi, {v.attend} phân công dự sắp tới; {v.reports} báo "
            f"cáo dự sinh hoạt (có dự {v.attended}); {v.concerns} kiến nghị (chờ xử lý "
            f"{statuses.get('open', 0)}, đã giao {statuses.get('assigned', 0)}, đã trả lời "
            f"{statuses.get('answered', 0)}, đã đóng {statuses.get('closed', 0)}; quá hạn "
            f"{v.overdue}, trong đó {v.overdue_at_wards} ở đảng ủy cơ sở; chuyển cấp trên "
            f"{v.escalated}; ẩn tên {v.hidden}; đã thông báo tại chi bộ {v.reported_back}, chờ "
            f"thông báo {v.waiting}); độ phủ {quarter} đến nay {share}% ({cov['covered']}/"
            f"{cov['cells']} chi bộ có cấp ủy viên dự; {v.gaps} chi bộ chưa phân công theo "
            f"dõi) [{v.seconds:.1f} giây]"
        )

    def _report_officials(self, officials, scale: str) -> None:
        out = self.stdout.write
        city = [o.username for o in officials
                if o.committee.parent is None and not o.demo_account]
        root = "tỉnh ủy viên" if scale == "province" else "thành ủy viên"
        per_ward = "3–5" if scale == "province" else "2–3"
        out(f"Tài khoản cấp ủy viên (cùng mật khẩu): {city[0]}…{city[-1]} ({root}, cùng "
            f"demo-city); mỗi phường, xã {per_ward} đảng ủy viên, ví dụ:")
        wards = {}
        for o in officials:
            if o.committee.parent is not None:
                wards.setdefault(o.committee.name, []).append(o)
        for name, people in list(wards.items())[:3]:
            out(f"  {name}: " + ", ".join(f"{o.username} ({o.name})" for o in people))

    def _report_meetings(self, m) -> None:
        out = self.stdout.write
        first, last = m.months[0], m.months[-1]
        kinds = m.by_kind
        statuses = m.by_status
        out(f"  Sinh hoạt {first:%m/%Y}–{last:%m/%Y}: {sum(kinds.values())} buổi (thường kỳ "
            f"{kinds.get('regular', 0)}, chi ủy {kinds.get('committee', 0)}, chuyên đề "
            f"{kinds.get('thematic', 0)}); đã thông qua biên bản {statuses.get('adopted', 0)}, "
            f"chưa thông qua {statuses.get('held', 0)}, đã lên lịch {statuses.get('planned', 0)}, "
            f"đã hủy {statuses.get('cancelled', 0)}")
        out(f"  {m.attendance} lượt điểm danh; {m.tasks} nhiệm vụ (còn mở {m.open_tasks}), "
            f"{m.reviews} lượt kiểm điểm nhiệm vụ; {len(m.flagged)} đảng viên vắng không lý do "
            f"từ {m.flag_threshold} tháng trở lên trong năm {m.flag_year} (được cảnh báo) "
            f"[{m.seconds:.1f} giây]")
