"""The queue for real: a report asked for on the page is a row in the database, and
`manage.py db_worker`, a process of its own on the same database, builds it."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from chibo.core.testing.concurrency import races
from chibo.jobs.models import FileJob, JobStatus
from chibo.reports.tests.test_exports import page_text, squash

pytestmark = races  # real commits: the worker process must see the job


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


def _command(*args: str) -> tuple[list[str], dict]:
    # The tests' settings (DJANGO_SETTINGS_MODULE), their media folder, this database.
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database_url()}
    return [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
            "--interval", "0", *args], env


def db_worker(*args: str) -> subprocess.CompletedProcess:
    command, env = _command(*args)
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=300, check=True)


def db_worker_process(*args: str) -> subprocess.Popen:
    """The worker started and left running (the caller waits for it)."""
    command, env = _command(*args)
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_db_worker_builds_a_report_asked_for_on_the_page(client, city):
    client.force_login(city.ward_staff)
    url = reverse("reports:pdf") + f"?organization={city.ward_a.pk}&period=2026-Q3"
    response = client.post(url)
    job = FileJob.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    task = DBTaskResult.objects.get()
    assert (task.status, job.status, job.task_id) == ("READY", JobStatus.QUEUED, str(task.id))

    db_worker("--batch")

    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "SUCCESSFUL", task.traceback
    assert (job.status, job.progress, job.attempts) == (JobStatus.DONE, 100, 1)
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download["Content-Disposition"] == (
        'attachment; filename="bao-cao-dang-bo-phuong-a-2026-Q3.pdf"')
    text = squash(page_text(b"".join(download.streaming_content), 1, 1))
    assert "ĐẢNG ỦY PHƯỜNG A" in text and "quý III năm 2026" in text
