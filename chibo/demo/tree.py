from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from chibo.demo import province as P
from chibo.demo import texts_supervision as TS
from chibo.organizations.lifetime import Lifetime
from chibo.organizations.models import CellKind, Organization

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

# ---------------------------------------------------------------------------------------
# Demo accounts.

DEMO_WARD = "Vũ Ninh"
DEMO_CELL = "Chi bộ khu phố 3"


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


SPLIT, NEW, MERGE = "split", "new", "merge"


@dataclass(frozen=True)
class LifeEvent:
    """A cell founded or dissolved during the demo year, on `day` of the window's month
    number `month` (0 is the first of window(today)), under `committee`
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
    # The root committee's officials who follow cells (plan_officials),
    # demo-city's office, and how many a ward's or commune's committee has (drawn).
    root_offices: tuple[str, ...] = ()
    demo_root_office: str = ""
    ward_officials: tuple[int, ...] = (2, 2, 3)


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
    """The 2025 province (names: chibo.demo.province): 33 wards and 66 communes, each
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
                  "Chi bộ Văn phòng Thành ủy", CITY_LIFECYCLE, tuple(TS.CITY_OFFICIALS),
                  TS.DEMO_CITY_OFFICE),
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
    """A text written for the city (texts, texts_supervision), said of the province when
    `root` is one:
    "Thành ủy" → "Tỉnh ủy", "thành phố" → "tỉnh", "Thành đoàn" → "Tỉnh đoàn"."""
    if root.level != PROVINCE_LEVEL:
        return text
    return (text.replace("Thành ủy", "Tỉnh ủy").replace("thành ủy", "tỉnh ủy")
            .replace("Thành đoàn", "Tỉnh đoàn").replace("thành phố", "tỉnh"))


# ---------------------------------------------------------------------------------------
# The lifecycle: cells founded and dissolved during the year.


def add_lifecycle(root: OrgSpec, events, months: list[dt.date], rng: random.Random) -> None:
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
            number = max(quarter_number(c.name) for c in residential) + 1
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


def quarter_number(name: str) -> int:
    last = name.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def set_sizes(cells: list[OrgSpec], total: int) -> None:
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
