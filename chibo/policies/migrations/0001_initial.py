"""Policy (and its history, HistoricalPolicy) moves here from chibo.core with its tables
(core_policy, core_historicalpolicy), their constraints and indexes: this migration only
tells the state; the tables were created by core/0001 and stay.

It runs after every data migration that seeds policies through
apps.get_model("core", "Policy") (core/0002-0005 and 0007, documents/0002, dues/0002,
meetings/0006, members/0004), so that on a fresh database they still find the model in
core; core/0009 then deletes it from core's state."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("organizations", "0004_history_of_every_write"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("core", "0008_notification_to_its_app"),
        ("documents", "0002_seed_document_policies"),
        ("dues", "0002_seed_dues_rates"),
        ("meetings", "0006_seed_vote_majorities"),
        ("members", "0004_seed_member_life_policies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalPolicy',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('key', models.CharField(db_index=True, max_length=80, verbose_name='mã quy định')),
                        ('value', models.JSONField(verbose_name='giá trị')),
                        ('legal_basis', models.CharField(max_length=300, verbose_name='căn cứ')),
                        ('effective_from', models.DateField(verbose_name='hiệu lực từ ngày')),
                        ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='thời điểm tạo')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('issuer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.organization', verbose_name='cấp ủy ban hành')),
                    ],
                    options={
                        'verbose_name': 'historical quy định',
                        'verbose_name_plural': 'historical quy định',
                        'db_table': 'core_historicalpolicy',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Policy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(db_index=True, max_length=80, verbose_name='mã quy định')),
                        ('value', models.JSONField(verbose_name='giá trị')),
                        ('legal_basis', models.CharField(max_length=300, verbose_name='căn cứ')),
                        ('effective_from', models.DateField(verbose_name='hiệu lực từ ngày')),
                        ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tạo')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                        ('issuer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='policies', to='organizations.organization', verbose_name='cấp ủy ban hành')),
                    ],
                    options={
                        'verbose_name': 'quy định',
                        'verbose_name_plural': 'quy định',
                        'db_table': 'core_policy',
                        'ordering': ['key', '-effective_from'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('issuer__isnull', False)), fields=('key', 'effective_from', 'issuer'), name='unique_policy_version'), models.UniqueConstraint(condition=models.Q(('issuer__isnull', True)), fields=('key', 'effective_from'), name='unique_general_policy_version')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
