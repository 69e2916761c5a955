"""The worker's side of a file job: take it, build it with its kind's builder, store the
file, or record why it failed in words the user reads."""

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from chibo.jobs import registry
from chibo.jobs.models import FileJob, JobStatus, keep_for

logger = logging.getLogger("chibo.jobs")

NO_ACCESS = ("Đồng chí không còn quyền xem dữ liệu này, hoặc dữ liệu không còn. "
             "Hãy mở lại trang và yêu cầu tệp mới.")
NOT_READY = "Chức năng này đang được hoàn thiện; hãy thử lại sau."
UNEXPECTED = ("Có lỗi khi tạo tệp. Hãy bấm «Thử lại»; nếu vẫn lỗi, xin báo quản trị hệ "
              "thống (mã việc {id}).")


def describe(error: BaseException, job_id: int) -> tuple[str, bool]:
    """(the message shown, whether the failure was foreseen). A foreseen one (no longer
    in scope, a rule of the data) is the user's to read; anything else is also logged
    and handed back to the queue, which keeps the traceback."""
    if isinstance(error, Http404 | PermissionDenied | ObjectDoesNotExist):
        return NO_ACCESS, True
    if isinstance(error, ValidationError):
        return " ".join(error.messages), True
    if isinstance(error, NotImplementedError):
        return NOT_READY, True
    return UNEXPECTED.format(id=job_id), False


def run(job_id: int) -> str:
    """Build job `job_id` if it is still waiting; returns the status it ends with. Taking
    it is one conditional update, so two workers given the same job (a retry enqueued
    while an old task was pending) build it once."""
    now = timezone.now()
    taken = FileJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, progress=1, step="Bắt đầu",
        attempts=F("attempts") + 1)
    if not taken:
        return "skipped"
    job = FileJob.objects.select_related("user").get(pk=job_id)
    rows = FileJob.objects.filter(pk=job_id)

    def progress(percent: int, step: str) -> None:
        rows.update(progress=max(1, min(99, int(percent))), step=step[:200])

    try:
        built = registry.kind(job.kind).build(job, progress)
        progress(95, "Đang lưu tệp")
        job.file.save(built.filename, ContentFile(built.content), save=False)
    except Exception as error:
        message, foreseen = describe(error, job_id)
        finished = timezone.now()
        rows.update(status=JobStatus.FAILED, error=message, step="", finished_at=finished,
                    expires_at=finished + keep_for())
        if not foreseen:
            logger.exception("file job %s (%s) failed", job_id, job.kind)
            raise
        return JobStatus.FAILED
    finished = timezone.now()
    rows.update(status=JobStatus.DONE, progress=100, step="Đã xong", file=job.file.name,
                filename=built.filename, content_type=built.content_type,
                finished_at=finished, expires_at=finished + keep_for())
    return JobStatus.DONE
