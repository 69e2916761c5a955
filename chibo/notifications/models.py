from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An in-app message: a meeting planned or moved, a task assigned. Email is sent as
    well when the server has an email backend configured."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table (and its index) it had in chibo.core, where it was born.
        db_table = "core_notification"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="core_notifi_user_id_bd2d4b_idx")]

    def __str__(self):
        return self.text
