from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from chibo.demo import texts as T
from chibo.demo.kit import day_in_month, next_month, quarter, weighted
from chibo.demo.meetings_specs import (
    COMMITTEE,
    EXCUSED,
    EXEMPT,
    FULL,
    PRESENT,
    PROBATIONARY,
    REGULAR,
    THEMATIC,
    UNEXCUSED,
    Habits,
    MeetingSpec,
    ReviewSpec,
    RollEntry,
    SpeechSpec,
    TaskSpec,
)
from chibo.demo.people import position_in
from chibo.demo.tree import root_area, root_of
from chibo.meetings import rules
from chibo.meetings.models import (
    MeetingStatus,
    Section,
    TaskResult,
    TaskStatus,
)
from chibo.members.models import Gender, Position


def _quarters(months) -> list[list[dt.date]]:
    out: dict[tuple[int, int], list] = {}
    for m in months:
        out.setdefault(quarter(m), []).append(m)
    return list(out.values())


def _flag_months(rng, cell, year, meetings, threshold) -> dict[int, set]:
    out = {}
    members = [m for m in year.flagged if m.cell is cell]
    if not members:
        return out
    held = sorted({m.period for m in meetings if m.kind == REGULAR and m.held
                   and m.period.year == year.flag_year and m.period < year.months[-1]})
    for member in members:
        count = min(len(held), threshold + rng.choice([0, 0, 1, 2]))
        out[id(member)] = set(rng.sample(held, count))
        year.flag_months[id(member)] = sorted(out[id(member)])
    return out


def _long_absences(rng, roll_entries, months, h) -> dict[int, tuple[set, str]]:
    """A few members away for months in a row (maternity leave, treatment, long study)."""
    out = {}
    for m, _start, end in roll_entries:
        if end is not None or m.status == EXEMPT or rng.random() > 0.012:
            continue
        length = rng.randint(3, 6)
        first = rng.randint(0, len(months) - length)
        young_woman = m.gender == Gender.FEMALE and m.age(months[-1]) < 40
        pool = T.LONG_ABSENCES_FEMALE if young_woman else T.LONG_ABSENCES
        out[id(m)] = (set(months[first:first + length]), rng.choice(pool))
    return out


def _roll_call(rng, m: MeetingSpec, h: Habits, roll_entries, cap, flag_months, long_absences,
               policies) -> None:
    day = m.day
    listed = (_committee_on_roll(h, roll_entries, day) if m.kind == COMMITTEE
              else on_roll(roll_entries, day))
    # Who is to stay away without reason this month cannot chair or take the minutes.
    away = {id(p) for p, _s in listed
            if m.kind != COMMITTEE and m.period in flag_months.get(id(p), ())}
    m.chair = _chair(m.cell, listed, away)
    taker = h.minute_taker if any(p is h.minute_taker for p, _s in listed) else None
    if taker is None or m.kind == COMMITTEE or rng.random() < 0.15:
        others = [p for p, s in listed if p is not m.chair and s != EXEMPT and id(p) not in away]
        taker = rng.choice(others) if others else m.chair
    m.minute_taker = taker
    month_factor = rng.uniform(0.7, 1.3)
    rows = []
    for person, status in listed:
        if person is m.chair or person is m.minute_taker:
            rows.append(_present(h, person, status))
            continue
        if m.kind != COMMITTEE and m.period in flag_months.get(id(person), ()):
            cap.allow(person, m.period)
            rows.append(RollEntry(person, status, UNEXCUSED))
            continue
        if status == EXEMPT:
            if rng.random() < 0.12:
                rows.append(_present(h, person, status))
            else:
                reason = person.exempt_reason
                rows.append(RollEntry(person, status, EXCUSED,
                                      f"Miễn sinh hoạt ({reason[:1].lower()}{reason[1:]})"))
            continue
        leave = long_absences.get(id(person))
        if leave and m.period in leave[0]:
            rows.append(RollEntry(person, status, EXCUSED, leave[1]))
            continue
        rate = h.absent_rate * month_factor
        age = person.age(day)
        if age >= 75:
            rate *= 2
        if id(person) in flag_months:
            rate = 0.45
        if m.kind == COMMITTEE:
            rate = min(rate, 0.1)
        if rng.random() >= rate:
            rows.append(_present(h, person, status))
            continue
        if (m.kind != COMMITTEE and rng.random() < h.unexcused_share
                and cap.allow(person, m.period)):
            rows.append(RollEntry(person, status, UNEXCUSED))
            continue
        pool = T.OLD_AGE_REASONS if age >= 72 else T.ABSENCE_REASONS[h.group]
        rows.append(RollEntry(person, status, EXCUSED, rng.choice(pool)))
    m.attendance = rows
    if m.kind != COMMITTEE:
        _ensure_majority(rng, m, policies)


