"""Helpers every service uses: the acting user recorded in history, and one way to turn
model validation into a Vietnamese message."""

from django.core.exceptions import ValidationError


def with_actor(instance, actor):
    """Attach the acting user so django-simple-history records who made the change."""
    instance._history_user = actor
    return instance


def validate(instance, *, exclude=None) -> None:
    instance.full_clean(exclude=exclude)


class ServiceError(ValidationError):
    """A rule of the domain refused the change; the message is for the user."""


def notifications_mark_read(user) -> int:
    from django.utils import timezone

    from chibo.core.models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
