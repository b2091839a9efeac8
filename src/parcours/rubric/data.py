"""Rules about the data collected at each step.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "Demo"}, steps=[{"id": "s-1", "name": "S'inscrire",
...     "data_collected": [{"name": "E-mail"}]}])
>>> DATA_CATEGORY(m)[0].message("en")
'Step "S\\'inscrire": data item "E-mail" is not classified.'
"""

from __future__ import annotations

from parcours.model import JourneyMap
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.rule import Rule


def _step_data(m: JourneyMap) -> list[Finding]:
    return [STEP_DATA.finding(s.id, "none", step=s.name) for s in m.steps if not s.data_collected]


def _data_category(m: JourneyMap) -> list[Finding]:
    return [
        DATA_CATEGORY.finding(step.id, "none", step=step.name, item=item.name)
        for step in m.steps
        for item in step.data_collected
        if item.category is None
    ]


STEP_DATA = Rule("step-data", Severity.WARNING, _step_data)
DATA_CATEGORY = Rule("data-category", Severity.ERROR, _data_category)
