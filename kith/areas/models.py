"""An official area: a local authority, ward or 2021 LSOA, named by its GSS code."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

# GSS codes: a letter for the country, two digits for the entity type, six for the area (E08000024).
gss_code_validator = RegexValidator(r"^[EWSNK][0-9]{8}$", "Enter a 9-character GSS code such as E08000024.")


class Area(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "lad", "Local authority"
        WARD = "ward", "Ward"
        LSOA = "lsoa21", "LSOA (2021)"

    code = models.CharField(max_length=9, unique=True, validators=[gss_code_validator])
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=200)
    # Official LSOAs do not nest inside wards, so every area keeps its authority's code instead of a tree.
    local_authority = models.CharField(max_length=9, blank=True, validators=[gss_code_validator])
    # Only for LSOAs: the ward holding the LSOA's centre, derived by point-in-polygon when both are loaded.
    ward = models.CharField(max_length=9, blank=True)
    boundary = models.JSONField(help_text="GeoJSON geometry (WGS84), simplified for display.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    # True once the centre comes from an official centroid file; until then it is a point inside the boundary.
    official_centre = models.BooleanField(default=False)
    area_km2 = models.FloatField()
    source = models.CharField(max_length=200)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "local_authority"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        if self.ward and self.kind != self.Kind.LSOA:
            raise ValidationError({"ward": "Only an LSOA records the ward it lies in."})
