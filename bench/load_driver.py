"""The meeting day's simulated browsers (bench/load.py runs them): one asyncio task per
user, aiohttp over 127.0.0.1, real sessions, forms posted as a browser posts them (the
CSRF token read from the page, redirects followed), think times between steps.

Who does what (the plan comes from bench/load_setup.py):

- per meeting cell, a secretary: the meeting page, the roll call (everyone present),
  the opening of the minutes; when the minute-taker is done, the vote, the score and
  the adoption; then the cell's next meeting of the day, if setup made one;
- per meeting cell, a minute-taker: the record page, each section of the minutes
  saved in turn, two speeches;
- members on phones: the home page, their cell's meeting page and its document;
- committee officials: their page, the visit form, the report (a concern in one of
  four), on a different meeting each time;
- committee staff: the dashboards (year, month, a ward), the meeting list, the
  supervision figures, the concerns, now and then the year's report as PDF;
- as many users again on the minimal view (bench/floor/), the yardstick.

Every answer is timed per page; a write that answered as a success goes into the Ledger,
which bench/load_stats.lost_writes compares with the database after the run.
"""

import asyncio
import html
import random
import re
import time
from dataclasses import dataclass

import aiohttp

from bench.load_stats import Ledger, PageStats
from bench.server import base_of

FLOOR = "floor (minimal view)"
SECTIONS = {  # the minutes' sections the minute-taker saves, with their fields
    "review": ["review_results", "review_shortcomings", "review_causes"],
    "news": ["news", "new_policies"],
    "study": ["study_item"],
    "discussion": ["self_criticism"],
    "next": ["next_month"],
    "conclusion": ["conclusion"],
}
STAFF_PAGES = [  # (weight, page, path: {year} {month} {ward} filled in)
    (25, "dashboard, year", "/reports/?period={year}"),
    (20, "dashboard, month", "/reports/?period={month}"),
    (15, "dashboard, a ward", "/reports/?organization={ward}&period={year}"),
    (15, "meeting list", "/meetings/"),
    (10, "supervision figures", "/supervision/figures/"),
    (12, "concerns list", "/supervision/concerns/"),
    (3, "report PDF, year", "/reports/report.pdf?period={year}"),
]
INPUT = re.compile(r"<input\b[^>]*>")
NAME = re.compile(r'\bname="([^"]*)"')
VALUE = re.compile(r'\bvalue="([^"]*)"')
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    body: bytes
    location: str
    next: "Answer | None" = None  # the page a redirect led to, when followed

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


class Run:
    """What all the browsers share: the HTTP client, the clock, the tallies."""

    def __init__(self, http, base: str, deadline: float, think: tuple[float, float], seed: int):
        self.http, self.base, self.deadline, self.think = http, base, deadline, think
        self.pages: dict[str, PageStats] = {}
        self.ledger = Ledger()
        self.rng = random.Random(seed)
        self.samples: list[str] = []  # the first few errors, to print

    def over(self) -> bool:
        return time.monotonic() >= self.deadline

    async def pause(self, scale: float = 1.0) -> bool:
        """A think time; False once the run is over (no new step starts after it)."""
        wait = self.rng.uniform(*self.think) * scale
        left = self.deadline - time.monotonic()
        if left <= 0:
            return False
        await asyncio.sleep(min(wait, left))
        return not self.over()

    def stats(self, page: str) -> PageStats:
        return self.pages.setdefault(page, PageStats())

    def failed(self, page: str, kind: str, detail: str = "") -> None:
        self.stats(page).error(kind)
        if len(self.samples) < 12:
            self.samples.append(f"{page}: {kind} {detail[:160]}".rstrip())


