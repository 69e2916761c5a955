from django.urls import reverse

from chibo.core.testing.access import Case, assert_access
from chibo.notifications.models import Notification


def test_every_notifications_url_is_scoped(city):
    assert_access(
        "notifications",
        {
            "list": Case(reverse("notifications:list"), allowed=[city.member_user]),
            "count": Case(reverse("notifications:count"), allowed=[city.member_user]),
            "read": Case(
                reverse("notifications:read"),
                method="post",
                ok_status=(302,),
                allowed=[city.member_user],
            ),
        },
    )


def test_notifications_page_count_and_read(client, city):
    Notification.objects.create(user=city.member_user, text="Sinh hoạt chi bộ tháng 12", url="/")
    Notification.objects.create(user=city.city_staff, text="Không phải của bạn")
    client.force_login(city.member_user)
    assert ">1<" in client.get(reverse("notifications:count")).content.decode()
    body = client.get(reverse("notifications:list")).content.decode()
    assert "Sinh hoạt chi bộ tháng 12" in body and "Không phải của bạn" not in body
    client.post(reverse("notifications:read"))
    assert client.get(reverse("notifications:count")).content == b""
