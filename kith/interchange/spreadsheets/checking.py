"""Checking every row of a spreadsheet before anything is written, with the directory's own forms.

Rows are grouped into organisations (by name), their locations (by name within the organisation)
and their services (by name within the organisation). Each group is checked once, with the form
people use on the site for that record, so a spreadsheet obeys exactly the rules of the pages.

Organisations already in the directory (the same charity number, company number or name) are
reused and never changed: new services and locations are added to them. A service already listed
for an existing organisation is left as it is; its row changes nothing and says so.

A row is valid when neither it nor any record it belongs to has a problem. `Check.plan` is what
importing would write, for the valid rows only.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower

from kith.core.forms import GovukModelForm
from kith.directory.forms import DELIVERY, GroupedCheckboxesField, LocationForm, ServiceForm, taxonomy_groups
from kith.directory.models import Location, LocationType, Schedule, Service, TaxonomyTerm, Weekday
from kith.organisations.forms import OrganisationForm
from kith.organisations.models import Organisation, OrganisationType
from kith.organisations.roles import roles_for
from kith.postcodes import lookup as postcode_lookup
from kith.postcodes.models import Postcode

from .layout import BY_KEY, DELIVERY_WORDS, LOCATION, ORGANISATION, SERVICE, columns_of, restore
from .reading import SheetRow

_DAYS = {label.casefold(): value for value, label in Weekday.choices}
_DAYS.update({label[:3].casefold(): value for value, label in Weekday.choices})
_DAYS.update({value.casefold(): value for value in Weekday.values})
_TIMES = re.compile(r"^(\S+)\s+(\d{1,2})[:.](\d{2})\s*(?:-|–|to)\s*(\d{1,2})[:.](\d{2})$", re.IGNORECASE)
_DELIVERY_BY_WORD = {word.casefold(): key for key, word in DELIVERY_WORDS.items()}
_DELIVERY_BY_WORD.update({"phone": "by_phone", "telephone": "by_phone", "in-person": "in_person", "face to face": "in_person"})
VALUE_KEPT = 200
_YES_NO = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}


class RowServiceForm(ServiceForm):
    """The service form's rules for one spreadsheet row. The needs to choose from are read once for
    the whole file, not once a row, and there is no locations field: each row names its location."""

    def __init__(self, data: dict, *, groups: list):
        GovukModelForm.__init__(self, data)
        self.fields["taxonomy_terms"] = GroupedCheckboxesField(
            groups=groups, required=False, error_messages={"invalid_choice": "Select needs from the list"})


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


@dataclass
class Problem:
    row: int
    column: str      # the column's header; "" for the row as a whole
    value: str
    message: str


@dataclass
class Group:
    """Rows that describe one record, and what checking them found."""

    key: str
    rows: list[SheetRow] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)   # field -> the row its value came from
    existing: object = None                                 # the record already in the directory
    form: object = None
    failed: bool = False
    first_problem_row: int | None = None


@dataclass
class OrganisationGroup(Group):
    matched_by: str = ""
    locations: dict[str, Group] = field(default_factory=dict)
    services: dict[str, "ServiceGroup"] = field(default_factory=dict)


@dataclass
class ServiceGroup(Group):
    location_keys: dict[int, str | None] = field(default_factory=dict)   # row -> its location's key
    schedules: list[tuple[str, datetime.time, datetime.time]] = field(default_factory=list)


class Check:
    def __init__(self, rows: list[SheetRow], *, by):
        self.rows = rows
        self.by = by
        self.problems: list[Problem] = []
        self.notes: dict[int, list[str]] = {}
        self.organisations: dict[str, OrganisationGroup] = {}
        self.unchanged_rows: set[int] = set()
        self._terms = _term_index()
        self._term_groups = taxonomy_groups()
        self._run()

    # Recording

    def problem(self, row: SheetRow, key: str | None, message: str, group: Group | None = None) -> None:
        column = BY_KEY[key].header if key else ""
        value = row.cells.get(key, "") if key else ""
        # The report keeps the start of a value: enough to find it, not a copy of a 100,000-character cell.
        self.problems.append(Problem(row.number, column, value[:VALUE_KEPT], message))
        if group is not None and not group.failed:
            group.failed, group.first_problem_row = True, row.number

    def note(self, row: SheetRow, message: str) -> None:
        self.notes.setdefault(row.number, []).append(message)

    @property
    def invalid_rows(self) -> set[int]:
        return {p.row for p in self.problems}

    @property
    def valid_rows(self) -> list[SheetRow]:
        invalid = self.invalid_rows
        return [row for row in self.rows if row.number not in invalid]

    # The steps

    def _run(self) -> None:
        for row in self.rows:
            for key in row.formulas:
                self.problem(row, key, "This cell holds a formula. Type the value itself instead")
            for key, value in row.cells.items():
                row.cells[key] = restore(value)
        rows = [row for row in self.rows if not row.formulas]
        for row in rows:
            if not row.cells["organisation.name"]:
                self.problem(row, "organisation.name", "Enter the organisation’s name: every row needs one")
                continue
            key = fold(row.cells["organisation.name"])
            self.organisations.setdefault(key, OrganisationGroup(key)).rows.append(row)
        for group in self.organisations.values():
            self._merge(group, ORGANISATION)
        self._same_numbers()
        self._find_existing_organisations()
        for group in self.organisations.values():
            if group.existing is None:
                self._check_new_organisation(group)
            self._sort_rows(group)
        self._check_locations()
        for group in self.organisations.values():
            for service in group.services.values():
                self._check_service(group, service)
        self._spread_problems()

    def _merge(self, group: Group, record: str) -> None:
        """One value per column from the group's rows; a row that disagrees with an earlier one is wrong."""
        for row in group.rows:
            for column in columns_of(record):
                value = row.cells[column.key]
                if not value:
                    continue
                if column.field not in group.values:
                    group.values[column.field], group.sources[column.field] = value, row.number
                elif fold(value) != fold(group.values[column.field]):
                    self.problem(row, column.key, f"Row {group.sources[column.field]} gives “{group.values[column.field][:80]}” "
                                 f"for {column.header}, but this row gives a different value. Rows of one {record} "
                                 f"must agree: make them the same, or leave this one empty")

    def _same_numbers(self) -> None:
        for number_field, noun in (("charity_number", "charity number"), ("company_number", "company number")):
            seen: dict[str, OrganisationGroup] = {}
            for group in self.organisations.values():
                number = group.values.get(number_field, "").upper()
                if not number:
                    continue
                if number in seen:
                    row = next(r for r in group.rows if r.number == group.sources[number_field])
                    self.problem(row, f"organisation.{number_field}",
                                 f"Row {seen[number].sources[number_field]} gives the same {noun} to an organisation "
                                 f"with another name. Use one name for one organisation", group)
                else:
                    seen[number] = group

    def _find_existing_organisations(self) -> None:
        groups = list(self.organisations.values())
        charities = {g.values.get("charity_number", "").upper() for g in groups} - {""}
        companies = {g.values.get("company_number", "").upper() for g in groups} - {""}
        names = [g.values["name"] for g in groups]
        candidates = list(Organisation.objects.annotate(lname=Lower("name")).filter(
            Q(charity_number__in=charities) | Q(company_number__in=companies) | Q(name__in=names)
            | Q(lname__in=[name.lower() for name in names])))
        by_charity = {o.charity_number.upper(): o for o in candidates if o.charity_number}
        by_company = {o.company_number.upper(): o for o in candidates if o.company_number}
        by_name: dict[str, list] = {}
        for o in candidates:
            by_name.setdefault(fold(o.name), []).append(o)
        for group in groups:
            charity, company = group.values.get("charity_number", "").upper(), group.values.get("company_number", "").upper()
            if charity and charity in by_charity:
                group.existing, group.matched_by = by_charity[charity], f"charity number {charity}"
            elif company and company in by_company:
                group.existing, group.matched_by = by_company[company], f"company number {company}"
            elif len(by_name.get(group.key, [])) == 1:
                group.existing, group.matched_by = by_name[group.key][0], "name"
            elif len(by_name.get(group.key, [])) > 1:
                self.problem(group.rows[0], "organisation.name",
                             f"The directory has {len(by_name[group.key])} organisations with this name. Add the "
                             "charity or company number to say which one", group)
            if group.existing is not None:
                self.note(group.rows[0], f"“{group.existing.name}” is already in the directory (same {group.matched_by}): "
                                         "new services and locations are added to it, and its details are not changed")
        self._load_existing_children()

    def _load_existing_children(self) -> None:
        existing = {g.existing.pk: g for g in self.organisations.values() if g.existing is not None}
        self.existing_services: dict[tuple, list] = {}
        self.existing_locations: dict[tuple, list] = {}
        for service in Service.objects.filter(organisation_id__in=existing).only("pk", "name", "organisation_id"):
            self.existing_services.setdefault((service.organisation_id, fold(service.name)), []).append(service)
        for location in Location.objects.filter(organisation_id__in=existing).only("pk", "name", "organisation_id"):
            self.existing_locations.setdefault((location.organisation_id, fold(location.name)), []).append(location)

    def _check_new_organisation(self, group: OrganisationGroup) -> None:
        data = dict(group.values)
        data["organisation_type"] = _organisation_type(data.get("organisation_type", ""))
        form = OrganisationForm(data, can_set_any_type=roles_for(self.by).is_administrator)
        group.form = form
        if not form.is_valid():
            self._form_problems(group, form, ORGANISATION)

    def _form_problems(self, group: Group, form, record: str, names: dict | None = None) -> None:
        for name, messages in form.errors.items():
            key = f"{record}.{(names or {}).get(name, name)}"
            key = key if key in BY_KEY else None
            row_number = group.sources.get(key.split(".")[1]) if key else None
            row = next((r for r in group.rows if r.number == row_number), group.rows[0])
            for message in messages:
                self.problem(row, key, message, group)

    def _sort_rows(self, group: OrganisationGroup) -> None:
        """Each row to its location and service, or noted as changing nothing."""
        org = group.existing
        for row in group.rows:
            location_cells = [row.cells[c.key] for c in columns_of(LOCATION)]
            service_cells = [row.cells[c.key] for c in columns_of(SERVICE)]
            if any(location_cells) and not row.cells["location.name"]:
                self.problem(row, "location.name", "Enter the location’s name, or leave the address columns empty")
                continue
            if any(service_cells) and not row.cells["service.name"]:
                self.problem(row, "service.name", "Enter the service’s name, or leave the service columns empty")
                continue
            service_key = fold(row.cells["service.name"]) or None
            location_key = fold(row.cells["location.name"]) or None
            if org is not None and service_key and (org.pk, service_key) in self.existing_services:
                self.note(row, f"“{row.cells['service.name']}” is already listed for {org.name}: this row changes "
                               "nothing. Change the service on its page in Kith")
                self.unchanged_rows.add(row.number)
                continue
            if location_key:
                group.locations.setdefault(location_key, Group(location_key)).rows.append(row)
            if service_key:
                service = group.services.setdefault(service_key, ServiceGroup(service_key))
                service.rows.append(row)
                twin = next((n for n, k in service.location_keys.items() if k == location_key), None)
                if twin is not None:
                    self.problem(row, "service.name", f"Row {twin} has the same service at the same location. "
                                 "Remove one of the rows")
                service.location_keys[row.number] = location_key
            elif org is not None and not (location_key and (org.pk, location_key) not in self.existing_locations):
                self.note(row, f"{org.name} is already in the directory and this row adds nothing to it")
                self.unchanged_rows.add(row.number)

    def _check_locations(self) -> None:
        planned = []
        for group in self.organisations.values():
            for location in group.locations.values():
                self._merge(location, LOCATION)
                found = self.existing_locations.get((group.existing.pk, location.key)) if group.existing else None
                if found:
                    location.existing = found[0]
                    self.note(location.rows[0], f"The location “{found[0].name}” is already in the directory: "
                                                "services are linked to it and it is not changed")
                    continue
                form = LocationForm({**location.values, "location_type": LocationType.PHYSICAL})
                location.form = form
                if form.is_valid():
                    planned.append(location)
                else:
                    self._form_problems(location, form, LOCATION)
        # Whether each postcode is real, in one query, when the postcode directory is loaded.
        if planned and Postcode.objects.exists():
            wanted = {loc.form.cleaned_data["postal_code"] for loc in planned}
            known = set(Postcode.objects.filter(pk__in=wanted).values_list("pk", flat=True))
            for location in planned:
                postcode = location.form.cleaned_data["postal_code"]
                if postcode not in known:
                    row = next(r for r in location.rows if r.number == location.sources["postal_code"])
                    self.problem(row, "location.postal_code", f"{postcode} is not in the ONS Postcode Directory. "
                                 f"{postcode_lookup.MALFORMED}", location)

    def _check_service(self, organisation: OrganisationGroup, group: ServiceGroup) -> None:
        self._merge(group, SERVICE)
        values = group.values
        data = {name: values.get(name, "") for name in ("name", "description", "url", "email", "phone", "minimum_age",
                                                          "maximum_age", "fees_description", "eligibility_description",
                                                          "application_process")}
        data["status"] = "active"
        cost = values.get("cost_amount", "").lstrip("£").strip()
        free = cost in ("", "0", "0.0", "0.00")
        data.update(is_free="yes" if free else "no", cost_amount="" if free else cost)
        parsed = {"taxonomy_terms": self._needs(group), "delivery": self._delivery(group)}
        data.update({name: value for name, value in parsed.items() if value is not None})
        accepting = self._accepting(group)
        group.schedules = self._opening_times(group)
        form = RowServiceForm(data, groups=self._term_groups)
        group.form = form
        if not form.is_valid():
            self._form_problems(group, form, SERVICE, names={"is_free": "cost_amount", "status": ""})
        elif accepting is not None:
            form.instance.accepting_referrals = accepting

    def _value_problem(self, group: Group, field_name: str, message: str) -> None:
        row = next(r for r in group.rows if r.number == group.sources[field_name])
        self.problem(row, f"{group_record(group)}.{field_name}", message, group)

    def _needs(self, group: ServiceGroup) -> list[str]:
        ids, unknown = [], []
        for part in split_list(group.values.get("taxonomy_terms", "")):
            term = self._terms.get(fold(part))
            if term is None:
                unknown.append(part[:60])
            else:
                ids.append(term)
        if unknown:
            self._value_problem(group, "taxonomy_terms", "Not one of the needs: " + ", ".join(f"“{u}”" for u in unknown[:5])
                                + ". Use the names or codes from the Needs sheet of the template, separated by semicolons")
        return list(dict.fromkeys(ids))

    def _delivery(self, group: ServiceGroup) -> list[str] | None:
        text = group.values.get("delivery", "")
        if not text:
            return None
        ways = [_DELIVERY_BY_WORD.get(fold(part)) for part in re.split(r"[;,/]|\band\b", text) if part.strip()]
        if None in ways or not ways:
            self._value_problem(group, "delivery", "Choose how it is delivered from the list: In person, Online or "
                                "By phone, or several separated by semicolons")
            return None
        return [name for name, _ in DELIVERY if name in ways]

    def _accepting(self, group: ServiceGroup) -> bool | None:
        text = group.values.get("accepting_referrals", "")
        if not text:
            return None
        if fold(text) not in _YES_NO:
            self._value_problem(group, "accepting_referrals", "Enter Yes or No (or leave it empty for Yes)")
            return None
        return _YES_NO[fold(text)]

    def _opening_times(self, group: ServiceGroup) -> list:
        slots = []
        for part in split_list(group.values.get("opening_times", "")):
            match = _TIMES.match(part)
            day = _DAYS.get(match[1].casefold()) if match else None
            try:
                if day is None:
                    raise ValueError
                opens, closes = datetime.time(int(match[2]), int(match[3])), datetime.time(int(match[4]), int(match[5]))
                Schedule(byday=day, opens_at=opens, closes_at=closes).clean()
            except ValueError:
                self._value_problem(group, "opening_times", f"“{part[:40]}” is not a day and times. Write them like "
                                    "“Monday 09:30-11:30”, separated by semicolons")
                continue
            except ValidationError as error:
                self._value_problem(group, "opening_times", f"“{part[:40]}”: " + " ".join(error.messages))
                continue
            slots.append((day, opens, closes))
        return slots

    def _spread_problems(self) -> None:
        """A row is only as good as the records it belongs to."""
        for organisation in self.organisations.values():
            owners = [(organisation, "organisation", organisation.values.get("name", ""))]
            for group, noun in ([(g, "location") for g in organisation.locations.values()]
                                + [(g, "service") for g in organisation.services.values()]):
                owners.append((group, noun, group.values.get("name", "")))
            for group, noun, name in owners:
                if not group.failed:
                    continue
                for row in group.rows:
                    if row.number != group.first_problem_row and row.number not in self.unchanged_rows:
                        self.problems.append(Problem(row.number, "", "", f"The {noun} “{name[:80]}” has a problem "
                                                     f"shown in row {group.first_problem_row}"))
        self.problems.sort(key=lambda p: (p.row, list(BY_KEY).index(_key_of(p.column)) if p.column else -1))

    # What importing writes

    def plan(self) -> list[OrganisationGroup]:
        """The organisations with something to write, if every row is valid; use a check of valid rows only."""
        if self.problems:
            raise ValueError("Only a check without problems can be imported")
        return [g for g in self.organisations.values() if g.existing is None or g.locations or g.services]

    def summary(self) -> dict:
        invalid = self.invalid_rows
        groups = list(self.organisations.values())

        def new(records) -> int:
            return sum(1 for g in records if g.existing is None and any(r.number not in invalid for r in g.rows))

        return {
            "rows": len(self.rows), "rows_with_problems": len(invalid), "valid_rows": len(self.rows) - len(invalid),
            "unchanged_rows": len(self.unchanged_rows), "organisations_new": new(groups),
            "organisations_existing": sum(1 for g in groups if g.existing is not None),
            "locations_new": new(loc for g in groups for loc in g.locations.values()),
            "services_new": new(s for g in groups for s in g.services.values()),
        }

    def report(self) -> dict:
        return {
            "summary": self.summary(),
            "problems": [vars(p) for p in self.problems],
            "notes": [{"row": row, "message": message} for row, messages in sorted(self.notes.items()) for message in messages],
        }


def group_record(group: Group) -> str:
    if isinstance(group, ServiceGroup):
        return SERVICE
    return ORGANISATION if isinstance(group, OrganisationGroup) else LOCATION


def _key_of(header: str) -> str:
    return next(key for key, column in BY_KEY.items() if column.header == header)


def _organisation_type(text: str) -> str:
    folded = fold(text)
    for value, label in OrganisationType.choices:
        if folded in (value, fold(label)):
            return value
    return text


def _term_index() -> dict[str, str]:
    """Folded name or code -> term id, for every taxonomy term."""
    index = {}
    for pk, code, name in TaxonomyTerm.objects.values_list("pk", "code", "name"):
        index.setdefault(fold(name), str(pk))
        index.setdefault(fold(code), str(pk))
    return index


def check_rows(rows: list[SheetRow], *, by) -> Check:
    return Check(rows, by=by)
