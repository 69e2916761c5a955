from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from chibo.accounts.models import Role
from chibo.demo.tree import COMMON_SKILLS, PROFILES, OrgSpec, Scale, root_title
from chibo.members.models import Gender, MemberStatus, PartyMember, Position

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


@dataclass(frozen=True)
class Account:
    username: str
    description: str
    superuser: bool = False
    scope: OrgSpec | None = None
    role: str = ""
    member: MemberSpec | None = None
    name: str = ""


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


def position_in(member: MemberSpec, cell: OrgSpec) -> str:
    """The member's position in `cell`: their own in their cell, the one they held in a
    cell since dissolved, none elsewhere."""
    if member.cell is cell:
        return member.position
    return member.past_positions.get(id(cell), Position.NONE)


def move_members(cells, members, rng: random.Random) -> None:
    """The memberships of the founded and dissolved cells' members, as the transfers
    of the day left them (members.services.member_transfer: the open membership ends on
    the day, a new one starts there; position and party group go, a residence in the new
    cell too). Members whose membership starts after the day keep it as it is (a founded
    cell) or start it in the absorbing cell (a dissolved one)."""
    by_cell = members_by_cell(members)
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


# ---------------------------------------------------------------------------------------
# People.


def weighted_choice(rng: random.Random, pairs):
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


def person_name(rng: random.Random, gender: str, age: int) -> str:
    family = weighted_choice(rng, FAMILY_NAMES)
    middles = MALE_MIDDLE_NAMES if gender == Gender.MALE else FEMALE_MIDDLE_NAMES
    if age < 40:
        middles = [(m, w * 0.35 if m in COMMON_MIDDLE_NAMES else w) for m, w in middles]
    middle = weighted_choice(rng, middles)
    givens = MALE_GIVEN_NAMES if gender == Gender.MALE else FEMALE_GIVEN_NAMES
    given = rng.choice(givens)
    while given == middle:
        given = rng.choice(givens)
    return f"{family} {middle} {given}"


def make_people(cells, today, rng, name_rng) -> list[MemberSpec]:
    people = []
    for cell in cells:
        profile = PROFILES[cell.profile]
        for _ in range(cell.size):
            female = rng.random() < profile.female_share
            gender = Gender.FEMALE if female else Gender.MALE
            lo, hi, _w = weighted_choice(rng, [((lo, hi, w), w) for lo, hi, w in profile.ages])
            if cell.profile != "residential" and female:
                hi = min(hi, 57)  # women retire earlier
                lo = min(lo, hi - 1)
            age_days = rng.randint(_days(lo), _days(hi) - 1)
            born = today - dt.timedelta(days=age_days)
            people.append(MemberSpec(
                # The age from the drawn days, not the calendar: names must not depend on
                # the date the demo is built.
                full_name=person_name(name_rng, gender, int(age_days / 365.25)),
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


def set_statuses(members, today, rng) -> None:
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


def set_dates(members, today, rng) -> None:
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


def set_positions(cells, members, today, rng) -> None:
    """One secretary per cell; from COMMITTEE_THRESHOLD full members a deputy and 1–3
    committee members. Leaders are full members, preferably of working or early
    retirement age with some years in the Party."""
    by_cell = members_by_cell(members)

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


def set_groups(cells, members, rng) -> None:
    by_cell = members_by_cell(members)
    for cell in cells:
        if cell.size < GROUP_THRESHOLD:
            continue
        count = min(6, math.ceil(cell.size / GROUP_SIZE))
        cell.groups = [f"Tổ đảng số {i}" for i in range(1, count + 1)]
        people = list(by_cell[id(cell)])
        rng.shuffle(people)
        for i, m in enumerate(people):
            m.group = cell.groups[i % count]


def set_residence(root, members, rng) -> None:
    """P8: most members of workplace cells are also followed where they live."""
    residential = [c for c in root.walk() if c.profile == "residential" and c.stable]
    for m in members:
        if m.cell.profile == "residential" or rng.random() > 0.85:
            continue
        siblings = [c for c in m.cell.parent.children
                    if c.profile == "residential" and c.stable]
        pool = siblings if siblings and rng.random() < 0.6 else residential
        m.residence = rng.choice(pool)


def set_contacts(members, today, rng) -> None:
    cards = rng.sample(range(10_000_000, 100_000_000), len(members))
    for m, card in zip(members, cards, strict=True):
        m.card_number = str(card)
        age = m.age(today)
        if rng.random() < (0.75 if age >= 75 else 0.95):
            prefix = weighted_choice(rng, [("09", 75), ("03", 15), ("08", 10)])
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


def set_memberships(cells, members, today, rng) -> None:
    """One open membership each; retirees joined their residential cell on retiring; a few
    members moved from another cell (an ended row there). The founded and dissolved
    cells' members are left to move_members."""
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


def members_by_cell(members) -> dict[int, list[MemberSpec]]:
    out: dict[int, list[MemberSpec]] = {}
    for m in members:
        out.setdefault(id(m.cell), []).append(m)
    return out


def plan_accounts(root: OrgSpec, members, spec: Scale) -> list[Account]:
    by_name = {o.name: o for o in root.walk()}
    ward = by_name[spec.demo_ward]
    cell = next(c for c in ward.children if c.name == spec.demo_cell)
    office = by_name[spec.demo_city_cell]
    ward_office = next(c for c in ward.children if c.profile == "agency")
    by_cell = members_by_cell(members)

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
        Account("demo-city", f"cán bộ {committee_title_of(root)}: toàn bộ {root.name}; "
                f"{root_title(root).lower()} viên theo dõi, dự sinh hoạt một số chi bộ",
                scope=root, role=Role.COMMITTEE_STAFF, member=city_person),
        Account("demo-ward", f"cán bộ {committee_title_of(ward)}; đảng ủy viên theo dõi các "
                "chi bộ khu dân cư, xử lý kiến nghị", scope=ward,
                role=Role.COMMITTEE_STAFF, member=ward_person),
        Account("demo-secretary", f"bí thư {cell.name} ({ward.name})", scope=cell,
                role=Role.SECRETARY, member=secretary),
        Account("demo-member", f"đảng viên {cell.name} ({ward.name})", member=member),
    ]


def committee_title_of(org: OrgSpec) -> str:
    # "Đảng bộ phường Vũ Ninh" is led by the "Đảng ủy phường Vũ Ninh"; the city's by the
    # "Thành ủy", the province's by the "Tỉnh ủy".
    if org.parent is None:
        return root_title(org)
    return org.name.replace("Đảng bộ", "Đảng ủy", 1)
