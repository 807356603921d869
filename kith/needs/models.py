"""Indicators of need: official statistics (deprivation, census) and uploaded figures, one value per area."""

from django.db import models

from kith.areas.models import Area


class Indicator(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    # The Open Government Licence asks for this sentence wherever the figures are shown.
    attribution = models.CharField(max_length=300, blank=True)
    unit = models.CharField(max_length=50, blank=True)
    # Maps shade the needier end darker whichever way an indicator runs (IoD scores up, life expectancy down).
    higher_is_more_need = models.BooleanField(default=True)
    area_kind = models.CharField(max_length=8, choices=Area.Kind.choices, default=Area.Kind.LSOA)
    period = models.CharField(max_length=20, blank=True, help_text="The year or period the figures describe, such as 2025.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicator_values")
    value = models.FloatField()
    # Official ranks run from 1 (most deprived) and deciles from 1 (most deprived tenth) to 10.
    rank = models.PositiveIntegerField(null=True, blank=True)
    decile = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "area"], name="one_value_per_indicator_and_area")]

    def __str__(self) -> str:
        return f"{self.indicator.slug} {self.area.code}: {self.value}"
