"""The signed-in person's own referral notifications. Nobody sees or marks anyone else's: another
person's notification is answered with 404, as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..models import Notification


@login_required
def notification_list(request):
    """Signed-in people: their notifications, newest first."""
    notices = Notification.objects.filter(user=request.user).select_related("referral")
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(request, "referrals/notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request):
    """Signed-in people: their own unread notifications."""
    marked = Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked as read.")
    return redirect("referrals:notifications")


@login_required
@require_POST
def mark_read(request, pk: int):
    """The notification's own person only."""
    notice = get_object_or_404(Notification, pk=pk, user=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return redirect("referrals:notifications")
