"""The arithmetic of a meeting: counts, quorum, vote, automatic score parts, bands.

Pure functions over plain values, so they can be tested exhaustively (hypothesis) and
reused by pages, documents, reports and the demo without touching the database. Every
threshold comes in as an argument read from the policy in force.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from chibo.policies.selectors import policy_row

FULL, PROBATIONARY, EXEMPT = "full", "probationary", "exempt"
PRESENT, EXCUSED, UNEXCUSED = "present", "excused", "unexcused"
# On the list but not counted on the day (members.StateKind): temporarily with another
# organization, suspended, detained. They are left out of the vote's denominator, the
# attendance rate and the absence flags (QĐ 24-QĐ/TW (2021), điểm 9.3.2; domain.md §3).
TRANSFERRED, SUSPENDED, DETAINED = "transferred", "suspended", "detained"
AWAY = frozenset({TRANSFERRED, SUSPENDED, DETAINED})
# As the minutes write them, in the order they list them: "không tính vào số phải có mặt:
# 1 đồng chí sinh hoạt tạm thời nơi khác …".
AWAY_PHRASES = (
    (TRANSFERRED, "sinh hoạt tạm thời nơi khác"),
    (SUSPENDED, "bị đình chỉ sinh hoạt"),
    (DETAINED, "bị tạm giam"),
)


def status_on_day(status: str, state_kind: str | None) -> str:
    """The member's status as the roll call keeps it: a state on the day (away) wins over
    the member's status. The one place that decides who counts on a day."""
    return state_kind if state_kind in AWAY else status


def counts_as_expected(status: str) -> bool:
    """Must attend: everyone but exempt members and those away on the day."""
    return status != EXEMPT and status not in AWAY


@dataclass(frozen=True)
class RollCall:
    """(member status on the day, presence) for everyone on the cell's list."""

    entries: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str]]) -> "RollCall":
        return cls(tuple(entries))

    def count(self, status: str | None = None, presence: str | None = None) -> int:
        return sum(
            1
            for s, p in self.entries
            if (status is None or s == status) and (presence is None or p == presence)
        )

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def present(self) -> int:
        return self.count(presence=PRESENT)

    @property
    def away(self) -> int:
        return sum(1 for s, _ in self.entries if s in AWAY)

    @property
    def expected(self) -> int:
        """Who must attend: everyone but exempt members (who may still come) and those
        away on the day (temporary transfer, suspended, detained)."""
        return sum(1 for s, _ in self.entries if counts_as_expected(s))

    @property
    def expected_present(self) -> int:
        return sum(1 for s, p in self.entries if counts_as_expected(s) and p == PRESENT)

    def attendance_rate(self) -> Fraction | None:
        """Present among those who must attend; exempt members are left out of both."""
        if self.expected == 0:
            return None
        return Fraction(self.expected_present, self.expected)

    def eligible_voters(self) -> int:
        """Full members who count: every full member, plus exempt members only when
        present. Probationary members never vote."""
        return self.count(status=FULL) + self.count(EXEMPT, PRESENT)

    def voters_present(self) -> int:
        return self.count(FULL, PRESENT) + self.count(EXEMPT, PRESENT)

    def has_quorum(self, fraction: Fraction) -> bool:
        """Enough of those who must attend are present."""
        return self.expected > 0 and Fraction(self.expected_present, self.expected) >= fraction


# The decisions a cell votes on, each with the policy holding its majority (domain:
# a resolution needs more than half of the full members who count; admission and
# recognition as a full member at least two thirds). Labels as the vote screen names them.
RESOLUTION, ADMISSION, RECOGNITION, REMOVAL = "resolution", "admission", "recognition", "removal"
DECISION_KINDS = {
    RESOLUTION: ("vote.majority", "Nghị quyết, kết luận của chi bộ"),
    ADMISSION: ("vote.majority_admission", "Đề nghị kết nạp đảng viên"),
    RECOGNITION: ("vote.majority_recognition", "Đề nghị công nhận đảng viên chính thức"),
    REMOVAL: ("vote.majority_removal", "Đề nghị xóa tên trong danh sách đảng viên"),
}
_FRACTION_WORDS = {
    Fraction(1, 2): "một nửa",
    Fraction(2, 3): "hai phần ba",
    Fraction(3, 4): "ba phần tư",
}


