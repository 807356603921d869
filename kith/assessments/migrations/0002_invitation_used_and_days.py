"""Room for what invitations and responses keep from now on: whether an invitation was used, and days rather
than times. 0003 fills it from the old columns and 0004 drops them; three migrations, because PostgreSQL refuses
to alter a table in the same transaction that has just updated its rows."""
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="invitation", name="used", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="invitation", name="sent_on", field=models.DateField(blank=True, null=True)),
        migrations.AddField(model_name="response", name="started_day",
                            field=models.DateField(default=django.utils.timezone.localdate)),
        migrations.AddField(model_name="response", name="submitted_day", field=models.DateField(blank=True, null=True)),
    ]
