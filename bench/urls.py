"""The app's URLs plus `bench/floor/`: the cheapest logged-in Django response, to compare
every page against (session and user load, middleware, nothing else)."""

from django.http import HttpResponse
from django.urls import path

from chibo.urls import urlpatterns as chibo_urlpatterns


def floor(request):
    return HttpResponse("ok" if request.user.is_authenticated else "anonymous")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *chibo_urlpatterns]
