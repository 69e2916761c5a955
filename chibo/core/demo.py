"""Demo data: the Bắc Ninh city party organization of the 2018 article (docs domain.md §1).

271 cells under 19 grassroots committees (16 wards, 3 communes) and 49 cells directly under
the city committee, 9,412 members, five demo accounts, the committee members who follow
cells (about 15 of the city's, 2–3 per ward; chibo.core.demo_supervision), and a year of
meetings of every cell (chibo.core.demo_meetings) with the officials' visits and the
concerns raised. Everything is generated from a seed, so the same seed (and the same
`today`) gives the same city:

    plan = build_plan(seed=2018)      # pure Python, no database
    summary = load_plan(plan)         # one transaction, bulk inserts with history
    summary.meetings = demo_meetings.load_year(plan)   # the 12 months up to today

`load_demo()` does all of it in one transaction. `wipe()` deletes the supervision rows
and the meetings (with all that hangs off them), the organization tree with everything
that hangs off it (members, memberships, party groups, scopes, and rows of other apps
that point at them), the history of those rows, and the demo-* and officials' accounts
(demo_supervision.USERNAME_REGEX); other accounts stay.

Scales: `SCALES` maps a name to a function building the organization tree (specs with a
member count per cell) and the number of members. Only "city" exists today; a "province"
(about 10×: Đảng bộ tỉnh → Đảng bộ xã/phường → chi bộ, the 2025 structure) is one more
builder returning an `OrgSpec` tree (each spec carries its level: name, rank, is it the
cell level) plus an entry in `SCALES`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from chibo.accounts.models import Role, Scope, User
from chibo.core import demo_grading, demo_meetings, demo_supervision
from chibo.core.demo_meetings import MeetingsSummary
from chibo.members.models import Gender, Membership, MemberStatus, PartyMember, Position
from chibo.organizations.models import CellKind, Level, Organization, PartyGroup

DEFAULT_SEED = 2018
DEMO_PASSWORD = "chibo-demo"
BATCH_SIZE = 500

# ---------------------------------------------------------------------------------------
# Levels (2018 names: the city had a district-level committee; see domain.md §2).

CITY_LEVEL = ("Đảng bộ thành phố", 0, False)
GRASSROOTS_LEVEL = ("Đảng bộ cơ sở", 1, False)
CELL_LEVEL = ("Chi bộ", 2, True)

# ---------------------------------------------------------------------------------------
# The city (names from docs documents.md). Cells per committee add up to 271.

CITY_NAME = "Đảng bộ thành phố Bắc Ninh"
CITY_MEMBERS = 9412

# (name, cells in total); residential cells are "Chi bộ khu phố N" unless named below.
WARDS = [
    ("Đáp Cầu", 14), ("Thị Cầu", 15), ("Tiền An", 13), ("Vệ An", 13), ("Ninh Xá", 14),
    ("Kinh Bắc", 17), ("Vũ Ninh", 18), ("Suối Hoa", 14), ("Đại Phúc", 19), ("Võ Cường", 19),
    ("Khắc Niệm", 15), ("Khúc Xuyên", 10), ("Phong Khê", 14), ("Hạp Lĩnh", 15),
    ("Vân Dương", 10), ("Vạn An", 13),
]
COMMUNES = [("Nam Sơn", 16), ("Kim Chân", 10), ("Hòa Long", 12)]
VILLAGES = {
    "Hòa Long": ["Đẩu Hàn", "Hữu Chấp", "Viêm Xá", "Xuân Đồng", "Xuân Viên", "Quả Cảm",
                 "Xuân Ái"],
    "Kim Chân": ["Kim Đôi", "Quỳnh Đôi", "Ngọc Đôi", "Đạo Chân", "Phú Xuân"],
    "Vân Dương": ["Hai Vân", "Chu Mẫu", "Lãm Làng", "Lãm Trại", "Vân Trại"],
}
# Wards with a cell of enterprises (craft villages, industrial areas).
ENTERPRISE_WARDS = {"Khắc Niệm", "Võ Cường", "Đại Phúc", "Phong Khê"}

# Cells in every ward or commune besides the residential ones: (name pattern, profile,
# min size, max size). {unit} is "phường Vũ Ninh" or "xã Nam Sơn", {place} is "Vũ Ninh".
COMMITTEE_CELLS = [
    ("Chi bộ Cơ quan {unit}", "agency", 12, 24),
    ("Chi bộ Quân sự {unit}", "armed", 6, 12),
    ("Chi bộ Trường Mầm non {place}", "kindergarten", 6, 14),
    ("Chi bộ Trường Tiểu học {place}", "school", 8, 16),
    ("Chi bộ Trường THCS {place}", "school", 10, 20),
]
ENTERPRISE_CELL = ("Chi bộ Doanh nghiệp {unit}", "enterprise", 6, 14)
COMMUNE_ENTERPRISE_CELL = ("Chi bộ Hợp tác xã Dịch vụ nông nghiệp {unit}", "enterprise", 5, 10)
RESIDENTIAL_SIZE = (24, 68)

# The 49 cells directly under the city committee: (name, profile, min size, max size).
DIRECT_CELLS = [
    ("Chi bộ Văn phòng Thành ủy", "agency", 8, 15),
    ("Chi bộ Ban Tổ chức Thành ủy", "agency", 6, 10),
    ("Chi bộ Ban Tuyên giáo Thành ủy", "agency", 5, 9),
    ("Chi bộ Ủy ban Kiểm tra Thành ủy", "agency", 5, 9),
    ("Chi bộ Ban Dân vận Thành ủy", "agency", 5, 8),
    ("Chi bộ Trung tâm Bồi dưỡng chính trị thành phố", "agency", 6, 10),
    ("Chi bộ Cơ quan Mặt trận Tổ quốc và các đoàn thể thành phố", "agency", 10, 18),
    ("Chi bộ Văn phòng HĐND và UBND thành phố", "agency", 12, 22),
    ("Chi bộ Phòng Nội vụ", "agency", 5, 10),
    ("Chi bộ Phòng Tài chính – Kế hoạch", "agency", 8, 14),
    ("Chi bộ Phòng Tài nguyên và Môi trường", "agency", 8, 14),
    ("Chi bộ Phòng Quản lý đô thị", "agency", 8, 14),
    ("Chi bộ Phòng Kinh tế", "agency", 5, 10),
    ("Chi bộ Phòng Giáo dục và Đào tạo", "agency", 8, 14),
    ("Chi bộ Phòng Lao động – Thương binh và Xã hội", "agency", 6, 12),
    ("Chi bộ Phòng Văn hóa và Thông tin", "agency", 5, 9),
    ("Chi bộ Phòng Tư pháp", "agency", 5, 8),
    ("Chi bộ Thanh tra thành phố", "agency", 6, 10),
    ("Chi bộ Trung tâm Văn hóa, Thông tin và Thể thao thành phố", "agency", 8, 15),
    ("Chi bộ Ban Quản lý dự án đầu tư xây dựng thành phố", "agency", 10, 18),
    ("Chi bộ Trung tâm Phát triển quỹ đất thành phố", "agency", 6, 12),
    ("Chi bộ Đội Quản lý trật tự đô thị thành phố", "agency", 10, 18),
    ("Chi bộ Ban Quản lý chợ thành phố", "agency", 5, 10),
    ("Chi bộ Tòa án nhân dân thành phố", "agency", 10, 16),
    ("Chi bộ Viện Kiểm sát nhân dân thành phố", "agency", 10, 16),
    ("Chi bộ Chi cục Thi hành án dân sự thành phố", "agency", 8, 14),
    ("Chi bộ Chi cục Thuế thành phố", "agency", 20, 35),
    ("Chi bộ Kho bạc Nhà nước thành phố", "agency", 8, 14),
    ("Chi bộ Bảo hiểm xã hội thành phố", "agency", 10, 16),
    ("Chi bộ Chi cục Thống kê thành phố", "agency", 5, 8),
    ("Chi bộ Ngân hàng Chính sách xã hội thành phố", "agency", 8, 14),
    ("Chi bộ Bệnh viện Đa khoa thành phố", "health", 45, 65),
    ("Chi bộ Trung tâm Y tế thành phố", "health", 25, 40),
    ("Chi bộ Trường THPT Hàn Thuyên", "school", 25, 40),
    ("Chi bộ Trường THPT Hoàng Quốc Việt", "school", 20, 32),
    ("Chi bộ Trường THPT Lý Nhân Tông", "school", 18, 30),
    ("Chi bộ Trường THPT Hàm Long", "school", 16, 28),
    ("Chi bộ Trường THCS Nguyễn Đăng Đạo", "school", 14, 24),
    ("Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên thành phố", "school",
     10, 18),
    ("Chi bộ Công ty TNHH MTV Môi trường và Công trình đô thị", "enterprise", 15, 28),
    ("Chi bộ Công ty Cổ phần Nước sạch thành phố", "enterprise", 10, 18),
    ("Chi bộ Điện lực thành phố", "enterprise", 15, 25),
    ("Chi bộ Bưu điện thành phố", "enterprise", 8, 14),
    ("Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh thành phố",
     "enterprise", 10, 18),
    ("Chi bộ Công ty Cổ phần Xe khách thành phố", "enterprise", 6, 12),
    ("Chi bộ Hợp tác xã Vận tải thành phố", "enterprise", 5, 10),
    ("Chi bộ Công ty Cổ phần Xây dựng và Thương mại thành phố", "enterprise", 6, 12),
    ("Chi bộ Ban Chỉ huy Quân sự thành phố", "armed", 15, 25),
    ("Chi bộ Công an phường Kinh Bắc", "armed", 10, 18),
]

# Cells at or above this size are split into party groups (tổ đảng) of about GROUP_SIZE.
GROUP_THRESHOLD = 50
GROUP_SIZE = 15

# ---------------------------------------------------------------------------------------
# People.

# Family names with rough weights for the Red River delta.
FAMILY_NAMES = [
    ("Nguyễn", 36), ("Trần", 10), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Vũ", 4),
    ("Võ", 0.8), ("Đặng", 2.5), ("Bùi", 2.5), ("Đỗ", 2.5), ("Ngô", 2), ("Hồ", 1),
    ("Dương", 1.5), ("Lý", 0.6), ("Phan", 1.2), ("Đinh", 1.2), ("Đào", 1.2), ("Trịnh", 1),
    ("Nghiêm", 1.2), ("Chu", 0.6), ("Lưu", 0.6), ("Tạ", 0.6), ("Cao", 0.6), ("Mai", 0.5),
    ("Hà", 0.8), ("Lương", 0.5), ("Kiều", 0.4), ("Thân", 0.5), ("Đàm", 0.4), ("Tô", 0.4),
    ("Trương", 0.6), ("Vương", 0.3),
]
# Middle names; "Văn" and "Thị" are much rarer among people born after 1985.
MALE_MIDDLE_NAMES = [
    ("Văn", 40), ("Đức", 10), ("Minh", 7), ("Hữu", 6), ("Quang", 6), ("Ngọc", 4),
    ("Thanh", 4), ("Xuân", 4), ("Công", 4), ("Đình", 5), ("Mạnh", 2), ("Trọng", 3),
    ("Duy", 2), ("Hồng", 2), ("Việt", 2), ("Thế", 3), ("Tiến", 2), ("Anh", 2), ("Bá", 2),
    ("Kim", 1),
]
FEMALE_MIDDLE_NAMES = [
    ("Thị", 60), ("Thu", 5), ("Ngọc", 5), ("Thanh", 5), ("Minh", 3), ("Hồng", 4),
    ("Phương", 3), ("Thùy", 3), ("Kim", 3), ("Bích", 2), ("Mai", 2), ("Hải", 2),
    ("Khánh", 1), ("Diệu", 1), ("Lan", 1),
]
COMMON_MIDDLE_NAMES = {"Văn", "Thị"}
MALE_GIVEN_NAMES = [
    "An", "Bình", "Bảo", "Chiến", "Chính", "Công", "Cường", "Dũng", "Duy", "Đạt", "Định",
    "Đông", "Đức", "Giang", "Hải", "Hào", "Hiển", "Hiếu", "Hòa", "Hoàng", "Hợp", "Hùng",
    "Hưng", "Huy", "Khải", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Lợi", "Long", "Lực",
    "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân", "Quang", "Quý", "Sơn",
    "Tài", "Tâm", "Thái", "Thắng", "Thành", "Thịnh", "Thuận", "Tiến", "Toàn", "Trung",
    "Trường", "Tú", "Tuấn", "Tùng", "Việt", "Vinh",
]
FEMALE_GIVEN_NAMES = [
    "Anh", "Bích", "Châm", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Hoài", "Hồng", "Huệ", "Hương", "Hường", "Huyền", "Lan", "Liên", "Linh", "Loan",
    "Lụa", "Lý", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhàn", "Nhung", "Oanh",
    "Phương", "Quyên", "Quỳnh", "Sen", "Tâm", "Thắm", "Thảo", "Thơm", "Thu", "Thủy", "Thúy",
    "Tình", "Trang", "Tuyết", "Vân", "Xuân", "Yến",
]

# Ages in years: (from, to, weight) brackets.
RESIDENTIAL_AGES = [(22, 35, 10), (35, 50, 15), (50, 60, 17), (60, 70, 26), (70, 80, 20),
                    (80, 88, 10), (88, 96, 2)]
WORKPLACE_AGES = [(24, 30, 15), (30, 40, 30), (40, 50, 28), (50, 60, 27)]
ARMED_AGES = [(21, 30, 40), (30, 40, 35), (40, 50, 25)]


@dataclass(frozen=True)
class Profile:
    """Who is in a kind of cell: its CellKind, share of women, ages, typical skills."""

    kind: str
    female_share: float
    ages: list[tuple[int, int, float]]
    skills: tuple[str, ...]


COMMON_SKILLS = ("Tin học văn phòng", "Tuyên truyền, vận động quần chúng", "Văn nghệ, thể thao",
                 "Viết tin bài")
PROFILES = {
    "residential": Profile(CellKind.RESIDENTIAL, 0.36, RESIDENTIAL_AGES, (
        "Hòa giải ở cơ sở", "Xây dựng, sửa chữa nhà cửa", "Trồng trọt, chăn nuôi",
        "Quản lý quỹ, tài chính", "Công tác khuyến học", "An ninh trật tự khu dân cư",
        "Công tác người cao tuổi", "Công tác Mặt trận, đoàn thể")),
    "agency": Profile(CellKind.AGENCY, 0.45, WORKPLACE_AGES, (
        "Pháp luật", "Kế toán, tài chính", "Quản lý đất đai", "Soạn thảo văn bản",
        "Công nghệ thông tin", "Tổ chức sự kiện")),
    "health": Profile(CellKind.AGENCY, 0.65, WORKPLACE_AGES, (
        "Y tế, chăm sóc sức khỏe", "Sơ cấp cứu", "Y học cổ truyền", "Dược")),
    "school": Profile(CellKind.SCHOOL, 0.75, WORKPLACE_AGES, (
        "Giảng dạy", "Công tác chủ nhiệm", "Công tác Đội, Đoàn", "Ngoại ngữ")),
    "kindergarten": Profile(CellKind.SCHOOL, 0.97, WORKPLACE_AGES, (
        "Giáo dục mầm non", "Dinh dưỡng", "Văn nghệ, múa hát")),
    "enterprise": Profile(CellKind.ENTERPRISE, 0.40, WORKPLACE_AGES, (
        "Kinh doanh", "Kỹ thuật điện", "Quản lý sản xuất", "Kế toán, tài chính")),
    "armed": Profile(CellKind.ARMED_FORCES, 0.08, ARMED_AGES, (
        "Huấn luyện quân sự", "An ninh trật tự", "Phòng cháy, chữa cháy")),
}

PROBATIONARY_SHARE = 0.03
EXEMPT_SHARE = 0.05
TRANSFER_SHARE = 0.01
MIN_FULL_MEMBERS = 3
COMMITTEE_THRESHOLD = 9  # full members from which a cell elects a chi ủy
OLD_AGE_EXEMPT_REASONS = ["Tuổi cao, sức yếu"] * 6 + [
    "Tuổi cao, sức yếu, thường xuyên ốm đau", "Tuổi cao, đi lại khó khăn"]
OTHER_EXEMPT_REASONS = ["Ốm đau, điều trị bệnh dài ngày", "Đi lao động ở nước ngoài",
                        "Sức khỏe yếu, điều trị dài ngày"]
PARTY_BADGES = (75, 70, 65, 60, 55, 50, 45, 40, 30)  # Huy hiệu … năm tuổi Đảng

# ---------------------------------------------------------------------------------------
# Demo accounts.

DEMO_WARD = "Vũ Ninh"
DEMO_CELL = "Chi bộ khu phố 3"


@dataclass(frozen=True)
class Account:
    username: str
    description: str
    superuser: bool = False
    scope: OrgSpec | None = None
    role: str = ""
    member: MemberSpec | None = None
    name: str = ""


# ---------------------------------------------------------------------------------------
# The plan: what will be written, as plain objects.


@dataclass(eq=False)
class OrgSpec:
    name: str
    level: tuple[str, int, bool]
    kind: str = ""
    profile: str = ""
    size: int = 0  # members to generate (cells only)
    address: str = ""
    children: list[OrgSpec] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    parent: OrgSpec | None = None
    instance: Organization | None = None  # set when written

    @property
    def is_cell(self) -> bool:
        return self.level[2]

    def add(self, child: OrgSpec) -> OrgSpec:
        child.parent = self
        self.children.append(child)
        return child

    def walk(self) -> Iterator[OrgSpec]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False)
class MemberSpec:
    full_name: str
    gender: str
    date_of_birth: dt.date
    cell: OrgSpec
    card_number: str = ""
    admitted_on: dt.date | None = None
    full_member_on: dt.date | None = None
    status: str = MemberStatus.FULL
    exempt_reason: str = ""
    exempt_from: dt.date | None = None
    exempt_to: dt.date | None = None
    phone: str = ""
    residence: OrgSpec | None = None
    group: str = ""
    position: str = ""
    skills: str = ""
    notes: str = ""
    # (cell, started_on, ended_on, reason), oldest first; the last one is open.
    memberships: list[tuple[OrgSpec, dt.date, dt.date | None, str]] = field(
        default_factory=list)
    instance: PartyMember | None = None  # set when written

    def age(self, today: dt.date) -> int:
        return _years_between(self.date_of_birth, today)


@dataclass
class Plan:
    seed: int
    scale: str
    today: dt.date
    root: OrgSpec
    members: list[MemberSpec]
    accounts: list[Account]
    officials: list = field(default_factory=list)  # demo_supervision.OfficialSpec

    @property
    def cells(self) -> list[OrgSpec]:
        return [o for o in self.root.walk() if o.is_cell]

    def names_digest(self) -> str:
        """SHA-256 of the member names in generation order: equal plans, equal digests."""
        return _digest(m.full_name for m in self.members)


@dataclass
class Summary:
    seed: int
    scale: str
    root_name: str
    organizations: int
    committees: int  # below the root
    cells: int
    party_groups: int
    members: int
    by_status: dict[str, int]
    memberships: int
    accounts: list[Account]
    seconds: float
    meetings: MeetingsSummary | None = None
    officials: list = field(default_factory=list)  # demo_supervision.OfficialSpec
    grading: demo_grading.GradingSummary | None = None

    @property
    def supervision(self):
        """demo_supervision.SupervisionSummary, when the year was loaded."""
        return self.meetings.supervision if self.meetings else None


@dataclass(frozen=True)
class Scale:
    build_tree: Callable[[random.Random], OrgSpec]
    members: int
    demo_ward: str
    demo_cell: str
    demo_city_cell: str


# ---------------------------------------------------------------------------------------
# Public functions.


def load_demo(*, seed: int = DEFAULT_SEED, scale: str = "city", today: dt.date | None = None,
              force: bool = False, meetings: bool = True) -> Summary:
    """Build and write the demo in one transaction; with `force`, wipe() first. Without
    `meetings`, only the city (organizations, members, accounts)."""
    started = time.perf_counter()
    plan = build_plan(seed=seed, scale=scale, today=today)
    with transaction.atomic():
        if force:
            wipe()
        summary = load_plan(plan)
        if meetings:
            summary.meetings = demo_meetings.load_year(plan)
            # Commitments, residence comments and grading: 2025 decided, 2026 under way.
            summary.grading = demo_grading.load_grading(seed=plan.seed, today=plan.today)
        _analyze()
    summary.seconds = time.perf_counter() - started
    return summary


def build_plan(*, seed: int = DEFAULT_SEED, scale: str = "city",
               today: dt.date | None = None) -> Plan:
    """The whole demo as plain objects, from the seed alone (and `today` for the dates).

    Separate random streams for the tree, the people's names and the rest, so that names
    do not change when the date does."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; known: {', '.join(SCALES)}")
    spec = SCALES[scale]
    today = today or timezone.localdate()
    tree_rng = random.Random(f"{seed}:tree")
    name_rng = random.Random(f"{seed}:names")
    rng = random.Random(f"{seed}:people")

    root = spec.build_tree(tree_rng)
    cells = [o for o in root.walk() if o.is_cell]
    _set_sizes(cells, spec.members)
    members = _make_people(cells, today, rng, name_rng)
    _set_statuses(members, today, rng)
    _set_dates(members, today, rng)
    _set_positions(cells, members, today, rng)
    _set_groups(cells, members, rng)
    _set_residence(root, members, rng)
    _set_contacts(members, today, rng)
    _set_memberships(cells, members, today, rng)
    accounts = _accounts(root, members, spec)
    officials = demo_supervision.plan_officials(seed, root, accounts)
    return Plan(seed, scale, today, root, members, accounts, officials)


