"""Demo data: the Bắc Ninh city party organization of the 2018 article (docs domain.md §1),
or a province ten times its size (domain.md §5, `scale="province"`).

The city: 271 cells under 19 grassroots committees (16 wards, 3 communes) and 49 cells
directly under the city committee (320 active at the end of the year), 9,412 members,
five demo accounts, the committee members who follow cells (about 15 of the city's, 2–3
per ward; chibo.core.demo_supervision), and a year of meetings of every cell
(chibo.core.demo_meetings) with the officials' visits and the concerns raised, then the
grading (chibo.core.demo_grading). Everything is generated from a seed, so the same seed
(and the same `today`) gives the same city:

    plan = build_plan(seed=2018)      # pure Python, no database
    summary = load_plan(plan)         # one transaction, bulk inserts with history
    summary.meetings = demo_meetings.load_year(plan)   # the 12 months up to today

`load_demo()` does all of it in one transaction. `wipe()` deletes the supervision rows
and the meetings (with all that hangs off them), the organization tree with everything
that hangs off it (members, memberships, party groups, scopes, and rows of other apps
that point at them), the history of those rows, and the demo-* and officials' accounts
(demo_supervision.USERNAME_REGEX); other accounts stay.

Cells come and go during the year (`Scale.lifecycle`, dates inside the window of
demo_meetings, relative to `today`): a residential cell split off a large quarter
(`founded_on` on the 15th of the window's sixth month, e.g. 15/05/2026), a new enterprise
cell (10th of the fourth month), part of its members from the ward's enterprise cell and
the rest received from elsewhere; a small residential cell merged into its neighbour
(dissolved on the 1st of the eighth month) and an agency merged into another (1st of the
fifth month), their members moved to the absorbing cell as `members.services.
member_transfer` does it (the open membership closed on the day, a new one opened there,
position and party group dropped; the former secretary becomes deputy where the merged
cell then needs a chi ủy). A founded cell meets from its first full month, a dissolved
one never after its dissolution; every other cell has `founded_on` empty.

Scales: `SCALES` maps a name to a `Scale`: a builder of the organization tree (`OrgSpec`
specs, each with its level: name, rank, is it the cell level; cells with a member count),
the number of members, the demo accounts' organizations, the cells' lifecycle and the
officials of the root committee. "city" is the 2018 city; "province" (`build_province`,
names in chibo.core.demo_province) is the 2025 structure: Đảng bộ tỉnh Bắc Ninh → 99
Đảng bộ xã/phường → chi bộ, plus about 190 cells directly under the province; 3,200
active cells and 94,120 members, with the same demo accounts (demo-city is then staff of
the province committee). `build_plan(scale="province")` builds it in memory without a
database (about ten seconds); loading it takes minutes (not part of the test suite).
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
from chibo.core import demo_grading, demo_meetings, demo_states, demo_supervision
from chibo.core import demo_province as P
from chibo.core import demo_texts as T
from chibo.core.demo_life import load_life, wipe_life
from chibo.core.demo_meetings import MeetingsSummary
from chibo.dues import demo as demo_dues
from chibo.members.models import Gender, Membership, MemberStatus, PartyMember, Position
from chibo.organizations.lifetime import Lifetime
from chibo.organizations.models import CellKind, Level, Organization, PartyGroup
from chibo.policies.models import Policy

DEFAULT_SEED = 2018
DEMO_PASSWORD = "chibo-demo"
BATCH_SIZE = 500

# ---------------------------------------------------------------------------------------
# Levels (2018 names: the city had a district-level committee; see domain.md §2).

CITY_LEVEL = ("Đảng bộ thành phố", 0, False)
GRASSROOTS_LEVEL = ("Đảng bộ cơ sở", 1, False)
CELL_LEVEL = ("Chi bộ", 2, True)
# Since 7/2025: no district level (the province's cells use CELL_LEVEL too).
PROVINCE_LEVEL = ("Đảng bộ tỉnh", 0, False)
COMMUNE_LEVEL = ("Đảng bộ xã, phường", 1, False)

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
class OrgSpec(Lifetime):
    name: str
    level: tuple[str, int, bool]
    kind: str = ""
    profile: str = ""
    size: int = 0  # members to generate (cells only)
    address: str = ""
    children: list[OrgSpec] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    parent: OrgSpec | None = None
    quarter: str = ""  # residential cells: "khu phố", "tổ dân phố" or "thôn"
    # The lifecycle (Scale.lifecycle): founded during the year, from `source` (a share of
    # its members came from there); dissolved, its members moved to `absorbed_by`.
    founded_on: dt.date | None = None
    source: OrgSpec | None = None
    source_share: float = 0.0
    dissolved_on: dt.date | None = None
    dissolved_reason: str = ""
    absorbed_by: OrgSpec | None = None
    instance: Organization | None = None  # set when written

    def __repr__(self) -> str:
        return f"OrgSpec({self.name!r})"

    @property
    def is_cell(self) -> bool:
        return self.level[2]

    @property
    def stable(self) -> bool:
        """There the whole year: neither founded nor dissolved in it."""
        return self.founded_on is None and self.dissolved_on is None

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
    # id(cell) → the position held in a cell left when it was dissolved (the transfer
    # drops it, as members.services.member_transfer does).
    past_positions: dict[int, str] = field(default_factory=dict)
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
        """Every cell of the tree, the dissolved ones too."""
        return [o for o in self.root.walk() if o.is_cell]

    @property
    def factor(self) -> int:
        """How many cities the plan is (1 for the city, 10 for the province): counts drawn
        for the whole tree (flagged members, gaps in supervision) scale with it."""
        return max(1, round(len(self.members) / CITY_MEMBERS))

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
    cells: int  # active at the end (not dissolved)
    party_groups: int
    members: int
    by_status: dict[str, int]
    memberships: int
    accounts: list[Account]
    seconds: float
    meetings: MeetingsSummary | None = None
    officials: list = field(default_factory=list)  # demo_supervision.OfficialSpec
    grading: demo_grading.GradingSummary | None = None
    dissolved: int = 0  # cells dissolved during the year (in the tree, not in `cells`)
    # The cells founded or dissolved during the year: OrgSpec, written (ids set).
    lifecycle: list[OrgSpec] = field(default_factory=list)

    @property
    def supervision(self):
        """demo_supervision.SupervisionSummary, when the year was loaded."""
        return self.meetings.supervision if self.meetings else None


SPLIT, NEW, MERGE = "split", "new", "merge"


@dataclass(frozen=True)
class LifeEvent:
    """A cell founded or dissolved during the demo year, on `day` of the window's month
    number `month` (0 is the first of demo_meetings.window(today)), under `committee`
    (its name; "" for the root).

    - SPLIT: a new residential cell split off `other` ("": the committee's largest
      residential cell), named after the committee's last quarter number + 1; all its
      members who were already there on the day came from `other`.
    - NEW: a new cell `cell` of `profile` and `size`; `share` of its members who were
      already there came from `other`, the others were received from elsewhere.
    - MERGE: `cell` ("": the committee's smallest residential cell) dissolved, merged into
      `other` ("": the smaller of its neighbours), `reason` its dissolution reason
      ({cell}, {other}: their names without "Chi bộ "; {target}: the absorbing cell).
    """

    kind: str
    committee: str
    month: int
    day: int
    cell: str = ""
    other: str = ""
    profile: str = ""
    size: tuple[int, int] = (0, 0)
    share: float = 0.0
    reason: str = ""


RESIDENTIAL_MERGER = (
    "Sáp nhập {cell} vào {other} theo Nghị quyết của HĐND tỉnh về việc sáp nhập, đặt tên "
    "thôn, khu phố; đảng viên chuyển sinh hoạt về {target}."
)
AGENCY_MERGER = (
    "{cell} hợp nhất vào {other} theo đề án sắp xếp tổ chức bộ máy; đảng viên chuyển sinh "
    "hoạt về {target}."
)
CITY_LIFECYCLE = (
    LifeEvent(SPLIT, "Đảng bộ phường Đại Phúc", 5, 15),
    LifeEvent(NEW, "Đảng bộ phường Phong Khê", 3, 10, "Chi bộ Công ty Cổ phần Giấy Phong Khê",
              "Chi bộ Doanh nghiệp phường Phong Khê", "enterprise", (7, 12), 0.5),
    LifeEvent(MERGE, "Đảng bộ phường Tiền An", 7, 1, reason=RESIDENTIAL_MERGER),
    LifeEvent(MERGE, "", 4, 1, "Chi bộ Phòng Lao động – Thương binh và Xã hội",
              "Chi bộ Phòng Nội vụ", reason=AGENCY_MERGER),
)
PROVINCE_LIFECYCLE = (
    LifeEvent(SPLIT, "Đảng bộ phường Từ Sơn", 5, 15),
    LifeEvent(NEW, "Đảng bộ phường Nếnh", 3, 10, "Chi bộ Công ty TNHH Điện tử Vân Trung",
              "Chi bộ Doanh nghiệp phường Nếnh", "enterprise", (8, 14), 0.5),
    LifeEvent(MERGE, "Đảng bộ xã Tiên Du", 7, 1, reason=RESIDENTIAL_MERGER),
    LifeEvent(MERGE, "", 4, 1, "Chi bộ Sở Lao động – Thương binh và Xã hội",
              "Chi bộ Sở Nội vụ", reason=AGENCY_MERGER),
)


@dataclass(frozen=True)
class Scale:
    build_tree: Callable[[random.Random], OrgSpec]
    members: int
    demo_ward: str
    demo_cell: str
    demo_city_cell: str
    lifecycle: tuple[LifeEvent, ...] = ()
    # The root committee's officials who follow cells (demo_supervision.plan_officials),
    # demo-city's office, and how many a ward's or commune's committee has (drawn).
    root_offices: tuple[str, ...] = ()
    demo_root_office: str = ""
    ward_officials: tuple[int, ...] = (2, 2, 3)


# ---------------------------------------------------------------------------------------
# Public functions.


def load_demo(*, seed: int = DEFAULT_SEED, scale: str = "city", today: dt.date | None = None,
              force: bool = False, meetings: bool = True) -> Summary:
    """Build and write the demo in one transaction; with `force`, wipe() first. Without
    `meetings`, only the tree (organizations, members, accounts, officials)."""
    started = time.perf_counter()
    plan = build_plan(seed=seed, scale=scale, today=today)
    with transaction.atomic():
        if force:
            wipe()
        summary = load_plan(plan)
        if meetings:
            summary.meetings = demo_meetings.load_year(plan)
            _mark_data_start(demo_meetings.window(plan.today)[0])
        # Before the grading's evidence reads the roll calls just written: with the
        # statistics of the empty tables PostgreSQL planned that read to take minutes (seen
        # in the test suite, where earlier tests leave the tables analyzed while empty).
        # The grading analyzes the tables it writes itself.
        _analyze()
        if meetings:
            # Commitments, residence comments and grading: 2025 decided, 2026 under way.
            summary.grading = demo_grading.load_grading(seed=plan.seed, today=plan.today)
            demo_dues.load_dues(seed=plan.seed, today=plan.today)
            load_life(seed=plan.seed, today=plan.today, meetings=summary.meetings)
            demo_states.load_states(seed=plan.seed, today=plan.today)
    summary.seconds = time.perf_counter() - started
    return summary


DATA_START_BASIS = "Dữ liệu mẫu: số liệu trên Chibo bắt đầu từ tháng này"


def _mark_data_start(first: dt.date) -> None:
    """The demo's meetings start with its window: the months before it were "on paper",
    so reports must not count them as missed (policy report.data_from)."""
    Policy.objects.update_or_create(
        key="report.data_from", effective_from=first, issuer=None,
        defaults={"value": first.isoformat(),
                  "legal_basis": DATA_START_BASIS,
                  "note": "Các tháng trước ghi trên sổ giấy, không tính vào báo cáo."},
    )


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
    life_rng = random.Random(f"{seed}:lifecycle")
    _add_lifecycle(root, spec.lifecycle, demo_meetings.window(today), life_rng)
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
    _move_members(cells, members, life_rng)
    accounts = _accounts(root, members, spec)
    officials = demo_supervision.plan_officials(seed, root, accounts, spec)
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
        cells=sum(1 for o in orgs if o.is_cell and o.dissolved_on is None),
        dissolved=sum(1 for o in orgs if o.is_cell and o.dissolved_on is not None),
        lifecycle=[o for o in orgs if o.is_cell and not o.stable],
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
        demo_dues.wipe_dues()  # a payment protects its member and its cell
        demo_meetings.wipe()  # then: meetings' rows protect members and organizations
        wipe_life()  # probations and removal proposals protect members and cells
        demo_states.wipe_states()
        for model in (Membership, PartyMember, Scope, PartyGroup, Organization):
            _delete_all(model.objects.all())
        for model in (Organization, PartyGroup, PartyMember, Scope, *_parts_with_history()):
            model.history.model.objects.all().delete()
        _delete_all(User.objects.filter(
            Q(username__in=demo_usernames())
            | Q(username__regex=demo_supervision.USERNAME_REGEX)))
        Policy.objects.filter(key="report.data_from", legal_basis=DATA_START_BASIS).delete()


def _parts_with_history() -> tuple:
    """Rows the modules' wipes delete whose history they leave: it goes here."""
    from chibo.commitments.models import CommitmentItem, CommitmentProgress, ResidenceExemption
    from chibo.meetings.models import (
        AgendaItem,
        Attendance,
        Guest,
        MeetingDocument,
        MinutesVersion,
        Speech,
        TaskReview,
    )
    from chibo.supervision.models import ConcernAction, VisitReport

    return (Membership, AgendaItem, Attendance, Guest, Speech, TaskReview, MeetingDocument,
            MinutesVersion, VisitReport, ConcernAction, CommitmentItem, CommitmentProgress,
            ResidenceExemption)


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
        cell.quarter = quarter
        committee.add(cell)
    for pattern, profile, lo, hi in others:
        committee.add(_cell(rng, pattern.format(unit=unit, place=place), profile, lo, hi))
    return committee


def _cell(rng: random.Random, name: str, profile: str, lo: int, hi: int) -> OrgSpec:
    return OrgSpec(name, CELL_LEVEL, kind=PROFILES[profile].kind, profile=profile,
                   size=rng.randint(lo, hi))


def build_province(rng: random.Random) -> OrgSpec:
    """The 2025 province (names: chibo.core.demo_province): 33 wards and 66 communes, each
    with its numbered quarters or villages and its office, police, military, health
    station, schools (and an enterprise cell in an industrial area or a cooperative in a
    commune), then the cells directly under the province. The residential cells drawn per
    ward are evened out so that the tree has P.PROVINCE_CELLS cells; sibling names are
    unique."""
    root = OrgSpec(P.PROVINCE_NAME, PROVINCE_LEVEL, address="Trụ sở Tỉnh ủy Bắc Ninh")
    units = [("phường", place, quarter) for place, quarter in P.WARDS]
    units += [("xã", place, "thôn") for place in P.COMMUNES]
    direct = _province_cells()
    others = [_commune_cells(rng, kind, place) for kind, place, _q in units]
    lo_hi = [P.WARD_RESIDENTIAL if kind == "phường" else P.COMMUNE_RESIDENTIAL
             for kind, _p, _q in units]
    residential = [rng.randint(lo, hi) for lo, hi in lo_hi]
    wanted = P.PROVINCE_CELLS - len(direct) - sum(len(o) for o in others)
    i = 0
    while sum(residential) != wanted:  # even out, one cell at a time, never below 8
        step = 1 if sum(residential) < wanted else -1
        if residential[i % len(units)] + step >= 8:
            residential[i % len(units)] += step
        i += 1
    for (kind, place, quarter), cells, count in zip(units, others, residential, strict=True):
        unit = f"{kind} {place}"
        committee = root.add(OrgSpec(f"Đảng bộ {unit}", COMMUNE_LEVEL,
                                     address=f"Trụ sở Đảng ủy {unit}"))
        for n in range(1, count + 1):
            label = f"số {n}" if quarter == "tổ dân phố" else str(n)
            cell = _cell(rng, f"Chi bộ {quarter} {label}", "residential", *RESIDENTIAL_SIZE)
            cell.address = f"Nhà văn hóa {quarter} {label}, {unit}"
            cell.quarter = quarter
            committee.add(cell)
        for name, profile, lo, hi in cells:
            committee.add(_cell(rng, name, profile, lo, hi))
    for name, profile, lo, hi in direct:
        root.add(_cell(rng, name, profile, lo, hi))
    return root


def _commune_cells(rng: random.Random, kind: str, place: str) -> list[tuple]:
    """(name, profile, min size, max size) of a ward's or commune's cells other than the
    residential ones."""
    unit = f"{kind} {place}"
    patterns = list(P.COMMUNE_CELLS)
    if place in P.INDUSTRIAL:
        patterns.append(P.INDUSTRIAL_CELL)
    elif kind == "xã" and rng.random() < 0.5:
        patterns.append(P.COMMUNE_COOPERATIVE)
    out = []
    for pattern, profile, lo, hi, how_many in patterns:
        name = pattern.format(unit=unit, place=place)
        count = how_many if isinstance(how_many, int) else rng.randint(*how_many)
        if count == 1:
            out.append((name, profile, lo, hi))
        else:
            out += [(f"{name} số {n}", profile, lo, hi) for n in range(1, count + 1)]
    return out


def _province_cells() -> list[tuple]:
    """(name, profile, min size, max size) of the cells directly under the province."""
    out = list(P.PROVINCE_BODIES) + list(P.HOSPITALS)
    for area, _schools in P.AREAS:
        name, profile, lo, hi = P.HEALTH_CENTRE
        out.append((name.format(area=area), profile, lo, hi))
    out += P.NAMED_HIGH_SCHOOLS
    for area, schools in P.AREAS:
        name, profile, lo, hi = P.HIGH_SCHOOL
        out += [(name.format(area=area, n=n), profile, lo, hi) for n in range(1, schools + 1)]
        name, profile, lo, hi = P.VOCATIONAL
        out.append((name.format(area=area), profile, lo, hi))
    out += P.ARMED_UNITS
    name, profile, lo, hi = P.DEFENCE_AREA
    out += [(name.format(area=area), profile, lo, hi) for area in P.DEFENCE_AREAS]
    return out + list(P.ENTERPRISES)


SCALES: dict[str, Scale] = {
    "city": Scale(build_city, CITY_MEMBERS, "Đảng bộ phường " + DEMO_WARD, DEMO_CELL,
                  "Chi bộ Văn phòng Thành ủy", CITY_LIFECYCLE, tuple(T.CITY_OFFICIALS),
                  T.DEMO_CITY_OFFICE),
    "province": Scale(build_province, P.PROVINCE_MEMBERS, "Đảng bộ phường " + DEMO_WARD,
                      DEMO_CELL, "Chi bộ Văn phòng Tỉnh ủy", PROVINCE_LIFECYCLE,
                      tuple(P.PROVINCE_OFFICIALS), P.DEMO_PROVINCE_OFFICE, (3, 4, 4, 5)),
}


def root_title(root: OrgSpec) -> str:
    """The root's committee: "Thành ủy" for the city, "Tỉnh ủy" for the province."""
    return "Tỉnh ủy" if root.level == PROVINCE_LEVEL else "Thành ủy"


def root_area(root: OrgSpec) -> str:
    """What the root governs, in running text: "thành phố" or "tỉnh"."""
    return "tỉnh" if root.level == PROVINCE_LEVEL else "thành phố"


def root_of(org: OrgSpec) -> OrgSpec:
    while org.parent is not None:
        org = org.parent
    return org


def localize(text: str, root: OrgSpec) -> str:
    """A text written for the city (demo_texts), said of the province when `root` is one:
    "Thành ủy" → "Tỉnh ủy", "thành phố" → "tỉnh", "Thành đoàn" → "Tỉnh đoàn"."""
    if root.level != PROVINCE_LEVEL:
        return text
    return (text.replace("Thành ủy", "Tỉnh ủy").replace("thành ủy", "tỉnh ủy")
            .replace("Thành đoàn", "Tỉnh đoàn").replace("thành phố", "tỉnh"))


def position_in(member: MemberSpec, cell: OrgSpec) -> str:
    """The member's position in `cell`: their own in their cell, the one they held in a
    cell since dissolved, none elsewhere."""
    if member.cell is cell:
        return member.position
    return member.past_positions.get(id(cell), Position.NONE)


# ---------------------------------------------------------------------------------------
# The lifecycle: cells founded and dissolved during the year.


def _add_lifecycle(root: OrgSpec, events, months: list[dt.date], rng: random.Random) -> None:
    """Add the founded cells to the tree (last among their siblings: created last) with a
    drawn size, and mark the dissolved ones, with their dates inside `months`."""
    by_name = {o.name: o for o in root.walk() if not o.is_cell}
    for event in events:
        committee = root if not event.committee else by_name[event.committee]
        cells = {c.name: c for c in committee.children if c.is_cell}
        residential = [c for c in committee.children if c.profile == "residential"]
        day = months[event.month].replace(day=event.day)
        if event.kind == SPLIT:
            source = cells[event.other] if event.other else max(
                residential, key=lambda c: (c.size, c.name))
            number = max(_number(c.name) for c in residential) + 1
            quarter = source.quarter
            label = f"số {number}" if quarter == "tổ dân phố" else str(number)
            unit = committee.name.replace("Đảng bộ ", "", 1)
            cell = _cell(rng, f"Chi bộ {quarter} {label}", "residential", *RESIDENTIAL_SIZE)
            cell.quarter = quarter
            cell.address = f"Nhà văn hóa {quarter} {label}, {unit}"
            cell.founded_on, cell.source, cell.source_share = day, source, 1.0
            committee.add(cell)
        elif event.kind == NEW:
            lo, hi = event.size
            cell = _cell(rng, event.cell, event.profile, lo, hi)
            cell.founded_on, cell.source_share = day, event.share
            cell.source = cells.get(event.other)
            committee.add(cell)
        else:
            cell = cells[event.cell] if event.cell else min(
                residential, key=lambda c: (c.size, c.name))
            if event.other:
                target = cells[event.other]
            else:
                i = residential.index(cell)
                neighbours = residential[max(i - 1, 0):i] + residential[i + 1:i + 2]
                target = min(neighbours, key=lambda c: (c.size, c.name))
            cell.dissolved_on, cell.absorbed_by = day, target
            cell.dissolved_reason = event.reason.format(
                cell=cell.name.replace("Chi bộ ", "", 1),
                other=target.name.replace("Chi bộ ", "", 1), target=target.name)


def _number(name: str) -> int:
    last = name.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def _move_members(cells, members, rng: random.Random) -> None:
    """The memberships of the founded and dissolved cells' members, as the transfers
    of the day left them (members.services.member_transfer: the open membership ends on
    the day, a new one starts there; position and party group go, a residence in the new
    cell too). Members whose membership starts after the day keep it as it is (a founded
    cell) or start it in the absorbing cell (a dissolved one)."""
    by_cell = _by_cell(members)
    for cell in cells:
        people = by_cell.get(id(cell), [])
        day = cell.founded_on
        if day is not None:
            reason = (f"Chuyển sinh hoạt khi thành lập {cell.name} (tách từ {cell.source.name})"
                      if cell.source is not None and cell.source_share >= 1
                      else f"Chuyển sinh hoạt về {cell.name} mới thành lập")
            for m in people:
                _org, start, _end, _reason = m.memberships[-1]
                if start >= day:
                    continue
                if cell.source is not None and rng.random() < cell.source_share:
                    m.memberships = [(cell.source, start, day, "Tiếp nhận"),
                                     (cell, day, None, reason)]
                else:  # received from a party organization outside the demo's tree
                    m.memberships = [(cell, day, None, "Tiếp nhận")]
        day = cell.dissolved_on
        if day is None:
            continue
        target = cell.absorbed_by
        reason = f"Chuyển sinh hoạt do sáp nhập {cell.name} vào {target.name}"
        for m in people:
            _org, start, _end, first_reason = m.memberships[-1]
            if start >= day and m.admitted_on < day - dt.timedelta(days=60):
                # In the cell for a while before it went.
                start = max(m.admitted_on, day - dt.timedelta(days=rng.randint(30, 400)))
            if start >= day:
                m.memberships[-1] = (target, start, None, first_reason)
            else:
                m.memberships[-1] = (cell, start, day, first_reason)
                m.memberships.append((target, day, None, reason))
            m.past_positions[id(cell)] = m.position
            m.position, m.group, m.cell = Position.NONE, "", target
            if m.residence is target:
                m.residence = None
        # The merged cell elects a chi ủy once it has the full members for one: the
        # dissolved cell's secretary becomes its deputy.
        mine = by_cell.get(id(target), []) + people
        full = sum(1 for m in mine if m.status == MemberStatus.FULL)
        if full >= COMMITTEE_THRESHOLD and not any(
                m.position == Position.DEPUTY for m in mine if m.cell is target):
            secretary = next(m for m in people
                             if m.past_positions[id(cell)] == Position.SECRETARY)
            secretary.position = Position.DEPUTY
        by_cell[id(target)] = mine


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
    residential = [c for c in root.walk() if c.profile == "residential" and c.stable]
    for m in members:
        if m.cell.profile == "residential" or rng.random() > 0.85:
            continue
        siblings = [c for c in m.cell.parent.children
                    if c.profile == "residential" and c.stable]
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
    members moved from another cell (an ended row there). The founded and dissolved
    cells' members are left to _move_members."""
    same_kind = {}
    for c in cells:
        if c.stable:
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
    movers = [m for m in members if m.status == MemberStatus.FULL and m.cell.stable
              and (today - m.admitted_on).days > 5 * 365]
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
                f"{root_title(root).lower()} viên theo dõi, dự sinh hoạt một số chi bộ",
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
    # "Thành ủy", the province's by the "Tỉnh ủy".
    if org.parent is None:
        return root_title(org)
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
            founded_on=org.founded_on,
        )
        rows.append(org.instance)
        for i, child in enumerate(org.children, start=1):
            place(child, Organization._get_path(path, depth + 1, i), depth + 1)

    place(root, root_path, 1)
    bulk_create_with_history(rows, Organization, batch_size=BATCH_SIZE,
                             default_change_reason="Dữ liệu mẫu")
    # Then the dissolutions, as organizations.services.organization_dissolve saves them:
    # a second history row each.
    gone = [o for o in root.walk() if o.dissolved_on is not None]
    for org in gone:
        org.instance.dissolved_on = org.dissolved_on
        org.instance.dissolved_reason = org.dissolved_reason
        Organization.objects.filter(pk=org.instance.pk).update(
            dissolved_on=org.dissolved_on, dissolved_reason=org.dissolved_reason)
    Organization.history.bulk_history_create(
        [o.instance for o in gone], update=True,
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
    demo_grading.insert_objects(PartyMember, rows)  # with history, as bulk_create_with_history
    memberships = [
        Membership(member=row, organization=org.instance, started_on=start, ended_on=end,
                   reason=reason)
        for m, row in zip(plan.members, rows, strict=True)
        for org, start, end, reason in m.memberships
    ]
    demo_grading.insert_objects(Membership, memberships, history=False)


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
