"""Running the task queue in a test.

`work_off()` runs every task waiting in the database queue the way `manage.py db_worker`
does (django-tasks-db's own `Worker.run_task`: the task's result row claimed, run,
marked successful or failed), in the test's thread and transaction. Only the polling
loop is left out: it closes the database connection between tasks, which would end the
test's transaction. `jobs.tests.test_worker` runs the real command, loop included, as a
process of its own.

A job is queued after its request's transaction commits; in a test that is:

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    work_off()
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def work_off(backend: str = "default") -> int:
    """Run the waiting tasks, oldest first; returns how many ran."""
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name=backend,
                    startup_delay=False, max_tasks=None, worker_id="test",
                    excluded_queue_names=[])
    ran = 0
    while (task := DBTaskResult.objects.ready().filter(backend_name=backend).first()):
        task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran


def queued_file(client, url: str):
    """What a user gets from a page that queues a file: POST (the job, queued on commit),
    the queue run, then the job's download. Returns the download's response with its
    content read into `.content`."""
    from django.http import HttpResponse
    from django.test import TestCase
    from django.urls import resolve

    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = client.post(url)
    assert queued.status_code == 302, queued.status_code
    job_page = queued["Location"]
    assert resolve(job_page).url_name == "detail", job_page
    work_off()
    response = client.get(job_page.rstrip("/") + "/file/")
    if not getattr(response, "streaming", False):
        return response
    plain = HttpResponse(b"".join(response.streaming_content), status=response.status_code)
    for header, value in response.items():
        plain[header] = value
    return plain
