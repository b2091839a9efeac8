"""parcours.cli."""
