"""The framework as data: Kith's statements load once, idempotently, and stay as administrators edit them."""
import json

import pytest
from django.core.management import CommandError, call_command

from kith.assessments.models import Element, Principle, Statement
from kith.assessments.rounds.framework import FRAMEWORK_FILE

pytestmark = pytest.mark.django_db


def test_the_framework_loads_four_principles_about_twenty_statements_and_a_short_form():
    call_command("load_assessment_framework")
    assert list(Principle.objects.values_list("slug", flat=True)) == [
        "shared-foundations", "relational-culture", "effective-structures", "capacity-and-resources"]
    assert 18 <= Statement.objects.count() <= 24
    assert 6 <= Statement.objects.filter(in_short_form=True).count() <= 10
    for principle in Principle.objects.all():
        assert 4 <= Statement.objects.filter(element__principle=principle).count() <= 6, principle
        # the short form covers every principle
        assert Statement.objects.filter(element__principle=principle, in_short_form=True).exists(), principle
    assert Element.objects.filter(principle__slug="effective-structures", name="Clear and consistent forums").exists()


def test_loading_again_changes_nothing_and_keeps_administrators_edits():
    call_command("load_assessment_framework")
    statement = Statement.objects.first()
    statement.text = "Edited by an administrator between rounds."
    statement.save()
    counts = (Principle.objects.count(), Element.objects.count(), Statement.objects.count())
    call_command("load_assessment_framework")
    assert (Principle.objects.count(), Element.objects.count(), Statement.objects.count()) == counts
    assert Statement.objects.filter(text="Edited by an administrator between rounds.").count() == 1


def test_every_statement_in_the_file_is_unique_and_short_enough():
    data = json.loads(FRAMEWORK_FILE.read_text())
    texts = [s["text"] for p in data["principles"] for e in p["elements"] for s in e["statements"]]
    assert len(texts) == len(set(texts))
    assert all(len(t) <= 400 for t in texts)


@pytest.mark.parametrize("content", ["not json", '{"principles": [{"slug": "x"}]}', '{"nothing": 1}'])
def test_a_broken_file_fails_with_a_clear_message_and_writes_nothing(tmp_path, content):
    path = tmp_path / "framework.json"
    path.write_text(content)
    with pytest.raises(CommandError, match="not a usable framework file"):
        call_command("load_assessment_framework", "--file", str(path))
    assert not Principle.objects.exists()


def test_a_round_keeps_its_questions_when_the_framework_is_edited_later():
    from .rounds_support import open_round

    round_ = open_round()
    asked = list(round_.asked_statements().values_list("pk", flat=True))
    retired = Statement.objects.get(pk=asked[0])
    retired.active = False
    retired.save()
    Statement.objects.create(element=retired.element, text="A statement added after the round opened.")
    assert list(round_.asked_statements().values_list("pk", flat=True)) == asked
    later = open_round(name="Later round")
    assert retired.pk not in set(later.asked_statements().values_list("pk", flat=True))
    assert later.asked_statements().filter(text="A statement added after the round opened.").exists()


def test_the_short_form_asks_only_short_form_statements():
    from .rounds_support import open_round

    round_ = open_round(form="short")
    assert round_.asked_statements().count() == Statement.objects.filter(in_short_form=True).count()
    assert not round_.asked_statements().filter(in_short_form=False).exists()
