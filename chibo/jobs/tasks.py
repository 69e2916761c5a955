"""The one task of the queue for files: the job's row says what to build."""

from django_tasks import task

from chibo.jobs import runner


@task()
def build_file(job_id: int) -> str:
    return runner.run(job_id)
