"""Asking for a file, trying again, and letting old files go. The building itself is in
`runner` (the worker's side)."""

import datetime as dt

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chibo.core.services import ServiceError
from chibo.jobs import registry
from chibo.jobs.models import UNFINISHED, FileJob, JobStatus, keep_for
from chibo.jobs.tasks import build_file

INTERRUPTED = ("Việc tạo tệp bị gián đoạn (máy chủ khởi động lại hoặc quá lâu không xong). "
               "Hãy bấm «Thử lại».")


def _enqueue(job_id: int) -> None:
    result = build_file.enqueue(job_id)
    FileJob.objects.filter(pk=job_id).update(task_id=str(result.id))


def job_request(*, actor, kind: str, params: dict, title: str) -> FileJob:
    """A job for `actor`, queued once the caller's transaction commits. The same file
    asked again while the first is still waiting or being built is that job (a double
    tap, a reload of the page), not a second one."""
    registry.kind(kind)  # an unknown kind is a programming error, refused here
    with transaction.atomic():
        for job in FileJob.objects.filter(user=actor, kind=kind, status__in=UNFINISHED):
            if job.params == params:
                return job
        job = FileJob.objects.create(user=actor, kind=kind, params=params, title=title[:300],
                                     step="Đang chờ đến lượt")
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def job_retry(*, actor, job: FileJob) -> FileJob:
    """A failed job, or one whose file has expired, is built again (same parameters, so
    the same document as of now)."""
    with transaction.atomic():
        now = timezone.now()
        old = FileJob.objects.filter(pk=job.pk, user=actor).values_list("file", flat=True).first()
        updated = (
            FileJob.objects.filter(pk=job.pk, user=actor)
            .filter(Q(status=JobStatus.FAILED) | Q(status=JobStatus.DONE, expires_at__lte=now))
            .update(status=JobStatus.QUEUED, progress=0, step="Đang chờ đến lượt", error="",
                    file="", started_at=None, finished_at=None, expires_at=None, created_at=now)
        )
        if not updated:
            raise ServiceError("Tệp này đang được tạo hoặc đã có; không cần tạo lại.")
        if old:
            transaction.on_commit(lambda: default_storage.delete(old))
        transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def jobs_expire(*, now: dt.datetime | None = None, stale_after: dt.timedelta | None = None) -> dict:
    """Delete the jobs past their keeping time with their files, and give up on those
    left running longer than `stale_after` (a worker killed mid-way leaves them so):
    they become failed, and can be tried again. Returns the counts."""
    now = now or timezone.now()
    stale_after = stale_after or dt.timedelta(minutes=settings.FILE_JOBS_STALE_MINUTES)
    interrupted = FileJob.objects.filter(
        status=JobStatus.RUNNING, started_at__lt=now - stale_after
    ).update(status=JobStatus.FAILED, error=INTERRUPTED, step="", finished_at=now,
             expires_at=now + keep_for())
    deleted = 0
    expired = FileJob.objects.filter(expires_at__lte=now).only("id", "file")
    for job in expired.iterator():
        if job.file:
            default_storage.delete(job.file.name)
        job.delete()
        deleted += 1
    return {"deleted": deleted, "interrupted": interrupted}