def _present(h: Habits, person, status: str) -> RollEntry:
    """The member present: one entry per member and status for all the cell's meetings
    (most entries of a roll call are these; the province has 1.5 million entries). Nothing
    changes an entry once its roll call is done; _ensure_majority changes only new, excused
    ones."""
    key = (person, status)
    entry = h.present.get(key)
    if entry is None:
        entry = h.present[key] = RollEntry(person, status, PRESENT)
    return entry


def _committee_on_roll(h: Habits, roll_entries, day: dt.date) -> list[tuple[object, str]]:
    committee = {id(c) for c in h.committee}
    return [(p, s) for p, s in on_roll(roll_entries, day) if id(p) in committee]


def _chair(cell, listed, away: set):

    for position in (Position.SECRETARY, Position.DEPUTY, Position.COMMITTEE):
        for person, status in listed:
            if position_in(person, cell) == position and status != EXEMPT:
                return person
    fulls = [p for p, s in listed if s == FULL and id(p) not in away]
    return fulls[0] if fulls else listed[0][0]


def _ensure_majority(rng, m: MeetingSpec, policies) -> None:
    """More than half of the full members must be there to pass the resolution: bring
    back absentees with an excused absence (never a designed unexcused one) until so."""
    majority = rules.as_fraction(policies(m.day)["vote.majority"])
    while True:
        roll = rules.RollCall.of((a.status, a.presence) for a in m.attendance)
        eligible = roll.eligible_voters()
        if eligible == 0 or roll.voters_present() > majority * eligible:
            return
        back = [a for a in m.attendance if a.presence == EXCUSED and a.status == FULL]
        if not back:
            return
        row = rng.choice(back)
        row.presence, row.reason = PRESENT, ""


def _times(rng, m: MeetingSpec, h: Habits, *, combined: bool) -> None:
    if m.kind == COMMITTEE:
        minutes = rng.randint(18, 24) * 5 if rng.random() < 0.8 else rng.randint(12, 17) * 5
    elif combined:
        minutes = rng.randint(24, 35) * 5 if rng.random() < 0.9 else rng.randint(19, 23) * 5
    elif m.kind == THEMATIC:
        minutes = rng.randint(18, 28) * 5 if rng.random() < 0.9 else rng.randint(14, 17) * 5
    else:
        minutes = rng.randint(18, 30) * 5 if rng.random() < 0.92 else rng.randint(12, 17) * 5
    delay = rng.choice([0, 0, 0, 5, 5, 10, 15])
    m.started_at = m.scheduled_at + dt.timedelta(minutes=delay)
    m.ended_at = m.started_at + dt.timedelta(minutes=minutes)


def documents_sent(m: MeetingSpec, today: dt.date) -> dt.datetime | None:
    """When the documents reached the members (meeting.document_lead_days): mostly two to
    five days ahead, about one in sixteen the evening before (late), one in twenty-five
    never. Drawn from the meeting's own seed, so the plan's other draws are untouched;
    none for a committee meeting, a cancelled one, or on or after the demo's today (the
    load does not know the hour it will be read at: nothing it writes is later than now)."""
    if m.kind == COMMITTEE or m.status == MeetingStatus.CANCELLED:
        return None
    draw = random.Random(f"{m.cell.name}|{m.kind}|{m.scheduled_at.isoformat()}")
    x = draw.random()
    if x < 0.04:
        return None
    if x < 0.10:
        sent = m.scheduled_at - dt.timedelta(hours=draw.randint(2, 20))
    else:
        sent = m.scheduled_at - dt.timedelta(days=draw.randint(2, 5), hours=draw.randint(0, 10))
    return sent if timezone.localtime(sent).date() < today else None


