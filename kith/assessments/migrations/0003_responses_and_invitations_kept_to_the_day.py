"""Invitations keep only whether they were used, and responses only the day they were started and submitted:
a stored time let anyone holding the database pair an invitation (which names a person) with its response."""
from django.db import migrations
from django.utils import timezone


def _day(value):
    # The local day, not the UTC one: a response started at 00:30 in summer belongs to that day.
    return timezone.localtime(value).date() if value is not None else None


def forwards(apps, schema_editor):
    Invitation = apps.get_model("assessments", "Invitation")
    Response = apps.get_model("assessments", "Response")
    Invitation.objects.filter(submitted_at__isnull=False).update(used=True)
    for invitation in Invitation.objects.filter(sent_at__isnull=False).only("sent_at"):
        Invitation.objects.filter(pk=invitation.pk).update(sent_on=_day(invitation.sent_at))
    for response in Response.objects.only("started_at", "submitted_at"):
        Response.objects.filter(pk=response.pk).update(started_day=_day(response.started_at),
                                                       submitted_day=_day(response.submitted_at))


def backwards(apps, schema_editor):
    Invitation = apps.get_model("assessments", "Invitation")
    Response = apps.get_model("assessments", "Response")
    # Going back cannot recover the times that were dropped: a used invitation gets a placeholder day.
    for invitation in Invitation.objects.all():
        Invitation.objects.filter(pk=invitation.pk).update(
            sent_at=_midnight(invitation.sent_on),
            submitted_at=_midnight(invitation.sent_on or timezone.localdate()) if invitation.used else None)
    for response in Response.objects.all():
        Response.objects.filter(pk=response.pk).update(started_at=_midnight(response.started_day),
                                                       submitted_at=_midnight(response.submitted_day))


def _midnight(day):
    if day is None:
        return None
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0002_invitation_used_and_days"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
