"""parcours.io."""
