# Indexes for the dashboard's aggregates and the actions list (docs/performance.md).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0003_record_version'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['due_date'], name='action_due'),
        ),
        migrations.AddIndex(
            model_name='action',
            index=models.Index(fields=['status', 'due_date'], name='action_status_due'),
        ),
        migrations.AddIndex(
            model_name='progressupdate',
            index=models.Index(fields=['action', 'review_state', 'date'], name='progress_action_review_date'),
        ),
    ]
