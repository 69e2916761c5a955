import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in. What they may see comes from their scopes; a system admin
    (is_superuser) sees everything."""

    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    COMMITTEE_STAFF = "staff", "Cán bộ cấp ủy"
    SECRETARY = "secretary", "Bí thư chi bộ"


class Scope(models.Model):
    """One subtree a user acts in, with the role they have there. A member's own data is
    reached through PartyMember.user, not through a scope."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="scopes", verbose_name="người dùng"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="scopes",
        verbose_name="tổ chức",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phạm vi"
        verbose_name_plural = "phạm vi"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_scope")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organization}"


class ApiToken(models.Model):
    """A bearer token for the API. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="người dùng"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("thời điểm cấp", auto_now_add=True)
    last_used_at = models.DateTimeField("lần dùng gần nhất", null=True, blank=True)
    # Who was given a token, when; never the hash, nor the hourly touch of last use.
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self):
        return f"Mã truy cập của {self.user} ({self.created_at:%d/%m/%Y})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User) -> str:
        raw = secrets.token_urlsafe(32)
        token = cls(user=user, key_hash=cls.hash(raw))
        token._history_user = user  # issued before the request is authenticated
        token.save()
        return raw
