"""What every page may show of referral notifications: the unread count, counted only if a template uses it."""

from django.conf import settings
from django.utils.functional import cached_property

from ..models import Notification


class UnreadCount:
    """One COUNT query on first use, none for people signed out or pages that never show it."""

    def __init__(self, request):
        self._request = request

    @cached_property
    def count(self) -> int:
        user = getattr(self._request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    def __int__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __str__(self) -> str:
        return str(self.count)


def notifications(request) -> dict:
    return {"notifications_unread": UnreadCount(request),
            "referral_escalate_after_working_days": settings.KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS}
