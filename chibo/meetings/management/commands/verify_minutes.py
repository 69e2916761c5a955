"""Check every stored version of the adopted minutes against its SHA-256.

Nightly (docs/operations.md): exits 1 and lists each version whose stored snapshot no
longer matches the hash written at adoption, so that cron mails the failure."""

import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from chibo.meetings.models import MinutesVersion
from chibo.meetings.snapshot import checked


class Command(BaseCommand):
    help = "Kiểm tra mọi bản biên bản đã thông qua với mã SHA-256 của nó; sai lệch: mã thoát 1."

    def handle(self, *args, **options):
        versions = (
            MinutesVersion.objects.order_by("pk")
            .values_list(
                "meeting_id", "number", "snapshot", "content_hash",
                "meeting__organization__name", "meeting__scheduled_at",
            )
            .iterator(chunk_size=500)
        )  # fmt: skip
        total, bad = 0, []
        for meeting_id, number, snapshot, stored, cell, when in versions:
            total += 1
            if "integrity_warning" in checked(
                snapshot, stored, meeting_id=meeting_id, number=number
            ):
                day = timezone.localtime(when).strftime("%d/%m/%Y")
                bad.append(f"  buổi sinh hoạt {meeting_id} ({cell}, {day}), bản số {number}")
        count = f"{total:,}".replace(",", ".")
        if bad:
            self.stderr.write(
                f"Đã kiểm tra {count} bản biên bản: {len(bad)} bản KHÔNG khớp mã SHA-256:"
            )
            for line in bad:
                self.stderr.write(line)
            sys.exit(1)
        self.stdout.write(f"Đã kiểm tra {count} bản biên bản: tất cả khớp mã SHA-256.")
