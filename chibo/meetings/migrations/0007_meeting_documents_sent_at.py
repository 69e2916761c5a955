from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_seed_vote_majorities"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="documents_sent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="thời điểm gửi tài liệu"
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="documents_sent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="thời điểm gửi tài liệu"
            ),
        ),
    ]