class Browser:
    def __init__(self, run: Run, session: str):
        self.run = run
        self.cookies = {"sessionid": session}
        self.csrf = ""

    async def get(self, page: str, path: str) -> Answer | None:
        return await self._send(page, "GET", path)

    async def post(self, page: str, path: str, data: dict, then: str = "") -> Answer | None:
        """Posts a form with the token of the last page read; a redirect is followed (the
        next page timed as `then`). None when there was no answer (outcome unknown)."""
        data = {"csrfmiddlewaretoken": self.csrf or self.cookies.get("csrftoken", ""), **data}
        answer = await self._send(page, "POST", path, data)
        if answer is not None and answer.status == 200:
            self.run.failed(page, "refused (form shown again)", _message(answer.text))
        if answer is not None and answer.status in (301, 302, 303) and then:
            answer.next = await self._send(then, "GET", answer.location)
        return answer

    async def _send(self, page: str, method: str, path: str, data=None) -> Answer | None:
        run = self.run
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "X-Bench-Page": page}  # gunicorn's access log times it server-side
        if method == "POST":
            headers["Referer"] = run.base + path
        started = time.perf_counter()
        try:
            async with run.http.request(method, run.base + path, data=data, headers=headers,
                                        allow_redirects=False) as response:  # fmt: skip
                body = await response.read()
                status = response.status
                location = response.headers.get("Location", "")
                for name, morsel in response.cookies.items():
                    self.cookies[name] = morsel.value
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            run.failed(page, f"no answer ({type(error).__name__})", str(error))
            return None
        elapsed = (time.perf_counter() - started) * 1000
        if status >= 400:
            run.failed(page, f"HTTP {status}", body[:160].decode(errors="replace"))
        else:
            run.stats(page).timings.append(elapsed)
        found = CSRF.search(body)
        if found:
            self.csrf = found.group(1).decode()
        return Answer(status, body, location)


def _message(page: str) -> str:
    """The first error message of a form shown again, for the error samples."""
    found = re.search(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)<', page,
                      re.S)  # fmt: skip
    return html.unescape(found.group(1)).strip() if found else ""


