"""A user's file jobs: their own, nobody else's (not even the system admin's: a file
holds what its owner's scope could read when it was built)."""

from chibo.core.scope import gate
from chibo.jobs.models import FileJob

RECENT = 5


def visible_jobs(user):
    return FileJob.objects.filter(user=user)


def get_job_for_user(user, pk) -> FileJob:
    return gate(visible_jobs(user), pk)


def same_jobs(user, kind: str, params: dict) -> list[FileJob]:
    """The user's latest jobs for the same file (kind and parameters), newest first."""
    rows = visible_jobs(user).filter(kind=kind).defer("error")[:50]
    return [job for job in rows if job.params == params][:RECENT]
