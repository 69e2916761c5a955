"""Races tried for real: each callable runs in its own thread on its own database
connection, all released at the same moment. Mark the tests `races` (below): they run
with real commits, so that the threads see each other's, and the rows the migrations
seed (the policies) are put back after each test's flush.
"""

import threading
from dataclasses import dataclass

import pytest
from django.db import connections

races = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@dataclass
class Outcome:
    value: object = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_at_once(*callables, timeout: float = 60) -> list[Outcome]:
    """Run the callables side by side, starting together; return what each gave or raised."""
    barrier = threading.Barrier(len(callables))
    outcomes = [Outcome() for _ in callables]

    def run(index, fn):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index].value = fn()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, fn), daemon=True) for i, fn in enumerate(callables)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        if thread.is_alive():
            raise AssertionError("a racing thread did not finish (deadlock?)")
    return outcomes


def errors_of(outcomes) -> list[BaseException]:
    return [o.error for o in outcomes if o.error is not None]
