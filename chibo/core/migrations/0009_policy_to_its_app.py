"""Policy and HistoricalPolicy now belong to chibo.policies (policies/0001 takes them over
in the state, after every migration that seeds policies through core.Policy); the tables
core_policy and core_historicalpolicy stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0008_notification_to_its_app"),
        ("policies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalPolicy"),
                migrations.DeleteModel(name="Policy"),
            ],
            database_operations=[],
        ),
    ]