def load_plan(plan: Plan) -> Summary:
    """Write a plan: levels, tree, party groups, accounts, members, memberships, scopes."""
    with transaction.atomic():
        _write_tree(plan.root)
        groups = _write_groups(plan.root)
        users = _write_accounts(plan)
        _write_members(plan, groups, users)
        _write_scopes(plan, users)
    statuses = {s: 0 for s in MemberStatus.values}
    for m in plan.members:
        statuses[m.status] += 1
    orgs = list(plan.root.walk())
    return Summary(
        seed=plan.seed,
        scale=plan.scale,
        root_name=plan.root.name,
        organizations=len(orgs),
        committees=sum(1 for o in orgs if not o.is_cell and o.parent is not None),
        cells=sum(1 for o in orgs if o.is_cell),
        party_groups=sum(len(o.groups) for o in orgs),
        members=len(plan.members),
        by_status=statuses,
        memberships=sum(len(m.memberships) for m in plan.members),
        accounts=plan.accounts,
        seconds=0.0,
        officials=plan.officials,
    )


def wipe() -> None:
    """Delete the whole organization tree and all that hangs off it, with its history,
    and the demo accounts. Deletions are not recorded in history (the history of these
    rows goes too). Runs in one transaction."""
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        demo_grading.wipe_grading()  # first: assessments protect members and cells
        demo_supervision.wipe()  # they protect meetings, organizations and users
        demo_meetings.wipe()  # then: meetings' rows protect members and organizations
        for model in (Membership, PartyMember, Scope, PartyGroup, Organization):
            _delete_all(model.objects.all())
        for model in (Organization, PartyGroup, PartyMember, Scope):
            model.history.model.objects.all().delete()
        _delete_all(User.objects.filter(
            Q(username__in=demo_usernames())
            | Q(username__regex=demo_supervision.USERNAME_REGEX)))