def _copy_session(m: MeetingSpec, regular: MeetingSpec) -> None:
    """A thematic meeting held in the regular meeting's session: same people, same times."""
    # The regular meeting's entries themselves (not copies): nothing changes them once its
    # roll call is done.
    m.attendance = list(regular.attendance)
    m.chair, m.minute_taker = regular.chair, regular.minute_taker
    m.started_at, m.ended_at = regular.started_at, regular.ended_at


def _guests(rng, m: MeetingSpec, h: Habits) -> None:
    """The head of the residential area now and then; the committee members who came are
    added by supervision_plan, from their visits."""
    if m.kind == COMMITTEE:
        return
    if h.local_guest and m.kind == REGULAR and rng.random() < 0.1:
        name, office = h.local_guest
        m.guests.append({"name": name, "office": office, "is_higher_official": False})


def _review_tasks(rng, m: MeetingSpec, h: Habits, open_tasks: list[TaskSpec]) -> None:
    due = [t for t in open_tasks if t.meeting.scheduled_at < m.scheduled_at]
    for task in due:  # open_tasks is in (deadline, creation) order already
        again = bool(task.last_result)
        if again:
            weights = [(TaskResult.DONE, 75), (TaskResult.PARTLY, 10),
                       (TaskResult.NOT_DONE, 10), ("", 5)]
        else:
            rest = 1 - h.done_rate
            weights = [(TaskResult.DONE, h.done_rate), (TaskResult.PARTLY, rest * 0.5),
                       (TaskResult.NOT_DONE, rest * 0.3), ("", rest * 0.2)]
        result = weighted(rng, weights)
        if not result:
            continue  # not reported: carried forward
        comment = rng.choice(T.REVIEW_COMMENTS[result]).format(share=rng.randint(4, 8) * 10)
        m.reviews.append(ReviewSpec(task, result, comment))
    if m.status != MeetingStatus.ADOPTED:
        return  # the results count from adoption
    for review in m.reviews:
        task = review.task
        task.last_result = review.result
        if review.result == TaskResult.DONE:
            task.status, task.closed_at = TaskStatus.DONE, m.day
            open_tasks.remove(task)


def _assign_tasks(rng, m: MeetingSpec, h: Habits, open_tasks: list[TaskSpec], year) -> None:
    present = [a.member for a in m.attendance
               if a.presence == PRESENT and a.status != EXEMPT and a.member.age(m.day) < 78]
    if not present:
        return
    nxt = next_month(m.period)
    deadline = day_in_month(nxt, 31)
    taken = {t.title for t in open_tasks}
    pool = list(T.TASKS[h.group])
    if m.period.month in T.TASKS_BY_MONTH:
        pool.append(T.TASKS_BY_MONTH[m.period.month])
    titles = [t.format(month=f"{nxt.month:02d}/{nxt.year}") for t in pool]
    titles = [t for t in titles if t not in taken] or titles
    for title in rng.sample(titles, min(len(titles), rng.choice([1, 2, 2, 3]))):
        task = TaskSpec(m, rng.choice(present), title, deadline)
        m.tasks.append(task)
        open_tasks.append(task)
        year.tasks.append(task)


