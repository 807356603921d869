"""Writing indicators and their values as an upsert: saving the same figures again changes nothing."""

from dataclasses import dataclass

from kith.needs.models import Indicator, IndicatorValue

Figures = tuple[float, int | None, int | None]  # value, rank, decile


@dataclass
class Report:
    indicators: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0  # rows for areas Kith has not loaded (or of other authorities)

    def __str__(self) -> str:
        text = f"{self.indicators} indicators: {self.added} values added, {self.changed} changed, {self.unchanged} unchanged"
        text += f", {self.removed} removed" if self.removed else ""
        return text + (f", {self.skipped} rows skipped (areas not loaded)" if self.skipped else "")


def upsert_indicator(definition: dict, figures: dict[int, Figures], report: Report, *, replace: bool = False) -> Indicator:
    """The indicator named by definition["slug"] with these figures by area id; call inside a transaction.

    With replace, values for areas not in figures are deleted (an uploaded indicator is replaced whole);
    without it, an import of one authority leaves other authorities' values alone.
    """
    definition = dict(definition)
    indicator, created = Indicator.objects.get_or_create(slug=definition.pop("slug"), defaults=definition)
    if not created and any(getattr(indicator, key) != value for key, value in definition.items()):
        for key, value in definition.items():
            setattr(indicator, key, value)
        indicator.save()
    report.indicators += 1
    existing = {value.area_id: value for value in IndicatorValue.objects.filter(indicator=indicator)}
    added, changed = [], []
    for area_id, (value, rank, decile) in figures.items():
        known = existing.get(area_id)
        if known is None:
            added.append(IndicatorValue(indicator=indicator, area_id=area_id, value=value, rank=rank, decile=decile))
        elif (known.value, known.rank, known.decile) != (value, rank, decile):
            known.value, known.rank, known.decile = value, rank, decile
            changed.append(known)
        else:
            report.unchanged += 1
    # Changed values are deleted and written afresh: bulk_update's CASE per row took 18 s for every LSOA in
    # England on SQLite, a delete and insert about a second. Nothing refers to a value row by its key.
    IndicatorValue.objects.filter(pk__in=[value.pk for value in changed]).delete()
    for value in changed:
        value.pk = None
    IndicatorValue.objects.bulk_create(added + changed, batch_size=1000)
    report.added += len(added)
    report.changed += len(changed)
    if replace:
        gone = [value.pk for area_id, value in existing.items() if area_id not in figures]
        report.removed += IndicatorValue.objects.filter(pk__in=gone).delete()[0]
    return indicator
