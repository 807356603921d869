"""The times 0003 turned into days and a used flag go: nothing stored can pair an invitation with its response."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0003_responses_and_invitations_kept_to_the_day"),
    ]

    operations = [
        migrations.RemoveField(model_name="invitation", name="sent_at"),
        migrations.RemoveField(model_name="invitation", name="submitted_at"),
        migrations.RemoveField(model_name="response", name="started_at"),
        migrations.RemoveField(model_name="response", name="submitted_at"),
        migrations.RenameField(model_name="response", old_name="started_day", new_name="started_at"),
        migrations.RenameField(model_name="response", old_name="submitted_day", new_name="submitted_at"),
    ]
