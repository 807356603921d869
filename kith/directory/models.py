"""HSDS 3.0 / Open Referral UK 3.0 entities. Field names follow the standard where it has one."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from kith.organisations.models import Organisation, Verifiable, VerifiableQuerySet, gss_code_validator

postcode_validator = RegexValidator(
    r"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$", "Enter a real postcode, like SR1 3SD"
)


def _uuid_pk():
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class Taxonomy(models.Model):
    id = _uuid_pk()
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A need or service type. Two levels: a theme (no parent) and the terms under it."""

    id = _uuid_pk()
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    description = models.TextField()
    term_uri = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code_per_taxonomy")]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Closed"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class ReferralRoute(models.TextChoices):
    SELF = "self", "Self-referral"
    PROFESSIONAL = "professional", "Professional referral"
    BOTH = "both", "Self-referral or professional referral"
    SIGNPOSTING = "signposting", "Signposting only (contact the service directly)"


class ServiceQuerySet(VerifiableQuerySet):
    def active(self):
        # An IN (subquery) rather than a join: counting and paging 100,000 services then reads
        # only the published-services index, not an organisation row per service.
        return self.filter(status=ServiceStatus.ACTIVE, organisation__in=Organisation.objects.filter(is_active=True))

    def published(self):
        """What the public API and national feeds may carry: active and verified."""
        return self.active().filter(verification_status="verified")

    def listed(self):
        """What the public directory pages show: not closed, of an active organisation.

        Temporarily closed services stay listed, marked as such, so people know to come back.
        """
        return self.exclude(status__in=Service.HIDDEN_STATUSES).filter(organisation__is_active=True)


class Service(Verifiable):
    HIDDEN_STATUSES = [ServiceStatus.INACTIVE, ServiceStatus.DEFUNCT]

    id = _uuid_pk()
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    alternate_name = models.CharField("other name", max_length=200, blank=True)
    description = models.TextField(max_length=5000, help_text="What the service offers and who it is for.")
    url = models.URLField("website", max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    fees_description = models.CharField("cost details", max_length=500, blank=True)
    eligibility_description = models.CharField("who it is for", max_length=1000, blank=True)
    application_process = models.TextField("how to get referred or join", max_length=2000, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(120)])
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(120)])
    alert = models.CharField(max_length=500, blank=True)
    # How the service is delivered (search filters; HSDS carries this as attending_type).
    in_person = models.BooleanField(default=True)
    online = models.BooleanField(default=False)
    by_phone = models.BooleanField("by phone", default=False)
    # Capacity, kept by the service itself.
    accepting_referrals = models.BooleanField(default=True)
    typical_wait_weeks = models.PositiveSmallIntegerField(
        "typical wait in weeks", null=True, blank=True, validators=[MaxValueValidator(104)]
    )
    referral_route = models.CharField(max_length=16, choices=ReferralRoute.choices, default=ReferralRoute.BOTH)
    capacity_confirmed_at = models.DateTimeField(null=True, blank=True)
    taxonomy_terms = models.ManyToManyField(
        TaxonomyTerm, through="Attribute", through_fields=("service", "taxonomy_term"), related_name="services", blank=True
    )
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["organisation", "name"]),
            # Published services in id order (the ORUK API's pages), without a sort or a table read.
            models.Index(fields=["verification_status", "status", "id", "organisation"], name="service_published_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.minimum_age is not None and self.maximum_age is not None and self.maximum_age < self.minimum_age:
            raise ValidationError({"maximum_age": "The oldest age must be the same as or more than the youngest age"})

    @property
    def is_free(self) -> bool:
        options = list(self.cost_options.all())
        return not options or all((o.amount or 0) == 0 for o in options)

    @property
    def is_listed(self) -> bool:
        return self.status not in self.HIDDEN_STATUSES and self.organisation.is_active

    @property
    def can_be_referred_to(self) -> bool:
        return self.referral_route != ReferralRoute.SIGNPOSTING


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "A place people visit"
    POSTAL = "postal", "Postal address only"
    VIRTUAL = "virtual", "Online"


class Location(models.Model):
    id = _uuid_pk()
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="locations")
    location_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode_validator], db_index=True)
    latitude = models.FloatField(null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)])
    is_family_hub = models.BooleanField("Family Hub", default=False)
    accessibility = models.CharField("accessibility", max_length=1000, blank=True,
                                     help_text="Step-free access, hearing loop, accessible toilet and so on.")
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    id = _uuid_pk()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField("address line 1", max_length=200)
    address_2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField("county", max_length=100, blank=True)
    postal_code = models.CharField("postcode", max_length=8, validators=[postcode_validator])
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(p for p in [self.address_1, self.address_2, self.city, self.postal_code] if p)


class ServiceAtLocation(models.Model):
    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="one_link_per_service_location")]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Contact(models.Model):
    id = _uuid_pk()
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField("job title", max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name or self.email or "Contact"


class Phone(models.Model):
    id = _uuid_pk()
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30, validators=[RegexValidator(r"^\+?[0-9 ()\-]{6,25}$", "Enter a phone number, like 0191 123 4567")])
    extension = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.number


class Weekday(models.TextChoices):
    MO = "MO", "Monday"
    TU = "TU", "Tuesday"
    WE = "WE", "Wednesday"
    TH = "TH", "Thursday"
    FR = "FR", "Friday"
    SA = "SA", "Saturday"
    SU = "SU", "Sunday"


