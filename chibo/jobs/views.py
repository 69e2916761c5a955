"""A user's files built in the background: the list, one job's progress (polled by htmx;
without JavaScript a plain link reloads it), the download, and trying again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from chibo.core.web import paginate
from chibo.jobs import registry
from chibo.jobs.selectors import get_job_for_user, visible_jobs
from chibo.jobs.services import job_retry

POLL_SECONDS = 2


def _context(job):
    return {"job": job, "kind_label": registry.label(job.kind), "poll": POLL_SECONDS}


@login_required
@require_safe
def job_list(request):
    page, query = paginate(request, visible_jobs(request.user).defer("params", "error"))
    return render(request, "jobs/list.html", {"page": page, "query": query})


@login_required
@require_safe
def job_detail(request, pk):
    job = get_job_for_user(request.user, pk)
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, _context(job))


@login_required
@require_safe
def job_file(request, pk):
    """The file, to its owner only (404 for anyone else, as for a job that never was);
    one not built yet or past its keeping time goes back to the job's page."""
    job = get_job_for_user(request.user, pk)
    if not job.available:
        if job.expired:
            messages.warning(request, "Tệp đã hết hạn lưu giữ; hãy bấm «Tạo lại».")
        return redirect("jobs:detail", pk=job.pk)
    # Streamed from the storage: a province's member list runs to tens of megabytes.
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                        content_type=job.content_type or "application/octet-stream")


@login_required
@require_POST
def retry(request, pk):
    job = get_job_for_user(request.user, pk)
    try:
        job_retry(actor=request.user, job=job)
    except ValidationError as refusal:
        messages.info(request, " ".join(refusal.messages))
    return redirect("jobs:detail", pk=job.pk)
