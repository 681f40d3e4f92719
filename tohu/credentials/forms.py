"""The /verify form (paste a credential or upload its file) and the learner's name setting."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from tohu.credentials.baking import PNG_SIGNATURE, NotABadge, unbake_png
from tohu.learners.models import CREDENTIAL_NAME_MAX

MAX_CREDENTIAL_BYTES = 256 * 1024


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=gettext_lazy("Paste the credential"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "The credential's JSON, as downloaded from a wallet or a Record of Achievement."
        ),
        max_length=MAX_CREDENTIAL_BYTES,
    )
    file = forms.FileField(
        label=gettext_lazy("Or choose the credential's file"),
        required=False,
        help_text=gettext_lazy(
            "A .json file, or a badge image (.png) with the credential in it (256 KB)."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pasted, upload = cleaned.get("credential", ""), cleaned.get("file")
        if pasted and upload:
            raise forms.ValidationError(gettext("Paste the credential or choose a file, not both."))
        if not pasted and not upload:
            raise forms.ValidationError(gettext("Paste a credential or choose its file."))
        if upload is not None:
            if upload.size > MAX_CREDENTIAL_BYTES:
                self.add_error(
                    "file", gettext("The file is larger than 256 KB: it is not a credential.")
                )
                return cleaned
            raw = upload.read()
            try:
                pasted = unbake_png(raw) if raw.startswith(PNG_SIGNATURE) else raw.decode("utf-8")
            except NotABadge as error:
                self.add_error("file", str(error))
                return cleaned
            except UnicodeDecodeError:
                self.add_error(
                    "file", gettext("The file is not text: choose the credential's .json file.")
                )
                return cleaned
        field = "file" if upload is not None else "credential"
        try:
            cleaned["document"] = json.loads(pasted)
        except json.JSONDecodeError as error:
            self.add_error(
                field,
                gettext("This is not JSON: %(msg)s at line %(lineno)s, column %(colno)s.")
                % {"msg": error.msg, "lineno": error.lineno, "colno": error.colno},
            )
        return cleaned


class CredentialNameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name on your credentials"),
        required=False,
        max_length=CREDENTIAL_NAME_MAX,
        help_text=(
            gettext_lazy(
                "The name an employer or a wallet shows. Leave it empty to use your legal name. "
                "Your date of birth is never on a credential."
            )
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class SuspensionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the audit log, e.g. the investigation's reference."),
    )
