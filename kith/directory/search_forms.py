"""The search page's form. Every criterion arrives in the query string, so a search can be shared,
bookmarked and made without JavaScript; this form checks each one and turns them into the engine's
SearchCriteria."""

import re

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import QueryDict

from kith.core.forms import GovukPlainForm
from kith.postcodes.lookup import MalformedPostcode, PostcodeMatch, UnknownPostcode, find

from .forms import GroupedBoundField, GroupedCheckboxesField
from .models import Language, TaxonomyTerm
from .search import DEFAULT_DISTANCE_MILES, DISTANCES_MILES, MAX_WORDS_LENGTH, SearchCriteria

MAX_PAGE = 10_000
BAD_POSTCODE = "Enter a real postcode, like SR1 3SD"
UNKNOWN_POSTCODE = "We could not find that postcode. Check it, or enter just its first part, like SR1"
UNREADABLE = "The search words include characters that cannot be read. Type your search again"
DAYS = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR", "saturday": "SA",
        "sunday": "SU"}
DELIVERY_CHOICES = [("in_person", "In person"), ("online", "Online"), ("by_phone", "By phone")]
ONLY_CHOICES = [("free", "Free services"), ("accepting", "Accepting referrals now"), ("family-hub", "At a Family Hub")]
LANGUAGES_CACHE_KEY = "directory:search-languages"
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")
# A recorded search keeps words only: people sometimes type a phone number, email address or
# postcode into a search box, and digits (house and phone numbers) go with the rest.
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_PERSONAL = re.compile(r"\S+@\S+|\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b")


def without_blanks(query: QueryDict) -> str | None:
    """The query string without its empty parameters, or None if it has none."""
    if all(value for _, values in query.lists() for value in values):
        return None
    tidy = QueryDict(mutable=True)
    for key, values in query.lists():
        if key and (kept := [value for value in values if value]):
            tidy.setlist(key, kept)
    return tidy.urlencode()


class PageField(forms.Field):
    """The page number: one that cannot be read means the first page; past the end, the view shows the last."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> int:
        try:
            return min(max(int(str(value).strip()), 1), MAX_PAGE)
        except (TypeError, ValueError):
            return 1


def need_groups() -> tuple[list, dict]:
    """Checkbox groups (one per theme: the whole theme, then its terms) and each code's term id."""
    terms = list(TaxonomyTerm.objects.order_by("name").values_list("pk", "code", "name", "parent_id"))
    children: dict = {}
    for pk, code, name, parent in terms:
        if parent:
            children.setdefault(parent, []).append((code, name))
    groups = [(name, [(code, f"All of {name[:1].lower()}{name[1:]}"), *children.get(pk, [])])
              for pk, code, name, parent in terms if parent is None]
    return groups, {code: pk for pk, code, name, parent in reversed(terms)}


def language_choices() -> list[tuple[str, str]]:
    """Languages some service offers; cached briefly, as the distinct scan grows with the directory."""
    def load():
        rows = Language.objects.filter(service__isnull=False).exclude(code="").values_list("code", "name").distinct()
        return sorted(dict(rows).items(), key=lambda item: item[1])
    return cache.get_or_set(LANGUAGES_CACHE_KEY, load, 300)


class LanguageField(forms.ChoiceField):
    """An ISO 639 code. Any well-formed one is accepted, so that a shared search still works when the
    (briefly cached) list of languages on offer has not caught up."""

    def valid_value(self, value) -> bool:
        return bool(_LANGUAGE_CODE.fullmatch(str(value)))


class NeedsBoundField(GroupedBoundField):
    @property
    def groups(self) -> list[tuple[str, list, bool]]:
        """Each theme's options, and whether to show them open: when one is chosen."""
        return [(label, options, any(option.data["selected"] for option in options)) for label, options in super().groups]


class NeedsField(GroupedCheckboxesField):
    def get_bound_field(self, form, field_name):
        return NeedsBoundField(form, self, field_name)


