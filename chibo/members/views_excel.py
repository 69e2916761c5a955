# Placeholder until the Excel import/export lands (same issue); routes must resolve meanwhile.
from django.http import HttpResponse


def import_members(request):
    return HttpResponse(status=501)


def import_template(request):
    return HttpResponse(status=501)


def export_members(request):
    return HttpResponse(status=501)