def demo_usernames() -> list[str]:
    return ["demo-admin", "demo-city", "demo-ward", "demo-secretary", "demo-member"]


def names_digest_in_db() -> str:
    """The digest of the names as stored (in insertion order), to compare with a plan."""
    return _digest(PartyMember.objects.order_by("id").values_list("full_name", flat=True))


# ---------------------------------------------------------------------------------------
# The tree.


def build_city(rng: random.Random) -> OrgSpec:
    root = OrgSpec(CITY_NAME, CITY_LEVEL, address="Trụ sở Thành ủy Bắc Ninh")
    for place, total in WARDS:
        root.add(_committee(rng, "phường", place, total))
    for place, total in COMMUNES:
        root.add(_committee(rng, "xã", place, total))
    for name, profile, lo, hi in DIRECT_CELLS:
        root.add(_cell(rng, name, profile, lo, hi))
    return root


def _committee(rng: random.Random, unit_kind: str, place: str, total: int) -> OrgSpec:
    unit = f"{unit_kind} {place}"
    committee = OrgSpec(f"Đảng bộ {unit}", GRASSROOTS_LEVEL, address=f"Trụ sở Đảng ủy {unit}")
    others = list(COMMITTEE_CELLS)
    if unit_kind == "xã" and place not in VILLAGES:
        others.append(COMMUNE_ENTERPRISE_CELL)
    if place in ENTERPRISE_WARDS:
        others.append(ENTERPRISE_CELL)
    quarter = "thôn" if unit_kind == "xã" else "khu phố"
    names = VILLAGES.get(place) or [str(i) for i in range(1, total + 1)]
    for i in range(total - len(others)):
        label = names[i] if i < len(names) else f"{names[i % len(names)]} {i // len(names) + 1}"
        cell = _cell(rng, f"Chi bộ {quarter} {label}", "residential", *RESIDENTIAL_SIZE)
        cell.address = f"Nhà văn hóa {quarter} {label}, {unit}"
        committee.add(cell)
    for pattern, profile, lo, hi in others:
        committee.add(_cell(rng, pattern.format(unit=unit, place=place), profile, lo, hi))
    return committee


