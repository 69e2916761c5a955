from django.core.management.base import BaseCommand

from chibo.jobs.services import jobs_expire


class Command(BaseCommand):
    help = ("Delete the files built in the background that are past their keeping time "
            "(FILE_JOBS_KEEP_DAYS), and mark failed the jobs left running by a worker that "
            "stopped (FILE_JOBS_STALE_MINUTES). Hourly or daily, from cron or a timer.")

    def handle(self, *args, **options):
        counts = jobs_expire()
        self.stdout.write(f"deleted {counts['deleted']}, interrupted {counts['interrupted']}")
