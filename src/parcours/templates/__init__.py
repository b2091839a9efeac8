"""parcours.templates."""
