from django.conf import settings


def kith(request):
    return {
        "place_name": settings.KITH_PLACE_NAME,
        "demo_mode": settings.KITH_DEMO,
    }