class SearchForm(GovukPlainForm):
    # Every criterion is optional, so none is marked "(optional)".
    mark_optional = False
    q = forms.CharField(
        label="What do you need help with?", required=False, max_length=MAX_WORDS_LENGTH,
        help_text="For example, debt advice, stay and play or young carers.",
        error_messages={"max_length": f"Search words must be {MAX_WORDS_LENGTH} characters or fewer",
                        "null_characters_not_allowed": UNREADABLE},
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "true"}))
    postcode = forms.CharField(
        label="Postcode", required=False, max_length=16, help_text="To find services near you, like SR1 3SD.",
        error_messages={"max_length": BAD_POSTCODE, "null_characters_not_allowed": BAD_POSTCODE},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}))
    distance = forms.TypedChoiceField(
        label="Distance", required=False, coerce=int, empty_value=DEFAULT_DISTANCE_MILES, help_text="From the postcode.",
        choices=[(str(n), f"Within {n} mile{'' if n == 1 else 's'}") for n in DISTANCES_MILES],
        error_messages={"invalid_choice": "Choose a distance from the list"})
    order = forms.ChoiceField(
        label="Sort by", required=False, choices=[("relevance", "Best match"), ("distance", "Nearest first")],
        error_messages={"invalid_choice": "Choose how to sort the results from the list"})
    age = forms.IntegerField(
        label="Age of the person", required=False, min_value=0, max_value=120,
        help_text="In years. For a baby under 1, enter 0.",
        error_messages={"invalid": "Enter the age as a whole number of years, like 7",
                        "min_value": "The age must be 0 or more", "max_value": "The age must be 120 or less"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}))
    only = forms.MultipleChoiceField(
        label="Show only", required=False, choices=ONLY_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose what to show from the list"})
    delivery = forms.MultipleChoiceField(
        label="How it is delivered", required=False, choices=DELIVERY_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose how the service is delivered from the list"})
    day = forms.MultipleChoiceField(
        label="Open on", required=False, choices=[(day, day.title()) for day in DAYS],
        widget=forms.CheckboxSelectMultiple, error_messages={"invalid_choice": "Choose days from the list"})
    language = LanguageField(
        label="Language", required=False, help_text="Services offered in this language.",
        error_messages={"invalid_choice": "Choose a language from the list"})
    page = PageField()

    def __init__(self, data: QueryDict | None = None, **kwargs):
        self.query = data if data is not None else QueryDict()
        if data is not None:
            # What the controls show must be what the search used, when the URL leaves it out.
            data = data.copy()
            data.setdefault("distance", str(DEFAULT_DISTANCE_MILES))
            data.setdefault("order", "distance" if data.get("postcode", "").strip() and not data.get("q", "").strip()
                            else "relevance")
        super().__init__(data, **kwargs)
        groups, self.term_ids = need_groups()
        self.fields["need"] = NeedsField(
            groups=groups, label="Need", required=False, template_name="directory/includes/search_needs.html",
            error_messages={"invalid_choice": "Choose needs from the list"})
        languages = dict(language_choices())
        chosen = self.data.get("language")
        if chosen and chosen not in languages and _LANGUAGE_CODE.fullmatch(chosen):
            languages[chosen] = chosen
        self.fields["language"].choices = [("", "Any language"), *languages.items()]
        self.place: PostcodeMatch | None = None
        self.order_fields(["q", "postcode", "distance", "order", "need", "age", "only", "delivery", "day", "language"])

    def clean_q(self) -> str:
        words = self.cleaned_data["q"]
        if "\ufffd" in words:  # what undecodable bytes in the URL become
            raise ValidationError(UNREADABLE)
        return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", words).split())

    def clean_postcode(self) -> str:
        text = self.cleaned_data["postcode"]
        if not text.strip():
            return ""
        try:
            self.place = find(text)
        except MalformedPostcode:
            raise ValidationError(BAD_POSTCODE) from None
        except UnknownPostcode:
            raise ValidationError(UNKNOWN_POSTCODE) from None
        return self.place.postcode

    # What the engine is asked, and what the page says about it

    @property
    def has_point(self) -> bool:
        return self.place is not None

    @property
    def place_note(self) -> str | None:
        """Said when a postcode we do not hold was searched from its district's centre."""
        return self.place.notice if self.place else None

    @property
    def searched_for_something(self) -> bool:
        return any(self.cleaned_data[name] not in (None, "", []) for name in
                   ["q", "postcode", "need", "age", "only", "delivery", "day", "language"])

    def criteria(self) -> SearchCriteria:
        data, only, place = self.cleaned_data, set(self.cleaned_data["only"]), self.place
        return SearchCriteria(
            words=data["q"], point=place.point if place else None,
            area_code=(place.local_authority or None) if place else None, within_miles=data["distance"],
            order=data["order"] if self.has_point else "relevance",
            term_ids=tuple(self.term_ids[code] for code in data["need"]), age=data["age"],
            free_only="free" in only, delivery=tuple(data["delivery"]), days=tuple(DAYS[d] for d in data["day"]),
            language=data["language"] or None, accepting_referrals="accepting" in only, family_hub="family-hub" in only,
        )

    def url_without(self, name: str, value: str | None = None) -> str:
        """This search's URL with one criterion (or one of its values) taken away, back on the first page."""
        query = self.query.copy()
        query.pop("page", None)
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [v for v in query.getlist(name) if v != value])
        return "?" + query.urlencode()

    def url_with(self, name: str, value: str) -> str:
        query = self.query.copy()
        query.pop("page", None)
        query[name] = value
        return "?" + query.urlencode()

    def selected_filters(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(Filter, [(chosen value's label, URL without it)]) for each filter in use, to show as removable tags."""
        data = self.cleaned_data
        selected = []
        for name in ["need", "age", "only", "delivery", "day", "language"]:
            field = self.fields[name]
            if name == "age":
                values = [] if data["age"] is None else [(f"{data['age']} year{'' if data['age'] == 1 else 's'} old",
                                                          self.url_without("age"))]
            elif name == "language":
                labels = dict(field.choices)
                values = [(labels[data[name]], self.url_without(name))] if data[name] else []
            else:
                labels = dict(field.choices)
                values = [(labels[value], self.url_without(name, value)) for value in data[name]]
            if values:
                selected.append((field.label, values))
        return selected

    @property
    def url_without_words(self) -> str:
        return self.url_without("q")

    def clear_filters_url(self) -> str:
        query = QueryDict(mutable=True)
        for name in ["q", "postcode", "distance", "order"]:
            if self.query.get(name):
                query[name] = self.query[name]
        return "?" + query.urlencode()

    def wider_distances(self) -> list[tuple[int, str]]:
        if not self.has_point:
            return []
        return [(miles, self.url_with("distance", str(miles)))
                for miles in DISTANCES_MILES if miles > self.cleaned_data["distance"]]

    def unmet_search(self) -> dict:
        """What to keep of a search that found nothing: no full postcode and nothing that identifies anyone."""
        data = self.cleaned_data
        words = " ".join(_WORD.findall(_PERSONAL.sub(" ", data["q"].lower())))[:100].strip()
        filters = {name: data[name] for name in ["only", "delivery", "day"] if data[name]}
        filters.update({name: data[name] for name in ["age", "language"] if data[name] not in (None, "")})
        return {"words": words, "term_codes": list(data["need"]), "district": self.place.outcode if self.place else "",
                "within_miles": data["distance"] if self.has_point else None, "filters": filters}