def _cell(rng: random.Random, name: str, profile: str, lo: int, hi: int) -> OrgSpec:
    return OrgSpec(name, CELL_LEVEL, kind=PROFILES[profile].kind, profile=profile,
                   size=rng.randint(lo, hi))


SCALES: dict[str, Scale] = {
    "city": Scale(build_city, CITY_MEMBERS, "Đảng bộ phường " + DEMO_WARD, DEMO_CELL,
                  "Chi bộ Văn phòng Thành ủy"),
    # "province": Scale(build_province, 10 * CITY_MEMBERS, …): a later issue.
}


def _set_sizes(cells: list[OrgSpec], total: int) -> None:
    """Scale the drawn sizes so they add up to `total` exactly (largest remainder)."""
    drawn = sum(c.size for c in cells)
    exact = [c.size * total / drawn for c in cells]
    sizes = [max(5, math.floor(x)) for x in exact]
    order = sorted(range(len(cells)), key=lambda i: (sizes[i] - exact[i], i))
    i = 0
    while sum(sizes) != total:
        j = order[i % len(order)]
        step = 1 if sum(sizes) < total else -1
        if sizes[j] + step >= 5:
            sizes[j] += step
        i += 1
    for cell, size in zip(cells, sizes, strict=True):
        cell.size = size


