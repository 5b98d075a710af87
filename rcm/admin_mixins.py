from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple, ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class HttpsLinksAdmin:
    """Links typed without a scheme are taken as https:// (Django 6's default, chosen now)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


def is_key(field: models.Field, value) -> bool:
    """Whether a submitted value can be a value of the key `field`: its type, and the database's range."""
    if value in (None, ""):
        return True
    text = str(value)
    if "\x00" in text:
        return False
    try:
        field.run_validators(field.to_python(text))
    except ValidationError:
        return False
    return True


def _remote_key(db_field: models.Field) -> models.Field:
    remote = db_field.remote_field
    return remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)


class CheckedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        if not is_key(key or self.queryset.model._meta.pk, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name or self.queryset.model._meta.pk.name)
        for pk in value:
            if not is_key(key, pk):
                message = self.error_messages["invalid_pk_value"]
                raise ValidationError(message, code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


class CheckedAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_key(_remote_key(self.field), v)], attr)


class CheckedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_key(_remote_key(self.field), v)], attr)


class CheckedRawIdWidget(ForeignKeyRawIdWidget):
    def label_and_url_for_value(self, value):
        if not is_key(self.rel.get_related_field(), value):
            return "", ""
        return super().label_and_url_for_value(value)


class CheckedIdsAdmin:
    """Ids sent by a form (a crafted POST) that cannot be ids — a word, a null character, a number beyond the
    database's range — are refused by the form, left out of the widgets that show the chosen item, and refused
    as a bulk action's selection. Django's own fields and widgets put them in a query, which fails: a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs:
            using = kwargs.get("using")
            if db_field.name in self.get_autocomplete_fields(request):
                kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=using)
            elif db_field.name in self.raw_id_fields:
                kwargs["widget"] = CheckedRawIdWidget(db_field.remote_field, self.admin_site, using=using)
        kwargs.setdefault("form_class", CheckedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        key = self.model._meta.pk
        if not all(is_key(key, value) for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)):
            self.message_user(request, _("The selection is not valid: tick items in the list again."), messages.ERROR)
            return None
        return super().response_action(request, queryset)