def _content(rng, m: MeetingSpec, h: Habits) -> None:

    cell = m.cell
    unit = cell.parent.name.replace("Đảng bộ ", "", 1) if cell.parent and cell.parent.parent \
        else root_area(root_of(cell))
    month, y = m.period.month, m.period.year
    prev = m.period - dt.timedelta(days=1)
    fill = {"share": rng.randint(85, 100), "count": rng.randint(1, 4)}
    c = {}
    if m.kind == REGULAR:
        news = rng.sample(T.NEWS_DOMESTIC, 2) + rng.sample(T.NEWS_INTERNATIONAL, 1)
        news += [rng.choice(T.NEWS_LOCAL)]
        news += T.DATED_NEWS.get((y, month), [])
        text, base, _m = T.ANNIVERSARIES[month]
        news.append(text.format(years=y - base))
        c["news"] = _lines(n.format(prev=f"{prev.month:02d}/{prev.year}", unit=unit)
                           for n in news)
        texts = T.DATED_POLICIES.get((y, month), []) + rng.sample(T.NEW_POLICIES,
                                                                     rng.randint(1, 2))
        c["new_policies"] = _lines(f"Quán triệt {text}." for text in texts)
        results = rng.sample(T.RESULTS[h.group], 2)
        done = sum(1 for r in m.reviews if r.result == TaskResult.DONE)
        if m.reviews:
            results.append(f"Trong {len(m.reviews)} nhiệm vụ được kiểm điểm, {done} nhiệm vụ "
                           "hoàn thành.")
        c["review_results"] = " ".join(r.format(**fill) for r in results)
        c["review_shortcomings"] = " ".join(
            rng.sample(T.SHORTCOMINGS[h.group], rng.randint(1, 2)))
        c["review_causes"] = rng.choice(T.CAUSES)
        c["study_item"] = rng.choice(T.STUDY_ITEMS + T.STUDY_BY_GROUP.get(h.group, []))
        c["self_criticism"] = rng.choice(T.SELF_CRITICISM).format(**fill)
        nxt = rng.sample(T.NEXT_MONTH[h.group], 2)
        if month in T.NEXT_BY_MONTH:
            nxt.append(T.NEXT_BY_MONTH[month])
        c["next_month"] = _lines(nxt)
        c["conclusion"] = rng.choice(T.CONCLUSIONS)
        assigned = [f"Đồng chí {t.assignee.full_name}: {t.title} (hạn {t.deadline:%d/%m/%Y})."
                    for t in m.tasks]
        c["resolution"] = (f"Chi bộ thống nhất nghị quyết tháng {month:02d}/{y}:\n"
                           + _lines(nxt + assigned))
    elif m.kind == THEMATIC:
        presenter = next((p for p in h.committee if p is not m.chair and any(
            a.member is p and a.presence == PRESENT for a in m.attendance)), m.chair)
        m.presenter = presenter
        c["study_item"] = (f"Đồng chí {presenter.full_name} trình bày chuyên đề “{m.topic}”: "
                           "làm rõ những nội dung cốt lõi, liên hệ thực tiễn của chi bộ, đề ra "
                           "các việc làm cụ thể để thực hiện.")
        c["self_criticism"] = rng.choice(T.SELF_CRITICISM).format(**fill)
        c["conclusion"] = ("Đồng chí bí thư kết luận chuyên đề: chi bộ thống nhất cao với nội "
                           "dung được trình bày; mỗi đảng viên đăng ký việc làm cụ thể, chi ủy "
                           "theo dõi, đánh giá kết quả hằng tháng.")
        c["resolution"] = (f"Chi bộ thống nhất thực hiện chuyên đề “{m.topic}”; mỗi đảng "
                           "viên đăng ký ít nhất một việc làm cụ thể, báo cáo kết quả tại các "
                           "kỳ sinh hoạt thường kỳ.")
    else:
        c["review_results"] = ("Chi ủy đánh giá kết quả lãnh đạo thực hiện nghị quyết tháng "
                               f"{prev.month:02d}/{prev.year}: " + rng.choice(
                                   T.RESULTS[h.group]).format(**fill))
        c["next_month"] = (f"Thống nhất nội dung, chương trình sinh hoạt chi bộ tháng "
                           f"{month:02d}/{y}; đồng chí bí thư chuẩn bị dự thảo nghị quyết.")
        c["conclusion"] = "Chi ủy thống nhất các nội dung chuẩn bị cho kỳ sinh hoạt chi bộ."
    m.content = c


