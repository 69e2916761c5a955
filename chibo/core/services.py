"""Helpers every service uses: the acting user recorded in history, and one way to turn
model validation into a Vietnamese message."""

from django.core.exceptions import ValidationError


def with_actor(instance, actor):
    """Attach the acting user so django-simple-history records who made the change."""
    instance._history_user = actor
    return instance


def create_with_actor(model, actor, /, **values):
    """`model.objects.create(**values)` with its history row naming `actor`."""
    instance = model(**values)
    with_actor(instance, actor).save(force_insert=True)
    return instance


def bulk_create_with_actor(model, objs, actor, *, batch_size=None) -> list:
    """`bulk_create` writes no history; this writes one "+" row per object, by `actor`."""
    from simple_history.utils import bulk_create_with_history

    return bulk_create_with_history(list(objs), model, batch_size=batch_size,
                                    default_user=actor)


def delete_with_actor(objects, actor) -> int:
    """Delete rows one by one so that each "-" history row names `actor` (a queryset's
    delete() would take the user of the request, or nobody outside one)."""
    count = 0
    for instance in objects:
        with_actor(instance, actor).delete()
        count += 1
    return count


def validate(instance, *, exclude=None) -> None:
    instance.full_clean(exclude=exclude)


class ServiceError(ValidationError):
    """A rule of the domain refused the change; the message is for the user."""


class Conflict(ServiceError):
    """The change collides with the record's state (adopted minutes, a text someone saved
    meanwhile): a conflict, not bad input. The API answers 409."""
