from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from chibo.accounts.models import ApiToken


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash(token), user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 3600:
            # Touch at most hourly: a write on every call would serialize API reads.
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


AUTH = [BearerToken(), django_auth]
