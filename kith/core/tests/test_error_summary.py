"""The error summary links each error to something a keyboard can land on: the field itself, or the first
box of a group (radios, checkboxes, a date's day/month/year), never a wrapper that cannot take focus."""
import re

from django import forms
from django.template.loader import render_to_string

from kith.core.forms import GovukPlainForm


class _Boxes(forms.MultiWidget):
    def __init__(self):
        super().__init__([forms.TextInput(), forms.TextInput()])

    def decompress(self, value):
        return value or [None, None]


class _Pair(forms.MultiValueField):
    widget = _Boxes

    def __init__(self, **kwargs):
        super().__init__([forms.CharField(), forms.CharField()], **kwargs)

    def compress(self, data_list):
        return data_list


class _Form(GovukPlainForm):
    name = forms.CharField(label="Name")
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect)
    pair = _Pair(label="Pair")


def _links(form) -> list[str]:
    html = render_to_string("govuk/forms/error_summary.html", {"form": form})
    return re.findall(r'<a href="#([^"]+)"', html)


def test_each_error_links_to_a_box_that_takes_focus():
    form = _Form(data={})
    assert not form.is_valid()
    assert _links(form) == ["id_name", "id_colour_0", "id_pair_0"]
    rendered = str(form["pair"]) + str(form["colour"]) + str(form["name"])
    for target in _links(form):
        assert re.search(rf'<input[^>]+id="{target}"', rendered), target