def _draft(rng, m: MeetingSpec, h: Habits) -> str:
    return (f"Dự thảo nghị quyết tháng {m.period.month:02d}/{m.period.year}:\n"
            + _lines(rng.sample(T.NEXT_MONTH[h.group], 2)))


def _speeches(rng, m: MeetingSpec, h: Habits) -> None:
    present = [a.member for a in m.attendance if a.presence == PRESENT]
    speakers = [p for p in present if p is not m.chair] or present
    if m.kind == COMMITTEE:
        count = rng.choice([0, 1, 1, 2])
    else:
        count = rng.randint(1, 4)
    out = []
    if m.kind == THEMATIC:
        presenter = m.presenter or m.chair
        out.append(SpeechSpec(Section.STUDY, presenter, presenter.full_name,
                              f"Trình bày chuyên đề “{m.topic}”."))
    for person in rng.sample(speakers, min(count, len(speakers))):
        if m.kind == THEMATIC:
            section, text = Section.DISCUSSION, rng.choice(T.THEMATIC_SPEECHES)
        else:
            section = weighted(rng, [(Section.DISCUSSION, 45), (Section.REVIEW, 20),
                                      (Section.CRITICISM, 15), (Section.STUDY, 10),
                                      (Section.NEXT, 10)])
            pool = T.SPEECHES[section]
            if section == Section.DISCUSSION and h.group == "residential":
                pool = pool + T.SPEECHES_RESIDENTIAL
            text = rng.choice(pool)
        out.append(SpeechSpec(section, person, person.full_name, text))
    m.speeches = out  # the visiting officials' words: supervision_plan


def _vote(rng, m: MeetingSpec, policies) -> None:
    roll = rules.RollCall.of((a.status, a.presence) for a in m.attendance)
    present = roll.voters_present()
    against = 1 if present >= 6 and rng.random() < 0.03 else 0
    abstain = 1 if present >= 6 and rng.random() < 0.03 else 0
    majority = rules.as_fraction(policies(m.day)["vote.majority"])
    result = rules.vote_result(roll, present - against - abstain, against, abstain, majority)
    if not result.passed:
        against = abstain = 0
    m.votes = (present - against - abstain, against, abstain)


def _adopt(rng, m: MeetingSpec, today: dt.date) -> None:
    if rng.random() < 0.7:
        adopted = m.ended_at + dt.timedelta(minutes=rng.randint(1, 4) * 5)
    else:
        adopted = m.ended_at + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 8))
    if timezone.localtime(adopted).date() >= today:
        adopted = m.ended_at + dt.timedelta(minutes=10)
    m.adopted_at = adopted


def _topic(rng, h: Habits, month: dt.date, used: list[str]) -> str:
    pool = list(T.THEMATIC_TOPICS) + T.THEMATIC_BY_GROUP.get(h.group, [])
    if month.year >= 2026:
        pool += T.THEMATIC_TOPICS_2026 * 2
    fresh = [t for t in pool if t not in used] or pool
    return rng.choice(fresh)


def _place(cell) -> str:
    if cell.address:
        return cell.address
    body = cell.name.replace("Chi bộ ", "", 1)
    if cell.profile in ("school", "kindergarten"):
        return f"Phòng Hội đồng {body}"
    if cell.profile == "armed":
        return f"Hội trường {body}"
    return f"Phòng họp {body}"


def _lines(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def on_roll(entries, day: dt.date) -> list[tuple[object, str]]:
    """(member, status on `day`) for the cell's members on `day`."""
    out = []
    for m, start, end in entries:
        if start <= day and (end is None or day < end):
            out.append((m, status_on(m, day)))
    return out


def status_on(m, day: dt.date) -> str:
    if m.status == PROBATIONARY or (m.full_member_on and m.full_member_on > day):
        return PROBATIONARY
    if m.status == EXEMPT and m.exempt_from and m.exempt_from <= day:
        return EXEMPT
    return FULL
