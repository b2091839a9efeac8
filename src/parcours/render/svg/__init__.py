"""SVG drawings.

The drawings exported here write the note under a text cut for its length (see
:func:`parcours.render.svg.fontmetrics.wrap_text`) in the drawing's language.
"""

from parcours.render.svg import blueprint, experience, funnel, grid, matrix, sankey, tables
from parcours.render.svg.layout import noting_cuts

blueprint_svg = noting_cuts(blueprint.blueprint_svg)
blueprint_svg_parts = noting_cuts(blueprint.blueprint_svg_parts)
experience_svg = noting_cuts(experience.experience_svg)
experience_svg_parts = noting_cuts(experience.experience_svg_parts)
funnel_svg = noting_cuts(funnel.funnel_svg)
funnel_trend_svg = noting_cuts(funnel.funnel_trend_svg)
measured_funnel_svg = noting_cuts(funnel.measured_funnel_svg)
journey_grid_svg = noting_cuts(grid.journey_grid_svg)
opportunity_matrix_svg = noting_cuts(matrix.opportunity_matrix_svg)
sankey_svg = noting_cuts(sankey.sankey_svg)
data_inventory_svg = noting_cuts(tables.data_inventory_svg)
listening_plan_svg = noting_cuts(tables.listening_plan_svg)

__all__ = [
    "blueprint_svg",
    "blueprint_svg_parts",
    "data_inventory_svg",
    "experience_svg",
    "experience_svg_parts",
    "funnel_svg",
    "funnel_trend_svg",
    "journey_grid_svg",
    "listening_plan_svg",
    "measured_funnel_svg",
    "opportunity_matrix_svg",
    "sankey_svg",
]
