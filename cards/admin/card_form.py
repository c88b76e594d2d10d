"""The card admin's change form: it carries the version of the card it showed."""

from django import forms

from cards import editing


class CardEditForm(forms.ModelForm):
    """The change form, carrying the version of the card it shows.

    Its clean() locks the card's row for the rest of the admin's transaction (the admin wraps a
    change in one), so the check and the save see the same card: an import that started first
    makes this wait and then refuses with a message; one that starts later waits for the save.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version

    def clean(self) -> dict:
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if seen is None:
            raise forms.ValidationError(
                "The form did not say which version of the card it showed: reload the page."
            )
        try:
            editing.lock_for_edit(self.instance, expected_version=seen)
        except editing.CardChanged as changed:
            raise forms.ValidationError(str(changed)) from None
        return cleaned
