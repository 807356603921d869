from django.urls import reverse

from kith.areas.models import Area
from kith.areas.tests.test_load_areas import SQUARE, feature, geojson, load
from kith.testing.factories import UserFactory


def test_areas_are_read_only_for_administrators_and_hidden_from_other_staff(client, db, tmp_path):
    load("--boundaries", str(geojson(tmp_path, [feature("E01000001", "Square 001A", SQUARE)])))
    area = Area.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:areas_area_changelist"))
    assert listing.status_code == 200 and "Square 001A" in listing.content.decode()
    assert client.get(reverse("admin:areas_area_add")).status_code == 403
    change = client.get(reverse("admin:areas_area_change", args=[area.pk]))
    assert change.status_code == 200 and 'name="name"' not in change.content.decode()
    assert client.post(reverse("admin:areas_area_delete", args=[area.pk])).status_code == 403

    client.force_login(UserFactory(is_staff=True))
    refused = client.get(reverse("admin:areas_area_changelist"))
    assert refused.status_code in (302, 403) and "Square 001A" not in refused.content.decode()
