"""parcours: customer journey mapping and journey analytics, with evidence.

>>> import parcours
>>> parcours.__version__ != ""
True
"""

from parcours.model import JourneyMap

__version__ = "0.1.0"

__all__ = ["JourneyMap", "__version__"]
