from __future__ import annotations

import random
from dataclasses import dataclass

from chibo.core.vi import fold
from chibo.demo import texts as T
from chibo.demo import texts_supervision as TS
from chibo.demo.people import person_name
from chibo.demo.province import MORE_WARD_OFFICES
from chibo.demo.tree import SCALES, root_title
from chibo.members.models import Gender

# Usernames of the officials, for demo.wipe (the demo-* accounts are listed there).
USERNAME_REGEX = r"^(tuv-[0-9]+|db[px]-[a-z0-9-]+-[0-9]+)$"


# ---------------------------------------------------------------------------------------
# Plain objects.


@dataclass(eq=False)
class OfficialSpec:
    username: str
    name: str
    committee: object  # demo.OrgSpec: the city or a ward/commune committee
    office: str
    member: object | None = None  # demo.MemberSpec of demo-city and demo-ward
    demo_account: bool = False  # written with the demo accounts (demo-city, demo-ward)
    user: object | None = None  # the User, once written

    @property
    def title(self) -> str:
        """The committee they speak for: "Thành ủy", "Đảng ủy phường Vũ Ninh"."""
        return committee_title(self.committee)


# ---------------------------------------------------------------------------------------
# Officials (with the city: demo.build_plan).


def plan_officials(seed: int, root, accounts, spec=None) -> list[OfficialSpec]:
    """The root committee's members who follow cells (spec.root_offices: the city's
    Thành ủy or the province's Tỉnh ủy), and each ward's or commune's (a number drawn from
    spec.ward_officials). demo-city and demo-ward (already accounts, with their own member
    records) are among them. `spec` is a demo.Scale (the city's by default)."""

    spec = spec or SCALES["city"]
    rng = random.Random(f"{seed}:officials")
    by_username = {a.username: a for a in accounts}

    def person() -> str:
        gender = Gender.MALE if rng.random() < 0.7 else Gender.FEMALE
        return person_name(rng, gender, rng.randint(40, 58))

    city = by_username["demo-city"]
    officials = [OfficialSpec("demo-city", city.member.full_name, root, spec.demo_root_office,
                              member=city.member, demo_account=True)]
    for i, office in enumerate(spec.root_offices, 1):
        officials.append(OfficialSpec(f"tuv-{i:02d}", person(), root, office))
    ward_account = by_username["demo-ward"]
    for committee in root.children:
        if committee.is_cell:
            continue
        unit = committee.name.replace("Đảng bộ ", "", 1)  # "phường Vũ Ninh"
        kind, place = unit.split(" ", 1)
        prefix = "dbp" if kind == "phường" else "dbx"
        slug = fold(place).replace(" ", "-")
        demo_office = TS.DEMO_WARD_OFFICE.format(unit=unit)
        is_demo = committee is ward_account.scope
        count = 3 if is_demo else rng.choice(spec.ward_officials)
        pool = T.WARD_OFFICES + (MORE_WARD_OFFICES if count > len(T.WARD_OFFICES) - 1 else [])
        offices = [o.format(unit=unit) for o in pool]
        offices = [o for o in offices if o != demo_office]
        if is_demo:
            officials.append(OfficialSpec("demo-ward", ward_account.member.full_name, committee,
                                          demo_office, member=ward_account.member,
                                          demo_account=True))
            count -= 1
        for n, office in enumerate(rng.sample(offices, count), 1):
            officials.append(OfficialSpec(f"{prefix}-{slug}-{n}", person(), committee, office))
    return officials


def committee_title(org) -> str:
    """"Thành ủy" or "Tỉnh ủy" for the root, "Đảng ủy phường Vũ Ninh" for a ward."""

    if org.parent is None:
        return root_title(org)
    return org.name.replace("Đảng bộ", "Đảng ủy", 1)
