"""Put back the rows the data migrations seed (the policies: meeting day, rubric, vote
majorities, dues rates…) after a test that flushes the database (a live server's test
empties every table when it ends, seeded rows included)."""

from functools import cache

from django.db import connection
from django.db.migrations.loader import MigrationLoader


@cache
def _loader():
    return MigrationLoader(connection, ignore_no_migrations=True)


def seeding_migrations():
    """(node, module) of every data migration of Chibo's apps that seeds rows (a
    module-level `seed`), in the order `migrate` applies them: a later version of a rule
    goes in after the one it follows."""
    loader = _loader()
    plan = []
    for leaf in loader.graph.leaf_nodes():
        plan.extend(node for node in loader.graph.forwards_plan(leaf) if node not in plan)
    for node in plan:
        migration = loader.graph.nodes[node]
        module = __import__(type(migration).__module__, fromlist=["seed"])
        if module.__name__.startswith("chibo.") and callable(getattr(module, "seed", None)):
            yield node, module


@cache
def _apps_at(node):
    """The models as that migration sees them (core.Policy for the seeds written before
    the model moved to chibo.policies), not the global registry."""
    return _loader().project_state(node, at_end=True).apps


def reseed():
    for node, module in seeding_migrations():
        module.seed(_apps_at(node), None)
