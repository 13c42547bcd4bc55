"""The portal's URLs plus the bare view of the benchmark."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal


def polos(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("_bench/ok/", polos), *portal]
