"""A user's files: the progress page (htmx polls a part of it; a plain link reloads it),
the download, trying again; nobody else's job is found (404), not even by the admin."""

import datetime as dt

import pytest
from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.core.testing.clock import travel
from chibo.core.testing.jobs import work_off
from chibo.jobs.models import FileJob, JobStatus
from chibo.jobs.services import job_request
from chibo.jobs.tests.conftest import BROKEN

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 3)


def ask(commit, user, kind="test_plain", n=1):
    return commit(job_request, actor=user, kind=kind, params={"n": n}, title=f"Tệp thử {n}")


def test_every_jobs_url_is_the_owners_only(city, commit):
    failed = ask(commit, city.ward_staff, kind=BROKEN)
    work_off()
    done = ask(commit, city.ward_staff)
    work_off()
    others = [city.admin, city.city_staff, city.secretary_user, city.member_user]
    assert_access("jobs", {
        "list": Case(reverse("jobs:list"), allowed=[city.ward_staff, *others]),
        "detail": Case(reverse("jobs:detail", args=[done.pk]), allowed=[city.ward_staff],
                       outsiders=others),
        "file": Case(reverse("jobs:file", args=[done.pk]), allowed=[city.ward_staff],
                     outsiders=others),
        "retry": Case(reverse("jobs:retry", args=[failed.pk]), method="post",
                      allowed=[city.ward_staff], outsiders=others, ok_status=(302,)),
    })


def test_progress_then_the_file(client, city, commit):
    job = ask(commit, city.ward_staff)
    client.force_login(city.ward_staff)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Tệp thử 1" in page and "Đang chờ đến lượt" in page
    assert 'hx-trigger="every 2s"' in page
    # Without JavaScript: a plain link to the same page.
    assert f'<a href="{reverse("jobs:detail", args=[job.pk])}">bấm vào đây' in page
    part = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert "<html" not in part.content.decode() and 'hx-trigger="every 2s"' in part.content.decode()
    # Halfway: the step and the percentage.
    FileJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=60,
                                             step="Đang dựng tệp PDF")
    part = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert "Đang tạo: Đang dựng tệp PDF" in part.content.decode()
    assert "60%" in part.content.decode()
    FileJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    work_off()
    part = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"})
    body = part.content.decode()
    assert "hx-trigger" not in body  # finished: the polling stops
    assert reverse("jobs:file", args=[job.pk]) in body
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chao.txt"'
    assert b"".join(response.streaming_content) == "xin chào 1".encode()


def test_a_failure_is_shown_and_retried_from_the_page(client, city, commit,
                                                     django_capture_on_commit_callbacks):
    job = ask(commit, city.ward_staff, kind=BROKEN)
    work_off()
    client.force_login(city.ward_staff)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Không tạo được tệp." in page and "Có lỗi khi tạo tệp" in page
    assert reverse("jobs:retry", args=[job.pk]) in page and "Thử lại" in page
    # The file of a failed job is not there: back to the page.
    assert client.get(reverse("jobs:file", args=[job.pk]))["Location"] == reverse(
        "jobs:detail", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    # Tried again while it waits: told so, nothing queued twice.
    follow = client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "không cần tạo lại" in follow.content.decode()


def test_an_expired_file_is_not_served(client, city, commit):
    with travel(DAY):
        job = ask(commit, city.ward_staff)
        work_off()
    client.force_login(city.ward_staff)
    with travel(DAY + dt.timedelta(days=8)):
        response = client.get(reverse("jobs:file", args=[job.pk]), follow=True)
        body = response.content.decode()
        assert response.redirect_chain == [(reverse("jobs:detail", args=[job.pk]), 302)]
        assert "Tệp đã hết hạn lưu giữ" in body and "Tạo lại" in body


def test_the_list_shows_ones_own_jobs(client, city, commit):
    mine = ask(commit, city.ward_staff)
    theirs = ask(commit, city.city_staff, n=2)
    work_off()
    client.force_login(city.ward_staff)
    body = client.get(reverse("jobs:list")).content.decode()
    assert mine.title in body and theirs.title not in body
    assert reverse("jobs:file", args=[mine.pk]) in body