class Schedule(models.Model):
    """Opening times, one weekly or monthly recurrence per row (iCalendar RRULE fields, as HSDS)."""

    id = _uuid_pk()
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=8, choices=[("WEEKLY", "Weekly"), ("MONTHLY", "Monthly")], default="WEEKLY")
    interval = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(52)])
    byday = models.CharField("day", max_length=2, choices=Weekday.choices)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.CharField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=20, blank=True)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["byday", "opens_at"]

    def __str__(self) -> str:
        return f"{self.get_byday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}" if self.opens_at and self.closes_at else self.get_byday_display()

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "The closing time must be after the opening time"
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "The end date must be the same as or after the start date"
        if errors:
            raise ValidationError(errors)


class ServiceArea(models.Model):
    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    extent = models.CharField("area code", max_length=9, validators=[gss_code_validator])
    extent_type = models.CharField(max_length=20, default="gss")
    uri = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name


class CostOption(models.Model):
    id = _uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="GBP")
    amount_description = models.CharField(max_length=300, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.option or (f"£{self.amount}" if self.amount else "Free")


class Language(models.Model):
    id = _uuid_pk()
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639 code, like en or pl.")
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name


class Funding(models.Model):
    id = _uuid_pk()
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="funding")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(max_length=500)

    def __str__(self) -> str:
        return self.source


class Attribute(models.Model):
    """Links a taxonomy term to a service, organisation or location (HSDS `attribute`)."""

    id = _uuid_pk()
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    link_entity = models.CharField(max_length=20, default="service")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="attributes")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="attributes")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="attributes")
    value = models.CharField(max_length=200, blank=True)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "taxonomy_term"], condition=models.Q(service__isnull=False),
                                    name="one_attribute_per_service_term"),
        ]

    def __str__(self) -> str:
        return f"{self.taxonomy_term} ({self.link_entity})"


class UnmetSearchQuerySet(models.QuerySet):
    def record(self, *, words: str, term_codes: list[str], district: str, within_miles: int | None,
               filters: dict) -> "UnmetSearch | None":
        """Keep a search that found nothing, unless it repeats the last one kept today (a reload)."""
        fields = {"words": words, "term_codes": sorted(term_codes), "district": district,
                  "within_miles": within_miles, "filters": filters}
        today = timezone.localdate()
        last = self.order_by("-pk").first()
        if last is not None and last.created_on == today and all(getattr(last, k) == v for k, v in fields.items()):
            return None
        return self.create(created_on=today, **fields)


class UnmetSearch(models.Model):
    """A directory search that found nothing, for mapping unmet need.

    What was looked for and roughly where, never who: the postcode district only (not the full
    postcode), the day only (not the time), and no account, address or IP.
    """

    words = models.CharField(max_length=100, blank=True)
    term_codes = models.JSONField("needs", default=list, blank=True)
    district = models.CharField("postcode district", max_length=4, blank=True)
    within_miles = models.PositiveSmallIntegerField(null=True, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    created_on = models.DateField(default=timezone.localdate, db_index=True)

    objects = UnmetSearchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-pk"]

    def __str__(self) -> str:
        return f"“{self.words}”" if self.words else ", ".join(self.term_codes) or "Search with filters only"


class SearchDocument(models.Model):
    """What search reads for one listed service, kept current by kith.directory.search.index.

    The words are folded and stemmed already, a column for each part searched (name, needs,
    organisation, description), and the filters' facets are words too. The database's own full-text
    index is fed from them by triggers and lives outside the ORM (migrations 0003 and 0004): an FTS5
    table on SQLite; on PostgreSQL tsvector columns with GIN indexes, one for each relevance tier's
    parts and one for the facets. Services that are not listed have no document.

    SQLite drops a table's triggers when a migration rebuilds it: a migration that changes this
    model must create them again, as 0004 and 0005 do.
    """

    id = models.BigAutoField(primary_key=True)  # the FTS5 rowid on SQLite
    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="search_document")
    # When the service was last confirmed, in microseconds since 1970 (0 if never): within a
    # relevance tier the most recently confirmed come first.
    freshness = models.BigIntegerField(default=0)
    name_words = models.TextField(blank=True)
    term_words = models.TextField(blank=True)
    organisation_words = models.TextField(blank=True)
    description_words = models.TextField(blank=True)
    # What the filters test, as words: see search.facets.
    facets = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True)
    maximum_age = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["-freshness", "service"], name="directory_search_fresh_idx")]


class SearchPlace(models.Model):
    """Where a listed service is found, for search: one per document and located location.

    A distance search reads only this table: the point, and a copy of what the filters and words
    test (on PostgreSQL the document's tsvectors, copied in by a trigger, so that the planner can
    combine the place's bounding box with a rare word or facet through the indexes; on SQLite the
    document's FTS5 row, by `document`). Written and deleted with its document.
    """

    id = models.BigAutoField(primary_key=True)
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="places")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    family_hub = models.BooleanField()
    # Services as near as each other are ordered by this, compared byte by byte on every database
    # (PostgreSQL: COLLATE "C").
    sort_name = models.CharField(max_length=200)
    minimum_age = models.PositiveSmallIntegerField(null=True)
    maximum_age = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="directory_place_point_idx")]
