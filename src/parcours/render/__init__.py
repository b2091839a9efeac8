"""parcours.render."""
