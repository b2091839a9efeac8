"""Refusals of the web app, each with its HTTP status and a French and English message.

>>> RevisionConflictError(base=3, current=5).message("en").split(" (")[0]
'Someone saved this map while you were editing it'
>>> RevisionConflictError(base=3, current=5).status
409
"""

from __future__ import annotations

from parcours.errors import ParcoursError
from parcours.i18n import Catalog

MESSAGES = Catalog(
    {
        "not_found": {
            "en": "This page does not exist, or you may not see it.",
            "fr": "Cette page n'existe pas, ou vous n'avez pas le droit de la voir.",
        },
        "forbidden": {
            "en": "Your role in this workspace does not allow this ({role} needed).",
            "fr": "Votre rôle dans cet espace ne le permet pas (il faut être {role}).",
        },
        "login_needed": {
            "en": "Please log in.",
            "fr": "Veuillez vous connecter.",
        },
        "csrf": {
            "en": "This form has expired or did not come from this site. Reload the page and "
            "try again.",
            "fr": "Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et "
            "réessayez.",
        },
        "conflict": {
            "en": "Someone saved this map while you were editing it (you started from revision "
            "{base}, it is now at revision {current}). Your change was not saved: reload the "
            "map, then make it again.",
            "fr": "Quelqu'un a enregistré cette carte pendant que vous la modifiiez (vous êtes "
            "parti de la révision {base}, elle est à la révision {current}). Votre modification "
            "n'a pas été enregistrée : rechargez la carte, puis refaites-la.",
        },
        "bad_form": {
            "en": "The form field '{field}' is missing or invalid.",
            "fr": "Le champ « {field} » du formulaire manque ou n'est pas valide.",
        },
        "too_many_logins": {
            "en": "Too many failed logins: wait a few minutes and try again.",
            "fr": "Trop d'échecs de connexion : attendez quelques minutes et réessayez.",
        },
        "bad_login": {
            "en": "Wrong user name or password.",
            "fr": "Nom d'utilisateur ou mot de passe incorrect.",
        },
    }
)


class WebError(ParcoursError):
    """A refused request: an HTTP status and a message key of :data:`MESSAGES`."""

    status = 400

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


class NotFoundError(WebError):
    """Nothing there, or nothing this identity may see (the two look the same)."""

    status = 404

    def __init__(self) -> None:
        super().__init__("not_found")


class LoginNeededError(WebError):
    """An anonymous visitor asked for a page that needs an account."""

    status = 401

    def __init__(self) -> None:
        super().__init__("login_needed")


class ForbiddenError(WebError):
    """A member whose role is too low for the action."""

    status = 403

    def __init__(self, role: str) -> None:
        super().__init__("forbidden", role=role)


class CsrfError(WebError):
    """A form without the right CSRF token."""

    status = 403

    def __init__(self) -> None:
        super().__init__("csrf")


class RevisionConflictError(WebError):
    """A save based on a revision that is no longer the latest."""

    status = 409

    def __init__(self, *, base: int, current: int) -> None:
        super().__init__("conflict", base=base, current=current)


class FormError(WebError):
    """A form field missing or out of range."""

    status = 422

    def __init__(self, field: str) -> None:
        super().__init__("bad_form", field=field)
