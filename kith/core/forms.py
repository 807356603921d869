"""GOV.UK Design System rendering for Django forms.

Every Kith form renders through Django's own form API with GOV.UK markup: a form-level template
with the error summary, and a field template that picks the GOV.UK component for the widget.
"""

from django import forms
from django.forms.renderers import DjangoTemplates

_INPUT_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukForm:
    """Mixin giving each widget its GOV.UK class, error modifier and aria-describedby."""

    # GOV.UK pattern: the server validates; browsers' own pop-ups are inconsistent and inaccessible.
    use_required_attribute = False
    # Labels of optional fields say "(optional)"; a form whose every field is optional turns this off.
    mark_optional = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            kind = type(widget).__name__.lower().replace("input", "").replace("widget", "")
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "govuk-checkboxes__input"
                continue
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                continue
            css = _INPUT_CLASSES.get(kind, "govuk-input")
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} {existing}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
                continue
            css = widget.attrs.get("class", "")
            base = css.split()[0] if css else "govuk-input"
            if f"{base}--error" not in css:
                widget.attrs["class"] = f"{css} {base}--error"


class GovukModelForm(GovukForm, forms.ModelForm):
    pass


class GovukPlainForm(GovukForm, forms.Form):
    pass
