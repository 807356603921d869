"""The one spreadsheet layout Kith reads and writes: a row per service at a location, with its
organisation's and its location's columns repeated on each of its rows.

The template, the uploads and the exports all use these columns, so an export can be edited and
uploaded again. A row with the service columns empty is an organisation (and perhaps a location)
with no service; rows of one service at several locations repeat the service's columns.
"""

import itertools
from dataclasses import dataclass

from kith.organisations.models import OrganisationType

ORGANISATION, LOCATION, SERVICE = "organisation", "location", "service"
SEPARATOR = "; "
YES, NO = "Yes", "No"
DELIVERY_WORDS = {"in_person": "In person", "online": "Online", "by_phone": "By phone"}
# Every combination, in this order, for the drop-down: a drop-down cannot pick several at once.
DELIVERY_CHOICES = [SEPARATOR.join(DELIVERY_WORDS[k] for k in combo)
                    for n in (1, 2, 3) for combo in itertools.combinations(DELIVERY_WORDS, n)]
# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str             # the field it fills, prefixed by its record: "organisation.name"
    header: str          # as row 1 of the spreadsheet says it
    guidance: str
    example: str
    choices: tuple = ()  # offered as a drop-down in the workbook

    @property
    def record(self) -> str:
        return self.key.split(".")[0]

    @property
    def field(self) -> str:
        return self.key.split(".")[1]


def organisation_type_labels() -> list[str]:
    return [label for _, label in OrganisationType.choices]


COLUMNS: list[Column] = [
    Column("organisation.name", "Organisation name",
           "Required on every row. Rows with the same organisation name are one organisation: repeat its "
           "details on each row, or leave them empty after the first row.", "Hendon Young Families"),
    Column("organisation.organisation_type", "Organisation type",
           "Required. Choose from the list.", OrganisationType.CHARITY.label,
           tuple(organisation_type_labels())),
    Column("organisation.charity_number", "Charity number",
           "If it is a registered charity: 6 to 8 digits, like 1090095, or a Scottish one like SC012345.", "1090095"),
    Column("organisation.company_number", "Company number",
           "If it is a registered company: 8 characters, like 01234567 or SC123456.", ""),
    Column("organisation.website", "Organisation website", "Optional, like https://www.example.org.",
           "https://hendonyoungfamilies.example.org"),
    Column("organisation.email", "Organisation email", "Optional, like hello@example.org.",
           "hello@hendonyoungfamilies.example.org"),
    Column("organisation.description", "Organisation description",
           "Required. What the organisation does, in plain words (up to 5,000 characters).",
           "A parent-led charity supporting families with young children in Hendon."),
    Column("location.name", "Location name",
           "Where the service runs. Leave the four location columns empty for a service that runs only online "
           "or by phone. Rows of one organisation with the same location name are one location.",
           "Hendon Community Centre"),
    Column("location.address_1", "Address line 1", "Required if there is a location.", "12 High Street West"),
    Column("location.city", "Town or city", "Required if there is a location.", "Sunderland"),
    Column("location.postal_code", "Postcode", "Required if there is a location, like SR1 3SD.", "SR1 3SD"),
    Column("service.name", "Service name",
           "Leave the service columns empty for an organisation with no services. A service at several locations "
           "is one row for each location, with the same service name.", "Stay and play"),
    Column("service.description", "Service description",
           "Required if there is a service. What someone gets from it (up to 5,000 characters).",
           "A relaxed weekly play session for babies and toddlers with their parents or carers."),
    Column("service.url", "Service website", "Optional, like https://www.example.org/stay-and-play.", ""),
    Column("service.email", "Service email", "Optional, like playgroup@example.org.", ""),
    Column("service.phone", "Service phone", "Optional, like 0191 123 4567.", "0191 123 4567"),
    Column("service.minimum_age", "Youngest age", "Optional. A whole number of years from 0 to 120.", "0"),
    Column("service.maximum_age", "Oldest age", "Optional. A whole number of years from 0 to 120, not less than "
           "the youngest age.", "4"),
    Column("service.cost_amount", "Cost in pounds",
           "Leave empty or write 0 if the service is free. Otherwise the typical cost, like 2.50.", ""),
    Column("service.fees_description", "Cost details", "Optional, like “£2 a session, free for families on "
           "Universal Credit”.", ""),
    Column("service.eligibility_description", "Who it is for", "Optional (up to 1,000 characters).",
           "Parents and carers with children under 5"),
    Column("service.application_process", "How to get referred or join", "Optional (up to 2,000 characters).",
           "Just turn up"),
    Column("service.taxonomy_terms", "Needs",
           "Optional. Needs the service meets, by name or code from the Needs sheet, separated by semicolons.",
           "Stay and play; Parenting programmes and groups"),
    Column("service.delivery", "How it is delivered", "Required if there is a service. Choose from the list.",
           "In person", tuple(DELIVERY_CHOICES)),
    Column("service.accepting_referrals", "Accepting referrals", "Yes or No. Empty means Yes.", YES, (YES, NO)),
    Column("service.opening_times", "Opening times",
           "Optional. Days and times, separated by semicolons, like “Monday 09:30-11:30; Thursday 13:00-15:00”.",
           "Monday 09:30-11:30; Thursday 13:00-15:00"),
]
HEADERS = [column.header for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]
BY_KEY = {column.key: column for column in COLUMNS}
# Columns holding numbers that must stay text in the workbook (leading zeros, long digits).
TEXT_KEYS = {"organisation.charity_number", "organisation.company_number", "location.postal_code", "service.phone"}


def columns_of(record: str) -> list[Column]:
    return [column for column in COLUMNS if column.record == record]


def neutralise(value: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula: "=1+1" is written "'=1+1"."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def restore(value: str) -> str:
    """The value an export neutralised, as it was: the apostrophe goes again on upload."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def example_row() -> list[str]:
    return [column.example for column in COLUMNS]
