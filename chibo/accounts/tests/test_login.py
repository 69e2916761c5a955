from django.urls import reverse


def test_login_redirects_by_role(client, city):
    # Committee staff (city, ward) land on their dashboard.
    for username in ("city", "ward"):
        response = client.post(
            reverse("login"), {"username": username, "password": "mat-khau-test"}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("reports:dashboard")
        assert response.status_code == 200
        client.post(reverse("logout"))
    # A secretary and a system admin keep the organization tree.
    for username in ("secretary", "admin"):
        response = client.post(
            reverse("login"), {"username": username, "password": "mat-khau-test"}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("organizations:tree")
        client.post(reverse("logout"))
    response = client.post(
        reverse("login"), {"username": "member", "password": "mat-khau-test"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("members:detail", args=[city.member.pk])


def test_wrong_password_message_in_vietnamese(client, city):
    response = client.post(reverse("login"), {"username": "city", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_lockout_after_repeated_failures(client, city, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "city", "password": "sai"})
    response = client.post(reverse("login"), {"username": "city", "password": "mat-khau-test"})
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()


def test_admin_only_for_system_admins(client, city):
    city.city_staff.is_staff = True
    city.city_staff.save()
    client.force_login(city.city_staff)
    assert client.get("/admin/").status_code == 302
    client.force_login(city.admin)
    assert client.get("/admin/").status_code == 200
