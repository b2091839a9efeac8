"""parcours.analytics."""
