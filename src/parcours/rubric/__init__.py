"""parcours.rubric."""
