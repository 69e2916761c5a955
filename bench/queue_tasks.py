"""The task bench/task_queue.py queues: as small as a task gets, so what is measured is the
queue's own cost (enqueue, claim, mark done), not the work."""

from django_tasks import task


@task()
def noop(n: int) -> int:
    return n
