"""What a page that offers a file in the background does: GET shows what will be built
(and the same file already built or under way), POST queues it and goes to its progress
page. The view has checked the request (its gate, its rules) before calling this."""

from django.shortcuts import redirect, render

from chibo.jobs import registry
from chibo.jobs.selectors import same_jobs
from chibo.jobs.services import job_request


def offer(request, *, kind: str, params: dict, title: str, back_url: str, note: str = ""):
    if request.method == "POST":
        job = job_request(actor=request.user, kind=kind, params=params, title=title)
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "jobs/offer.html", {
        "title": title,
        "kind_label": registry.label(kind),
        "note": note,
        "back_url": back_url,
        "jobs": same_jobs(request.user, kind, params),
    })
