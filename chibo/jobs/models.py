"""A file a user asked for and the worker builds (a report, a minute book, a long member
list): who asked, what, how far it got, the file, and until when it is kept."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ đến lượt"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Không tạo được"


UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


def keep_for() -> dt.timedelta:
    """How long a built file is kept (FILE_JOBS_KEEP_DAYS)."""
    return dt.timedelta(days=settings.FILE_JOBS_KEEP_DAYS)


def stored_name(job, filename: str) -> str:
    # A random folder: two files of the same name never meet, and a name cannot be
    # guessed from another (files are still served only through the scoped view).
    return f"jobs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{filename}"


class FileJob(models.Model):
    """Written by the system (the worker), never edited by a person: no history rows,
    like notifications."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="file_jobs", verbose_name="người yêu cầu")
    kind = models.CharField("loại tệp", max_length=40)
    params = models.JSONField("tham số", default=dict)
    title = models.CharField("tên", max_length=300)
    status = models.CharField("trạng thái", max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    step = models.CharField("bước", max_length=200, blank=True)
    file = models.FileField("tệp", upload_to=stored_name, max_length=300, blank=True)
    filename = models.CharField("tên tệp tải về", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField("lỗi", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    created_at = models.DateTimeField("yêu cầu lúc", default=timezone.now)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    expires_at = models.DateTimeField("giữ đến", null=True, blank=True)

    class Meta:
        verbose_name = "tệp tạo nền"
        verbose_name_plural = "tệp tạo nền"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="jobs_user_created_idx"),
            models.Index(fields=["expires_at"], name="jobs_expires_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100),
                                   name="jobs_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def available(self) -> bool:
        """The file may be downloaded: built and not past its keeping time."""
        return self.status == JobStatus.DONE and bool(self.file) and not self.expired

    @property
    def retryable(self) -> bool:
        return self.status == JobStatus.FAILED or (self.status == JobStatus.DONE and self.expired)
