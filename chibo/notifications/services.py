"""Telling people: an in-app notification now, in the caller's transaction, and mail
once that transaction is committed (a refused or rolled-back write sends nothing)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from chibo.notifications.models import Notification


def notify(users, text: str, url: str = "") -> None:
    users = [u for u in users if u is not None]
    Notification.objects.bulk_create(
        [Notification(user=user, text=text[:500], url=url) for user in users]
    )
    if settings.EMAIL_HOST and settings.EMAIL_HOST != "localhost":
        recipients = [u.email for u in users if u.email]
        if recipients:
            transaction.on_commit(
                lambda: send_mail(
                    "Chibo: " + text[:60], text, None, recipients, fail_silently=True
                )
            )


def notifications_mark_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