def form_inputs(page: str, action: str) -> dict[str, str]:
    """The inputs (name → value) of the form posting to `action`; radios and checkboxes
    by their first value."""
    start = page.find(f'action="{action}"')
    if start < 0:
        return {}
    end = page.find("</form>", start)
    out = {}
    for tag in INPUT.findall(page[start:end]):
        name = NAME.search(tag)
        value = VALUE.search(tag)
        if name and name.group(1) not in out:
            out[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return out


# ---------------------------------------------------------------------------------------
# The people of the day.


class Cell:
    """A cell's meeting: the secretary waits for the minute-taker before the vote."""

    def __init__(self, run: Run, spec: dict, plan: dict):
        self.run, self.spec, self.plan = run, spec, plan
        self.sections_done = [asyncio.Event() for _ in spec["meetings"]]

    async def secretary(self) -> None:
        run, me = self.run, Browser(self.run, self.spec["secretary"])
        for index, item in enumerate(self.spec["meetings"]):
            pk = item["id"]
            if not await run.pause():
                return
            await me.get("meeting detail", f"/meetings/{pk}/")
            if not await run.pause():
                return
            page = await me.get("roll call page", f"/meetings/{pk}/attendance/")
            if page is None or not await run.pause():
                return
            marks = {n: "present" for n in re.findall(r'name="(presence_\d+)"', page.text)}
            answer = await me.post("roll call save", f"/meetings/{pk}/attendance/", marks,
                                   then="roll call page")  # fmt: skip
            self._account(answer, "/attendance/", "roll call rows", str(pk), len(marks))
            if not await run.pause():
                return
            page = await me.get("record page", f"/meetings/{pk}/record/")
            if page is None or not await run.pause():
                return
            opening = {
                "section": "opening", "chair": self.spec["chair"],
                "minute_taker": self.spec["taker"], "meeting_date": self.plan["today"],
                "started_at": self.plan["start"], "ended_at": self.plan["end"],
                "base": base_of(page.text, "opening") or "",
            }  # fmt: skip
            await me.post("section save", f"/meetings/{pk}/record/", opening, then="record page")
            # The minute-taker writes while the meeting goes on; the vote comes at its end.
            done = self.sections_done[index]
            try:
                await asyncio.wait_for(done.wait(), max(0.0, run.deadline - time.monotonic()))
            except TimeoutError:
                return
            if not await run.pause():
                return
            page = await me.get("record page", f"/meetings/{pk}/record/")
            if page is None or not await run.pause():
                return
            present = re.search(r'data-present="(\d+)"', page.text)
            votes = [int(present.group(1)) if present else 0, 0, 0]
            vote = form_inputs(page.text, f"/meetings/{pk}/vote/")
            vote.update({"decision_kind": "resolution", "votes_for": votes[0],
                         "votes_against": 0, "votes_abstain": 0,
                         "resolution": f"Chi bộ nhất trí thông qua nghị quyết buổi {pk}."})
            answer = await me.post("vote save", f"/meetings/{pk}/vote/", vote, then="record page")
            self._account(answer, "/record/?s=conclusion", "votes", str(pk), votes)
            page = answer and answer.next
            if page is None or not await run.pause():
                return
            score = {k: "1" for k in form_inputs(page.text, f"/meetings/{pk}/score/")
                     if k != "csrfmiddlewaretoken"}  # fmt: skip
            answer = await me.post("score save", f"/meetings/{pk}/score/", score,
                                   then="record page")  # fmt: skip
            self._account(answer, "/record/?s=score", "scores", str(pk),
                          {k: 1.0 for k in score})  # fmt: skip
            if not await run.pause():
                return
            page = await me.get("adopt page", f"/meetings/{pk}/adopt/")
            if page is None or not await run.pause():
                return
            answer = await me.post("adopt", f"/meetings/{pk}/adopt/", {"confirm": "on"},
                                   then="meeting detail")  # fmt: skip
            self._account(answer, f"/meetings/{pk}/", "adopted minutes", str(pk), 1)

    async def minute_taker(self) -> None:
        run, me = self.run, Browser(self.run, self.spec["minute_taker"])
        for index, item in enumerate(self.spec["meetings"]):
            pk = item["id"]
            if not await run.pause():
                return
            page = await me.get("record page", f"/meetings/{pk}/record/")
            for section, fields in SECTIONS.items():
                if page is None or not await run.pause():
                    return
                data = {"section": section, "base": base_of(page.text, section) or ""}
                texts = {f: f"Nội dung {f} của buổi {pk}, ghi lúc {time.time():.3f}."
                         for f in fields}  # fmt: skip
                answer = await me.post("section save", f"/meetings/{pk}/record/",
                                       {**data, **texts}, then="record page")  # fmt: skip
                for field, text in texts.items():
                    self._account(answer, f"/record/?s={section}", "sections saved",
                                  f"{pk}:{field}", text)  # fmt: skip
                if section == "discussion":
                    for n in range(2):
                        if not await run.pause(0.5):
                            return
                        speech = {"section": "discussion", "member": self.spec["chair"],
                                  "speaker_name": "", "text": f"Ý kiến {n + 1} tại buổi {pk}."}
                        answer = await me.post("speech add", f"/meetings/{pk}/speeches/",
                                               speech, then="record page")  # fmt: skip
                        self._account(answer, "/record/?s=discussion", "speeches", str(pk), 1)
                page = answer and answer.next
            self.sections_done[index].set()

    def _account(self, answer: Answer | None, success: str, kind: str, key: str, value) -> None:
        ledger = self.run.ledger
        if answer is None:
            ledger.unsure(kind, key)
        elif answer.status == 302 and success in answer.location:
            if kind in ("roll call rows", "sections saved", "votes", "scores",
                        "adopted minutes"):  # fmt: skip
                ledger.saw(kind, key, value)
            else:
                ledger.add(kind, key, value)


async def member(run: Run, spec: dict) -> None:
    me = Browser(run, spec["session"])
    while await run.pause():
        item = run.rng.choice(spec["meetings"])
        roll = run.rng.random()
        if roll < 0.25:
            await me.get("home page", "/")
        elif roll < 0.75:
            await me.get("meeting detail (member)", f"/meetings/{item['id']}/")
        else:
            await me.get("document", f"/meetings/{item['id']}/documents/{item['document']}/")


async def official(run: Run, spec: dict) -> None:
    me = Browser(run, spec["session"])
    for n, pk in enumerate(spec["meetings"]):
        if not await run.pause():
            return
        await me.get("official's page", "/supervision/mine/")
        if not await run.pause():
            return
        page = await me.get("visit form", f"/supervision/visit/{pk}/")
        if page is None or not await run.pause():
            return
        bands = re.findall(r'name="band_seen" value="([^"]+)"', page.text)
        data = {
            "attended": "yes", "band_seen": html.unescape(bands[0]) if bands else "",
            "remarks": f"Chi bộ chuẩn bị chu đáo buổi {pk}.",
            "concern-TOTAL_FORMS": "0", "concern-INITIAL_FORMS": "0",
            "concern-MIN_NUM_FORMS": "0", "concern-MAX_NUM_FORMS": "1000",
        }  # fmt: skip
        if n % 4 == 0:  # a concern raised at the meeting, now and then
            data.update({"concern-TOTAL_FORMS": "1", "concern-0-category": "living",
                         "concern-0-kind": "proposal", "concern-0-member": "",
                         "concern-0-text": f"Đề nghị sửa đường ngõ xóm (buổi {pk})."})
        answer = await me.post("visit report save", f"/supervision/visit/{pk}/", data,
                               then="official's page")  # fmt: skip
        key = f"{spec['username']}:{pk}"
        if answer is None:
            run.ledger.unsure("visit reports", key)
        elif answer.status == 302 and answer.location.endswith("/supervision/mine/"):
            run.ledger.saw("visit reports", key, True)
    while await run.pause():
        await me.get("official's page", "/supervision/mine/")


async def staff(run: Run, spec: dict, plan: dict) -> None:
    me = Browser(run, spec["session"])
    weights = [w for w, _page, _path in STAFF_PAGES]
    while await run.pause():
        _w, page, path = run.rng.choices(STAFF_PAGES, weights)[0]
        await me.get(page, path.format(year=plan["year"], month=plan["month"], ward=spec["ward"]))


async def floor(run: Run, session: str) -> None:
    me = Browser(run, session)
    while await run.pause():
        await me.get(FLOOR, "/bench/floor/")


async def lag_monitor(run: Run, lags: list[float]) -> None:
    """How late the event loop wakes up: when the driver's CPU is short, every timing
    is inflated by about this much."""
    while not run.over():
        started = time.perf_counter()
        await asyncio.sleep(0.1)
        lags.append((time.perf_counter() - started - 0.1) * 1000)


async def drive(plan: dict, base: str, *, seconds: float, think: tuple[float, float],
                seed: int = 1) -> dict:  # fmt: skip
    """Every simulated user for `seconds`, then the requests in flight are awaited
    (their answers counted). Returns the run's tallies."""
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:  # fmt: skip
        run = Run(http, base, time.monotonic() + seconds, think, seed)
        lags: list[float] = []
        tasks = [lag_monitor(run, lags)]
        for spec in plan["cells"]:
            cell = Cell(run, spec, plan)
            tasks += [cell.secretary(), cell.minute_taker()]
        tasks += [member(run, s) for s in plan["members"]]
        tasks += [official(run, s) for s in plan["officials"]]
        tasks += [staff(run, s, plan) for s in plan["staff"]]
        tasks += [floor(run, s) for s in plan["floor"]]
        started = time.monotonic()
        cpu = time.process_time()
        await asyncio.gather(*tasks)
        return {
            "pages": run.pages, "ledger": run.ledger, "samples": run.samples, "lags": lags,
            "seconds": time.monotonic() - started, "driver_cpu": time.process_time() - cpu,
        }  # fmt: skip
