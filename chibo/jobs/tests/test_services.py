"""Asking for a file queues it after the commit; the worker builds it with progress; a
failure is told in Vietnamese and can be tried again; files expire."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from chibo.core.services import ServiceError
from chibo.core.testing.clock import travel
from chibo.core.testing.jobs import work_off
from chibo.jobs import runner
from chibo.jobs.models import FileJob, JobStatus
from chibo.jobs.services import INTERRUPTED, job_request, job_retry, jobs_expire
from chibo.jobs.tests.conftest import BROKEN, REFUSED

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 3)


def ask(commit, user, n=1, kind="test_plain"):
    return commit(job_request, actor=user, kind=kind, params={"n": n}, title=f"Tệp {n}")


def test_a_job_is_queued_after_commit_and_built_by_the_worker(
    city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = job_request(actor=city.ward_staff, kind="test_plain", params={"n": 1}, title="T")
        assert not DBTaskResult.objects.exists()  # nothing queued before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    task = DBTaskResult.objects.get()
    job.refresh_from_db()
    assert (job.status, job.task_id, task.args_kwargs) == (
        JobStatus.QUEUED, str(task.id), {"args": [job.pk], "kwargs": {}})
    assert work_off() == 1
    job.refresh_from_db()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value == "done"
    assert (job.status, job.progress, job.step, job.attempts) == (JobStatus.DONE, 100, "Đã xong", 1)
    assert job.filename == "chao.txt" and job.available
    assert job.file.read() == "xin chào 1".encode()
    assert job.expires_at == job.finished_at + dt.timedelta(days=7)


def test_the_same_file_asked_twice_while_waiting_is_one_job(city, commit):
    first = ask(commit, city.ward_staff)
    assert ask(commit, city.ward_staff) == first
    assert ask(commit, city.ward_staff, n=2) != first  # other parameters: another file
    assert ask(commit, city.city_staff) != first  # another user: their own job
    assert DBTaskResult.objects.count() == 3
    work_off()
    assert ask(commit, city.ward_staff) != first  # built already: a new one, as of now


def test_a_job_taken_already_is_not_built_twice(city, commit):
    job = ask(commit, city.ward_staff)
    assert runner.run(job.pk) == JobStatus.DONE
    assert runner.run(job.pk) == "skipped"
    assert work_off() == 1  # the queued task finds it done and leaves it
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_bug_is_told_in_vietnamese_kept_in_the_queue_and_tried_again(city, commit):
    job = ask(commit, city.ward_staff, kind=BROKEN)
    work_off()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file
    assert job.error == ("Có lỗi khi tạo tệp. Hãy bấm «Thử lại»; nếu vẫn lỗi, xin báo quản trị "
                         f"hệ thống (mã việc {job.pk}).")
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED" and "a bug in a builder" in task.traceback

    commit(job_retry, actor=city.ward_staff, job=job)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (JobStatus.QUEUED, 0, "")
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    work_off()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 2


def test_a_refusal_of_the_data_is_the_message_itself(city, commit):
    job = ask(commit, city.ward_staff, kind=REFUSED)
    work_off()
    job.refresh_from_db()
    assert job.error == "Chi bộ chưa có biên bản nào được thông qua năm 2026."
    # Foreseen: the queue's task ended well, nothing for the administrator to read.
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_only_a_failed_or_expired_job_is_tried_again_and_only_by_its_owner(city, commit):
    job = ask(commit, city.ward_staff)
    with pytest.raises(ServiceError):
        job_retry(actor=city.ward_staff, job=job)  # still waiting
    work_off()
    with pytest.raises(ServiceError):
        job_retry(actor=city.ward_staff, job=job)  # done, not expired
    with pytest.raises(ServiceError):
        job_retry(actor=city.city_staff, job=job)


def test_files_expire_and_the_command_deletes_them(city, commit):
    with travel(DAY):
        job = ask(commit, city.ward_staff)
        work_off()
        job.refresh_from_db()
        name = job.file.name
        assert default_storage.exists(name)
    with travel(DAY + dt.timedelta(days=6)):
        job.refresh_from_db()
        assert job.available
        assert jobs_expire() == {"deleted": 0, "interrupted": 0}
    with travel(DAY + dt.timedelta(days=7), hour=11):
        job.refresh_from_db()
        assert job.expired and not job.available and job.retryable
        call_command("expire_file_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert not FileJob.objects.filter(pk=job.pk).exists()
        assert not default_storage.exists(name)


def test_an_expired_file_is_built_again_on_retry(city, commit):
    with travel(DAY):
        job = ask(commit, city.ward_staff)
        work_off()
        job.refresh_from_db()
        old = job.file.name
    with travel(DAY + dt.timedelta(days=8)):
        commit(job_retry, actor=city.ward_staff, job=job)
        assert not default_storage.exists(old)
        work_off()
        job.refresh_from_db()
        assert job.available and job.file.name != old


def test_a_job_left_running_by_a_stopped_worker_is_failed_and_can_be_retried(city, commit):
    with travel(DAY):
        job = ask(commit, city.ward_staff)
        FileJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING,
                                                 started_at=job.created_at)
    with travel(DAY, hour=12):
        assert jobs_expire() == {"deleted": 0, "interrupted": 1}
        job.refresh_from_db()
        assert (job.status, job.error) == (JobStatus.FAILED, INTERRUPTED)
        assert job.retryable


def test_a_report_asked_for_then_out_of_scope_fails_and_is_retried_once_back(city, commit):
    """The builder reads with the user's scope when it runs: a right withdrawn after the
    request is withdrawn for the file too; given back, «Thử lại» builds it."""
    from chibo.accounts.models import Scope
    from chibo.core.testing.factories import grant
    from chibo.reports import jobs as report_jobs
    from chibo.reports.periods import Period

    period = Period.parse("2026-Q3")
    job = commit(job_request, actor=city.ward_staff, kind="report_xlsx",
                 params=report_jobs.params(city.ward_a, period, DAY),
                 title=report_jobs.title(city.ward_a, period, "xlsx"))
    assert job.title == "Báo cáo quý III năm 2026 – Đảng bộ phường A (Excel)"
    Scope.objects.filter(user=city.ward_staff).delete()
    work_off()
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, runner.NO_ACCESS)
    grant(city.ward_staff, city.ward_a)
    commit(job_retry, actor=city.ward_staff, job=job)
    work_off()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.filename == "bao-cao-dang-bo-phuong-a-2026-Q3.xlsx"