@dataclass(frozen=True)
class VoteRule:
    """A majority: `fraction` of the full members who count, reached (`at_least`) or
    exceeded (quá) by the votes for."""

    kind: str
    fraction: Fraction
    at_least: bool
    basis: str = ""

    @classmethod
    def of(cls, kind: str, value, basis: str = "") -> "VoteRule":
        """From a policy value: [n, d] (more than n/d, the old form of vote.majority) or
        {"fraction": [n, d], "at_least": true|false}."""
        if isinstance(value, dict):
            return cls(kind, as_fraction(value["fraction"]), bool(value.get("at_least")), basis)
        return cls(kind, as_fraction(value), False, basis)

    @property
    def label(self) -> str:
        return DECISION_KINDS.get(self.kind, (None, self.kind))[1]

    @property
    def words(self) -> str:
        share = _FRACTION_WORDS.get(
            self.fraction, f"{self.fraction.numerator}/{self.fraction.denominator}"
        )
        return f"{'ít nhất' if self.at_least else 'quá'} {share}"

    @property
    def text(self) -> str:
        return (
            f"{self.label}: được thông qua khi {self.words} số đảng viên chính thức "
            "tính vào tổng số tán thành."
        )

    @property
    def share(self) -> str:
        """As the minutes write the rule: "quá 1/2", "ít nhất 2/3"."""
        fraction = f"{self.fraction.numerator}/{self.fraction.denominator}"
        return f"{'ít nhất' if self.at_least else 'quá'} {fraction}"

    def passes(self, votes_for: int, eligible: int) -> bool:
        return vote_passes(votes_for, eligible, self)

    def needed(self, eligible: int) -> int | None:
        """The fewest votes for that pass with `eligible` voters (None when none can):
        ít nhất 2/3 of 4 is 3, quá 1/2 of 6 is 4, quá 1/2 of 5 is 3."""
        if eligible <= 0:
            return None
        n, d = self.fraction.numerator, self.fraction.denominator
        votes = -(-n * eligible // d) if self.at_least else n * eligible // d + 1
        return votes if votes <= eligible else None


def vote_passes(votes_for: int, eligible: int, rule: "VoteRule") -> bool:
    """Exact arithmetic: 2 of 3 reaches two thirds, 5 of 10 does not exceed one half."""
    if eligible <= 0:
        return False
    share = Fraction(votes_for, eligible)
    return share >= rule.fraction if rule.at_least else share > rule.fraction


def vote_rule(kind: str, *, on, organization=None) -> VoteRule:
    """The majority in force on `on` for `organization` for a decision of `kind`."""
    if kind not in DECISION_KINDS:
        raise VoteError(f"Không có loại quyết định «{kind}».")
    row = policy_row(DECISION_KINDS[kind][0], on=on, organization=organization)
    return VoteRule.of(kind, row.value, row.legal_basis)


@dataclass(frozen=True)
class VoteResult:
    eligible: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    passed: bool
    rule: "VoteRule | None" = None

    @property
    def percent_for(self) -> float:
        return round(100 * self.votes_for / self.eligible, 1) if self.eligible else 0.0


class VoteError(ValueError):
    pass


def vote_result(
    roll: RollCall,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    majority: "Fraction | VoteRule",
) -> VoteResult:
    """Passes with the rule's majority of the full members who count; a bare Fraction
    means more than that share (a resolution)."""
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise VoteError("Số phiếu không thể âm.")
    cast = votes_for + votes_against + votes_abstain
    if cast > roll.voters_present():
        raise VoteError(
            f"Tổng số biểu quyết ({cast}) lớn hơn số đảng viên có quyền biểu quyết có mặt "
            f"({roll.voters_present()})."
        )
    rule = majority if isinstance(majority, VoteRule) else VoteRule(RESOLUTION, majority, False)
    eligible = roll.eligible_voters()
    passed = vote_passes(votes_for, eligible, rule)
    return VoteResult(eligible, votes_for, votes_against, votes_abstain, passed, rule)


def step_points(value: float, steps: list[list[float]]) -> float:
    """The points of the first step whose threshold `value` reaches; steps run from the
    highest threshold down, e.g. [[90, 4], [75, 3], [65, 2], [0, 1]]."""
    for threshold, points in steps:
        if value >= threshold:
            return points
    return 0


def duration_points(duration_minutes: int | None, min_minutes: int, points: float) -> float | None:
    if duration_minutes is None:
        return None
    if duration_minutes >= min_minutes:
        return points
    # Pro rata, cut (not rounded) to the tenth: a minute short is never full points
    # (119 of 120 minutes gives 4.9 of 5, not round(4.958) = 5.0).
    share = Fraction(points).limit_denominator(1000) * max(duration_minutes, 0) / min_minutes
    return math.floor(share * 10) / 10


def attendance_points(
    roll: RollCall, criterion: dict, *, long_excused_absence: bool
) -> float | None:
    rate = roll.attendance_rate()
    if rate is None:
        return None
    if roll.count(presence=UNEXCUSED) > 0:
        base = criterion["steps"][-1][1]  # any unexcused absence: the lowest step
    else:
        base = step_points(float(rate * 100), criterion["steps"])
    bonus = criterion.get("bonus", 0) if not long_excused_absence else 0
    return min(criterion["points"], base + bonus)


def followup_points(done: float, reviewed: int, criterion: dict) -> float | None:
    """Share of last month's tasks done (a task done in part counts half)."""
    if reviewed == 0:
        return None
    return step_points(100 * done / reviewed, criterion["steps"])


def band(total: float, bands: list[list]) -> str:
    """bands: [["Tốt", 90], ["Khá", 70], ["Trung bình", 50], ["Kém", 0]]"""
    for label, minimum in bands:
        if total >= minimum:
            return label
    return bands[-1][0]


def as_fraction(value) -> Fraction:
    """Policy values store fractions as [numerator, denominator]."""
    if isinstance(value, list | tuple):
        return Fraction(int(value[0]), int(value[1]))
    return Fraction(str(value))


def followup_share(results: Iterable[str], partly: float = 0.5) -> tuple[float, int]:
    """(done, reviewed) over the task results reviewed at a meeting; a task done in part
    counts `partly` (policy task.partly_share, one half as seeded)."""
    done, reviewed = 0.0, 0
    for result in results:
        reviewed += 1
        done += {"done": 1.0, "partly": partly}.get(result, 0.0)
    return done, reviewed


def long_excused_absence(meetings: list[Iterable[tuple[object, str, str]]], months: int) -> bool:
    """Someone absent with reason at more than `months` meetings running: `meetings` is the
    latest meetings of a series, newest first, each a list of (member, status, presence).
    Exempt members and those away on the day are left out: their absence is their
    exemption or their state, not a habit."""
    if len(meetings) <= months:
        return False
    counts: dict[object, int] = {}
    for entries in meetings[: months + 1]:
        for member, status, presence in entries:
            if presence == EXCUSED and counts_as_expected(status):
                counts[member] = counts.get(member, 0) + 1
    return any(count > months for count in counts.values())


def score(*, rubric: dict, bands: list, roll: RollCall, duration_minutes: int | None,
          min_minutes: int, review_results: Iterable[str], long_excused: bool,
          manual: dict, partly_share: float = 0.5) -> dict:
    """The quality score of a meeting: each criterion of the rubric in force, computed
    where data exists, else the points the cell gave itself (`manual`), else None."""
    review_results = list(review_results)
    items = []
    for criterion in rubric["criteria"]:
        auto = criterion.get("auto")
        points = None
        if auto == "duration":
            points = duration_points(duration_minutes, min_minutes, criterion["points"])
        elif auto == "attendance":
            points = attendance_points(roll, criterion, long_excused_absence=long_excused)
        elif auto == "followup":
            points = followup_points(*followup_share(review_results, partly_share), criterion)
        automatic = points is not None
        if points is None:
            points = manual.get(criterion["code"])
        items.append({
            "code": criterion["code"], "label": criterion["label"], "max": criterion["points"],
            "points": points, "automatic": automatic,
        })
    complete = all(item["points"] is not None for item in items)
    total = sum(item["points"] or 0 for item in items)
    return {
        "items": items,
        "total": total,
        "complete": complete,
        "band": band(total, bands) if complete else "",
        "min_minutes": min_minutes,
    }


def absence_flagged(months: int, threshold: int) -> bool:
    """Unexcused absences in at least `threshold` months of a year (absence.flag_months
    of the member's cell): a flag to review, never a removal."""
    return months >= threshold
