from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chibo.notifications.models import Notification
from chibo.notifications.services import notifications_mark_read


@login_required
def notification_list(request):
    """Queries: session, user, the page's notifications, their count."""
    paginator = Paginator(Notification.objects.filter(user=request.user), 30)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_count(request):
    """A badge fetched by htmx after the page loads, so no page pays for it."""
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    if not unread:
        return HttpResponse("")
    return HttpResponse(f'<span class="badge rounded-pill text-bg-light">{unread}</span>')


@login_required
@require_POST
def notifications_read(request):
    notifications_mark_read(request.user)
    return redirect("notifications:list")