# ---------------------------------------------------------------------------------------
# People.


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _days(years: float) -> int:
    return int(years * 365.25)


def _name(rng: random.Random, gender: str, age: int) -> str:
    family = _weighted(rng, FAMILY_NAMES)
    middles = MALE_MIDDLE_NAMES if gender == Gender.MALE else FEMALE_MIDDLE_NAMES
    if age < 40:
        middles = [(m, w * 0.35 if m in COMMON_MIDDLE_NAMES else w) for m, w in middles]
    middle = _weighted(rng, middles)
    givens = MALE_GIVEN_NAMES if gender == Gender.MALE else FEMALE_GIVEN_NAMES
    given = rng.choice(givens)
    while given == middle:
        given = rng.choice(givens)
    return f"{family} {middle} {given}"


def _make_people(cells, today, rng, name_rng) -> list[MemberSpec]:
    people = []
    for cell in cells:
        profile = PROFILES[cell.profile]
        for _ in range(cell.size):
            female = rng.random() < profile.female_share
            gender = Gender.FEMALE if female else Gender.MALE
            lo, hi, _w = _weighted(rng, [((lo, hi, w), w) for lo, hi, w in profile.ages])
            if cell.profile != "residential" and female:
                hi = min(hi, 57)  # women retire earlier
                lo = min(lo, hi - 1)
            age_days = rng.randint(_days(lo), _days(hi) - 1)
            born = today - dt.timedelta(days=age_days)
            people.append(MemberSpec(
                # The age from the drawn days, not the calendar: names must not depend on
                # the date the demo is built.
                full_name=_name(name_rng, gender, int(age_days / 365.25)),
                gender=gender, date_of_birth=born, cell=cell,
            ))
    return people


