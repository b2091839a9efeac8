"""Built-in journey-map templates, in French and English (``parcours new TEMPLATE``).

>>> from parcours import templates
>>> sorted(templates.TEMPLATE_NAMES)
['bank-account', 'ecommerce', 'employee', 'it-laptop']
"""

from parcours.templates.registry import (
    TEMPLATE_LANGUAGES,
    TEMPLATE_NAMES,
    TemplateInfo,
    UnknownTemplateError,
    available,
    template_file_name,
    template_text,
)

__all__ = [
    "TEMPLATE_LANGUAGES",
    "TEMPLATE_NAMES",
    "TemplateInfo",
    "UnknownTemplateError",
    "available",
    "template_file_name",
    "template_text",
]
