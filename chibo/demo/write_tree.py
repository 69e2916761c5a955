from __future__ import annotations

from django.contrib.auth.hashers import make_password
from simple_history.utils import bulk_create_with_history

from chibo.accounts.models import Role, Scope, User
from chibo.demo.bulk import Written, insert_objects
from chibo.demo.kit import digest
from chibo.demo.plan import DEMO_PASSWORD, Plan
from chibo.demo.tree import OrgSpec
from chibo.members.models import Membership, PartyMember
from chibo.organizations.models import Level, Organization, PartyGroup

BATCH_SIZE = 500






def names_digest_in_db() -> str:
    """The digest of the names as stored (in insertion order), to compare with a plan."""
    return digest(PartyMember.objects.order_by("id").values_list("full_name", flat=True))


# ---------------------------------------------------------------------------------------
# Writing.


def write_levels(root: OrgSpec) -> dict[tuple, Level]:
    out = {}
    for org in root.walk():
        if org.level not in out:
            name, rank, is_cell = org.level
            out[org.level], _ = Level.objects.get_or_create(
                name=name, defaults={"rank": rank, "is_cell_level": is_cell})
    return out


def write_tree(root: OrgSpec) -> None:
    """Paths, depth and numchild computed here (treebeard's MP_Node rules), then bulk
    inserts: a few hundred add_child calls would each re-read their parent."""
    levels = write_levels(root)
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


def write_groups(root: OrgSpec) -> dict[tuple[int, str], PartyGroup]:
    rows = [PartyGroup(cell=org.instance, name=name)
            for org in root.walk() for name in org.groups]
    bulk_create_with_history(rows, PartyGroup, batch_size=BATCH_SIZE,
                             default_change_reason="Dữ liệu mẫu")
    return {(g.cell_id, g.name): g for g in rows}


def write_accounts(plan: Plan) -> dict[str, User]:
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


def write_members(plan: Plan, groups, users) -> None:
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
    insert_objects(PartyMember, rows)  # with history, as bulk_create_with_history
    memberships = [
        Membership(member=row, organization=org.instance, started_on=start, ended_on=end,
                   reason=reason)
        for m, row in zip(plan.members, rows, strict=True)
        for org, start, end, reason in m.memberships
    ]
    insert_objects(Membership, memberships, history=False)
    # The rest of the load reads the members' ids, names and sort keys only.
    for m, row in zip(plan.members, rows, strict=True):
        m.instance = Written(row.pk, full_name=row.full_name, sort_key=row.sort_key)


def write_scopes(plan: Plan, users) -> None:
    for account in plan.accounts:
        if account.scope:
            Scope.objects.create(user=users[account.username],
                                 organization=account.scope.instance, role=account.role)
    # The officials act for their committee (demo-city's and demo-ward's scope is that).
    rows = [Scope(user=users[o.username], organization=o.committee.instance,
                  role=Role.COMMITTEE_STAFF) for o in plan.officials if not o.demo_account]
    bulk_create_with_history(rows, Scope, batch_size=BATCH_SIZE,
                             default_change_reason="Dữ liệu mẫu")