def _pick(rng, candidates, weights, count, accept) -> list:
    """`count` candidates drawn without replacement by weight (Efraimidis–Spirakis keys),
    skipping those `accept` refuses."""
    keyed = sorted(
        ((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0), reverse=True
    )
    chosen = []
    for _key, i in keyed:
        if len(chosen) == count:
            break
        if accept(candidates[i]):
            chosen.append(candidates[i])
    return chosen


def _set_statuses(members, today, rng) -> None:
    full_left = {}
    for m in members:
        full_left[id(m.cell)] = full_left.get(id(m.cell), 0) + 1

    def keeps_cell_going(m):
        if full_left[id(m.cell)] <= MIN_FULL_MEMBERS + 1:
            return False
        full_left[id(m.cell)] -= 1
        return True

    def exempt_weight(m):
        age = m.age(today)
        if m.cell.profile != "residential":
            return 0.1
        return 12 if age >= 80 else 5 if age >= 75 else 1.5 if age >= 70 else 0.15

    exempt = _pick(rng, members, [exempt_weight(m) for m in members],
                   round(EXEMPT_SHARE * len(members)), keeps_cell_going)
    for m in exempt:
        m.status = MemberStatus.EXEMPT

    def probation_weight(m):
        age = m.age(today)
        if m.status != MemberStatus.FULL or age < 20 or age > 50:
            return 0
        return 3 if age < 35 else 1

    probationary = _pick(rng, members, [probation_weight(m) for m in members],
                         round(PROBATIONARY_SHARE * len(members)), keeps_cell_going)
    for m in probationary:
        m.status = MemberStatus.PROBATIONARY


def _set_dates(members, today, rng) -> None:
    for m in members:
        age = m.age(today)
        if m.status == MemberStatus.PROBATIONARY:
            m.admitted_on = today - dt.timedelta(days=rng.randint(20, 350))
            continue
        if m.cell.profile == "armed":
            lo, mode, hi = 19, 22, min(age - 2, 30)
        elif m.cell.profile == "residential" and age >= 60:
            lo, mode, hi = 19, 25, min(age - 2, 50)
        else:
            lo, mode, hi = 19, 27, min(age - 2, 45)
        admitted_age = rng.triangular(lo, max(hi, lo + 0.5), min(max(mode, lo), max(hi, lo)))
        admitted = m.date_of_birth + dt.timedelta(days=_days(admitted_age))
        latest = today - dt.timedelta(days=400)  # a full year of probation behind them
        m.admitted_on = min(admitted, latest)
        m.full_member_on = _add_years(m.admitted_on, 1)
        if m.status == MemberStatus.EXEMPT:
            if age >= 70:
                m.exempt_reason = rng.choice(OLD_AGE_EXEMPT_REASONS)
                start = max(m.full_member_on, _add_years(m.date_of_birth, 70))
                span = max((today - start).days - 30, 1)
                m.exempt_from = start + dt.timedelta(days=rng.randint(0, min(span, 3650)))
            else:
                m.exempt_reason = rng.choice(OTHER_EXEMPT_REASONS)
                m.exempt_from = today - dt.timedelta(days=rng.randint(30, 500))
                m.exempt_from = max(m.exempt_from, m.full_member_on)
                m.exempt_to = _add_years(m.exempt_from, rng.choice([1, 2]))


def _set_positions(cells, members, today, rng) -> None:
    """One secretary per cell; from COMMITTEE_THRESHOLD full members a deputy and 1–3
    committee members. Leaders are full members, preferably of working or early
    retirement age with some years in the Party."""
    by_cell = _by_cell(members)

    def weight(m):
        age = m.age(today)
        fit = 3.0 if 35 <= age <= 68 else 1.0 if age < 75 else 0.2
        if (today - m.admitted_on).days < 5 * 365:
            fit *= 0.3
        return fit

    for cell in cells:
        full = [m for m in by_cell[id(cell)] if m.status == MemberStatus.FULL]
        ranked = _pick(rng, full, [weight(m) for m in full], len(full), lambda m: True)
        ranked[0].position = Position.SECRETARY
        if len(full) >= COMMITTEE_THRESHOLD:
            ranked[1].position = Position.DEPUTY
            extra = 1 if len(full) < 15 else rng.randint(1, 2) if len(full) < 30 else 3
            for m in ranked[2:2 + extra]:
                m.position = Position.COMMITTEE


def _set_groups(cells, members, rng) -> None:
    by_cell = _by_cell(members)
    for cell in cells:
        if cell.size < GROUP_THRESHOLD:
            continue
        count = min(6, math.ceil(cell.size / GROUP_SIZE))
        cell.groups = [f"Tổ đảng số {i}" for i in range(1, count + 1)]
        people = list(by_cell[id(cell)])
        rng.shuffle(people)
        for i, m in enumerate(people):
            m.group = cell.groups[i % count]


def _set_residence(root, members, rng) -> None:
    """P8: most members of workplace cells are also followed where they live."""
    residential = [c for c in root.walk() if c.profile == "residential"]
    for m in members:
        if m.cell.profile == "residential" or rng.random() > 0.85:
            continue
        siblings = [c for c in m.cell.parent.children if c.profile == "residential"]
        pool = siblings if siblings and rng.random() < 0.6 else residential
        m.residence = rng.choice(pool)


def _set_contacts(members, today, rng) -> None:
    cards = rng.sample(range(10_000_000, 100_000_000), len(members))
    for m, card in zip(members, cards, strict=True):
        m.card_number = str(card)
        age = m.age(today)
        if rng.random() < (0.75 if age >= 75 else 0.95):
            prefix = _weighted(rng, [("09", 75), ("03", 15), ("08", 10)])
            m.phone = f"{prefix}{rng.randint(0, 99_999_999):08d}"
        skills = []
        if rng.random() < 0.3:
            pool = PROFILES[m.cell.profile].skills + COMMON_SKILLS
            skills = rng.sample(pool, rng.choice([1, 1, 2]))
        m.skills = "; ".join(skills)
        notes = []
        if m.gender == Gender.MALE and age >= 62 and m.cell.profile == "residential":
            if rng.random() < 0.35:
                notes.append("Cựu chiến binh")
        years = _years_between(m.admitted_on, today)
        badge = next((b for b in PARTY_BADGES if years >= b), None)
        if badge:
            notes.append(f"Huy hiệu {badge} năm tuổi Đảng")
        if m.status == MemberStatus.PROBATIONARY:
            notes.append("Đảng viên dự bị, cần theo dõi, giúp đỡ")
        m.notes = "; ".join(notes)


def _set_memberships(cells, members, today, rng) -> None:
    """One open membership each; retirees joined their residential cell on retiring; a few
    members moved from another cell (an ended row there)."""
    same_kind = {}
    for c in cells:
        same_kind.setdefault(c.profile, []).append(c)
    for m in members:
        start = m.admitted_on
        if m.cell.profile == "residential" and m.age(today) >= 62:
            retired = _add_years(m.date_of_birth, 60) + dt.timedelta(days=rng.randint(0, 700))
            if retired > start:
                start = min(retired, today - dt.timedelta(days=60))
        elif m.status != MemberStatus.PROBATIONARY and rng.random() < 0.2:
            span = (today - m.full_member_on).days
            if span > 400:
                start = m.full_member_on + dt.timedelta(days=rng.randint(0, span - 60))
        m.memberships = [(m.cell, start, None, "Tiếp nhận")]
    movers = [m for m in members
              if m.status == MemberStatus.FULL and (today - m.admitted_on).days > 5 * 365]
    for m in rng.sample(movers, min(len(movers), round(TRANSFER_SHARE * len(members)))):
        others = [c for c in same_kind[m.cell.profile] if c is not m.cell]
        previous = rng.choice(others)
        span = (today - m.full_member_on).days - 90
        moved = m.full_member_on + dt.timedelta(days=rng.randint(180, max(span, 181)))
        m.memberships = [
            (previous, m.admitted_on, moved, "Tiếp nhận"),
            (m.cell, moved, None, "Chuyển sinh hoạt"),
        ]


def _by_cell(members) -> dict[int, list[MemberSpec]]:
    out: dict[int, list[MemberSpec]] = {}
    for m in members:
        out.setdefault(id(m.cell), []).append(m)
    return out


def _accounts(root: OrgSpec, members, spec: Scale) -> list[Account]:
    by_name = {o.name: o for o in root.walk()}
    ward = by_name[spec.demo_ward]
    cell = next(c for c in ward.children if c.name == spec.demo_cell)
    office = by_name[spec.demo_city_cell]
    ward_office = next(c for c in ward.children if c.profile == "agency")
    by_cell = _by_cell(members)

    def first(org, *positions):
        for position in positions:
            for m in by_cell[id(org)]:
                if m.position == position and m.status == MemberStatus.FULL:
                    return m
        raise LookupError(f"no full member with positions {positions} in {org.name}")

    secretary = first(cell, Position.SECRETARY)
    member = first(cell, Position.NONE)
    city_person = first(office, Position.COMMITTEE, Position.DEPUTY, Position.NONE)
    ward_person = first(ward_office, Position.NONE)
    return [
        Account("demo-admin", "toàn quyền (superuser), vào được /admin/", superuser=True,
                name="Quản trị hệ thống"),
        Account("demo-city", f"cán bộ {_committee_title(root)}: toàn bộ {root.name}; "
                "thành ủy viên theo dõi, dự sinh hoạt một số chi bộ",
                scope=root, role=Role.COMMITTEE_STAFF, member=city_person),
        Account("demo-ward", f"cán bộ {_committee_title(ward)}; đảng ủy viên theo dõi các "
                "chi bộ khu dân cư, xử lý kiến nghị", scope=ward,
                role=Role.COMMITTEE_STAFF, member=ward_person),
        Account("demo-secretary", f"bí thư {cell.name} ({ward.name})", scope=cell,
                role=Role.SECRETARY, member=secretary),
        Account("demo-member", f"đảng viên {cell.name} ({ward.name})", member=member),
    ]


def _committee_title(org: OrgSpec) -> str:
    # "Đảng bộ phường Vũ Ninh" is led by the "Đảng ủy phường Vũ Ninh"; the city's by the
    # "Thành ủy".
    if org.parent is None:
        return "Thành ủy"
    return org.name.replace("Đảng bộ", "Đảng ủy", 1)


# ---------------------------------------------------------------------------------------
# Writing.


def _levels(root: OrgSpec) -> dict[tuple, Level]:
    out = {}
    for org in root.walk():
        if org.level not in out:
            name, rank, is_cell = org.level
            out[org.level], _ = Level.objects.get_or_create(
                name=name, defaults={"rank": rank, "is_cell_level": is_cell})
    return out


def _write_tree(root: OrgSpec) -> None:
    """Paths, depth and numchild computed here (treebeard's MP_Node rules), then bulk
    inserts: a few hundred add_child calls would each re-read their parent."""
    levels = _levels(root)
    last_root = Organization.objects.get_last_root_node()
    root_path = last_root._inc_path() if last_root else Organization._get_path(None, 1, 1)
    rows = []

    def place(org: OrgSpec, path: str, depth: int) -> None:
        org.instance = Organization(
            name=org.name, level=levels[org.level], kind=org.kind, is_cell=org.is_cell,
            address=org.address, path=path, depth=depth, numchild=len(org.children),
        )
        rows.append(org.instance)
        for i, child in enumerate(org.children, start=1):
            place(child, Organization._get_path(path, depth + 1, i), depth + 1)

    place(root, root_path, 1)
    bulk_create_with_history(rows, Organization, batch_size=BATCH_SIZE,
                             default_change_reason="Dữ liệu mẫu")


def _write_groups(root: OrgSpec) -> dict[tuple[int, str], PartyGroup]:
    rows = [PartyGroup(cell=org.instance, name=name)
            for org in root.walk() for name in org.groups]
    bulk_create_with_history(rows, PartyGroup, batch_size=BATCH_SIZE,
                             default_change_reason="Dữ liệu mẫu")
    return {(g.cell_id, g.name): g for g in rows}


def _write_accounts(plan: Plan) -> dict[str, User]:
    """The demo accounts, then the officials' (one bulk insert); all with one password
    hash."""
    officials = [o for o in plan.officials if not o.demo_account]
    User.objects.filter(
        username__in=[a.username for a in plan.accounts] + [o.username for o in officials]
    ).delete()
    password = make_password(DEMO_PASSWORD)  # hashed once for all of them
    users = {}
    for account in plan.accounts:
        name = account.member.full_name if account.member else account.name
        user = User(username=account.username, password=password, first_name=name,
                    last_name="", is_superuser=account.superuser, is_staff=account.superuser)
        user.save()
        users[account.username] = user
    rows = [User(username=o.username, password=password, first_name=o.name, last_name="")
            for o in officials]
    bulk_create_with_history(rows, User, batch_size=BATCH_SIZE,
                             default_change_reason="Dữ liệu mẫu")
    users.update((u.username, u) for u in rows)
    for o in plan.officials:
        o.user = users[o.username]
    return users


def _write_members(plan: Plan, groups, users) -> None:
    linked = {id(a.member): users[a.username] for a in plan.accounts if a.member}
    rows = []
    for m in plan.members:
        row = PartyMember(
            full_name=m.full_name, gender=m.gender, date_of_birth=m.date_of_birth,
            card_number=m.card_number, admitted_on=m.admitted_on,
            full_member_on=m.full_member_on, status=m.status, exempt_reason=m.exempt_reason,
            exempt_from=m.exempt_from, exempt_to=m.exempt_to, phone=m.phone,
            organization=m.cell.instance,
            residence_organization=m.residence.instance if m.residence else None,
            party_group=groups[(m.cell.instance.pk, m.group)] if m.group else None,
            position=m.position, skills=m.skills, notes=m.notes, user=linked.get(id(m)),
        )
        row.refresh_derived()  # bulk_create skips save(), which would do this
        rows.append(row)
        m.instance = row
    bulk_create_with_history(rows, PartyMember, batch_size=BATCH_SIZE,
                             default_change_reason="Dữ liệu mẫu")
    memberships = [
        Membership(member=row, organization=org.instance, started_on=start, ended_on=end,
                   reason=reason)
        for m, row in zip(plan.members, rows, strict=True)
        for org, start, end, reason in m.memberships
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)


def _write_scopes(plan: Plan, users) -> None:
    for account in plan.accounts:
        if account.scope:
            Scope.objects.create(user=users[account.username],
                                 organization=account.scope.instance, role=account.role)
    # The officials act for their committee (demo-city's and demo-ward's scope is that).
    rows = [Scope(user=users[o.username], organization=o.committee.instance,
                  role=Role.COMMITTEE_STAFF) for o in plan.officials if not o.demo_account]
    bulk_create_with_history(rows, Scope, batch_size=BATCH_SIZE,
                             default_change_reason="Dữ liệu mẫu")


def _analyze() -> None:
    """Fresh planner statistics: without them PostgreSQL plans the first queries after a
    bulk load as if the tables were nearly empty (until autovacuum gets to them)."""
    models = [Organization, PartyGroup, PartyMember, Membership, Scope, User,
              *demo_meetings.ANALYZED, *demo_supervision.ANALYZED]
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _delete_all(queryset, rounds: int = 10) -> None:
    """Delete a queryset; rows of other apps that protect it (PROTECT/RESTRICT) go first."""
    for _ in range(rounds):
        try:
            queryset.delete()
            return
        except (ProtectedError, RestrictedError) as exc:
            blocking = getattr(exc, "protected_objects", None) or exc.restricted_objects
            by_model: dict[type, list] = {}
            for obj in blocking:
                by_model.setdefault(type(obj), []).append(obj.pk)
            for model, pks in by_model.items():
                _delete_all(model._default_manager.filter(pk__in=pks), rounds - 1)
    queryset.delete()


def _digest(names) -> str:
    h = hashlib.sha256()
    for name in names:
        h.update(name.encode())
        h.update(b"\n")
    return h.hexdigest()
