"""parcours.events."""
