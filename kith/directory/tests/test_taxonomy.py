import re

import pytest
from django.core.management import call_command

from kith.core.models import Event
from kith.directory import taxonomy
from kith.directory.models import Taxonomy, TaxonomyTerm


def test_shipped_taxonomy_has_50_to_80_terms_in_two_levels():
    rows = taxonomy.flatten(taxonomy.read())
    assert 50 <= len(rows) <= 80
    themes = [term for parent, term in rows if parent is None]
    assert len(themes) >= 15
    for theme in themes:
        assert len(theme["children"]) >= 2
        assert all("children" not in child for child in theme["children"])


def test_every_term_has_a_unique_slug_code_and_a_one_sentence_description():
    rows = taxonomy.flatten(taxonomy.read())
    codes = [term["code"] for _, term in rows]
    assert len(codes) == len(set(codes))
    for _, term in rows:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", term["code"])
        assert term["name"] and len(term["name"]) <= 200
        assert term["description"].endswith(".") and term["description"].count(". ") == 0


@pytest.mark.django_db
def test_load_creates_every_term_with_ids_derived_from_codes():
    result = taxonomy.load()
    rows = taxonomy.flatten(taxonomy.read())
    assert len(result.created) == len(rows) == TaxonomyTerm.objects.count()
    care = TaxonomyTerm.objects.get(code="young-carers")
    assert care.pk == taxonomy.term_id("young-carers")
    assert care.parent.code == "carers"
    assert TaxonomyTerm.objects.filter(parent__isnull=True).count() == len(taxonomy.read()["terms"])
    assert not TaxonomyTerm.objects.filter(parent__parent__isnull=False).exists()
    assert Taxonomy.objects.get().pk == taxonomy.taxonomy_id(taxonomy.read()["name"])


@pytest.mark.django_db
def test_second_load_changes_nothing():
    taxonomy.load()
    before = list(TaxonomyTerm.objects.order_by("code").values())
    events = Event.objects.count()
    result = taxonomy.load()
    assert not result.changed and result.unchanged == len(before)
    assert list(TaxonomyTerm.objects.order_by("code").values()) == before
    assert Event.objects.count() == events


@pytest.mark.django_db
def test_load_puts_back_an_edited_term_and_keeps_unknown_terms():
    taxonomy.load()
    TaxonomyTerm.objects.filter(code="food-banks").update(name="Edited")
    extra = TaxonomyTerm.objects.create(taxonomy=Taxonomy.objects.get(), code="local-extra", name="Local", description="A local term.")
    result = taxonomy.load()
    assert result.updated == ["food-banks"]
    assert TaxonomyTerm.objects.get(code="food-banks").name == "Food banks"
    assert result.not_in_file == ["local-extra"]
    assert TaxonomyTerm.objects.filter(pk=extra.pk).exists()
    event = Event.objects.for_object(TaxonomyTerm.objects.get(code="food-banks")).first()
    assert event.verb == "updated" and ("name", "Edited", "Food banks") in event.changes


@pytest.mark.django_db
def test_load_taxonomy_command_reports_what_it_did(capsys):
    call_command("load_taxonomy")
    call_command("load_taxonomy")
    out = capsys.readouterr().out.splitlines()
    count = TaxonomyTerm.objects.count()
    assert out[0].endswith(f"{count} terms added, 0 updated, 0 unchanged.")
    assert out[1].endswith(f"0 terms added, 0 updated, {count} unchanged.")
