"""Administrators edit the framework between rounds here. Responses and answers are not listed: they are
only ever seen in aggregate on the results pages."""
from django import forms
from django.contrib import admin

from .models import Action, Element, Principle, Round, Statement


class StatementForm(forms.ModelForm):
    """Answered wording is kept: results, reports and published pages of past rounds show the words people
    rated, and rewording would quietly change them. New wording is a new statement; the old one is retired."""

    class Meta:
        model = Statement
        fields = ["element", "text", "order", "in_short_form", "active"]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if self.instance.pk and text != self.instance.text and self.instance.answers.exists():
            raise forms.ValidationError(
                "People have already rated this wording, so it cannot change: past results would no longer show "
                "what they rated. Untick “active” to retire it and add the new wording as a new statement.")
        return text


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0
    fields = ["name", "order"]


class StatementInline(admin.TabularInline):
    model = Statement
    form = StatementForm
    extra = 0
    fields = ["text", "order", "in_short_form", "active"]

    def has_delete_permission(self, request, obj=None):
        # Answered statements are retired (active off), never deleted: past rounds and results refer to them.
        return False


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ElementInline]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.elements.exists()


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["name", "principle", "order"]
    list_filter = ["principle"]
    inlines = [StatementInline]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    form = StatementForm
    list_display = ["text", "element", "in_short_form", "active"]
    list_filter = ["element__principle", "in_short_form", "active"]
    list_editable = ["in_short_form", "active"]
    search_fields = ["text"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.answers.exists()


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "form", "opens_on", "closes_on", "results_published_at"]
    fields = ["name", "form", "opens_on", "closes_on", "anonymity_threshold", "results_published_at", "previous_round"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a round opened here asks what a round opened on its own page would
            obj.snapshot_statements()


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "principle", "owner_name", "owner_sector", "due_on", "status"]
    list_filter = ["status", "owner_sector", "principle"]
