"""Demo data: the Bắc Ninh city party organization of the 2018 article (docs domain.md §1),
or a province ten times its size (domain.md §5, `scale="province"`).

The city: 271 cells under 19 grassroots committees (16 wards, 3 communes) and 49 cells
directly under the city committee (320 active at the end of the year), 9,412 members,
five demo accounts, the committee members who follow cells (about 15 of the city's, 2–3
per ward; chibo.demo.supervision_plan), and a year of meetings of every cell
(chibo.demo.meetings_plan) with the officials' visits and the concerns raised, then the
grading (chibo.demo.grading). Everything is generated from a seed, so the same seed
(and the same `today`) gives the same city:

    plan = build_plan(seed=2018)      # pure Python, no database
    summary = load_plan(plan)         # one transaction, bulk inserts with history
    summary.meetings = year.load_year(plan)   # the 12 months up to today

`load_demo()` does all of it in one transaction. `wipe()` deletes the supervision rows
and the meetings (with all that hangs off them), the organization tree with everything
that hangs off it (members, memberships, party groups, scopes, and rows of other apps
that point at them), the history of those rows, and the demo-* and officials' accounts
(officials.USERNAME_REGEX); other accounts stay.

Cells come and go during the year (`Scale.lifecycle`, dates inside the window of
kit.window, relative to `today`): a residential cell split off a large quarter
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
names in chibo.demo.province) is the 2025 structure: Đảng bộ tỉnh Bắc Ninh → 99
Đảng bộ xã/phường → chi bộ, plus about 190 cells directly under the province; 3,200
active cells and 94,120 members, with the same demo accounts (demo-city is then staff of
the province committee). `build_plan(scale="province")` builds it in memory without a
database (about ten seconds); loading it takes minutes (not part of the test suite).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from chibo.demo.kit import digest, window
from chibo.demo.officials import plan_officials
from chibo.demo.people import (
    Account,
    MemberSpec,
    make_people,
    move_members,
    plan_accounts,
    set_contacts,
    set_dates,
    set_groups,
    set_memberships,
    set_positions,
    set_residence,
    set_statuses,
)
from chibo.demo.tree import CITY_MEMBERS, SCALES, OrgSpec, add_lifecycle, set_sizes

DEFAULT_SEED = 2018
DEMO_PASSWORD = "chibo-demo"


@dataclass
class Plan:
    seed: int
    scale: str
    today: dt.date
    root: OrgSpec
    members: list[MemberSpec]
    accounts: list[Account]
    officials: list = field(default_factory=list)  # OfficialSpec

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
        return digest(m.full_name for m in self.members)


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
    add_lifecycle(root, spec.lifecycle, window(today), life_rng)
    cells = [o for o in root.walk() if o.is_cell]
    set_sizes(cells, spec.members)
    members = make_people(cells, today, rng, name_rng)
    set_statuses(members, today, rng)
    set_dates(members, today, rng)
    set_positions(cells, members, today, rng)
    set_groups(cells, members, rng)
    set_residence(root, members, rng)
    set_contacts(members, today, rng)
    set_memberships(cells, members, today, rng)
    move_members(cells, members, life_rng)
    accounts = plan_accounts(root, members, spec)
    officials = plan_officials(seed, root, accounts, spec)
    return Plan(seed, scale, today, root, members, accounts, officials)


def demo_usernames() -> list[str]:
    return ["demo-admin", "demo-city", "demo-ward", "demo-secretary", "demo-member"]
