"""Notification now belongs to chibo.notifications (notifications/0001 takes it over in
the state); the table core_notification stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0007_seed_2025_policies"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
