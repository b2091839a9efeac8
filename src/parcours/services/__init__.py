"""parcours.services."""
