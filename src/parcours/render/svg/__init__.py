"""SVG drawings."""

from parcours.render.svg.blueprint import blueprint_svg
from parcours.render.svg.experience import experience_svg
from parcours.render.svg.funnel import funnel_svg, funnel_trend_svg, measured_funnel_svg
from parcours.render.svg.grid import journey_grid_svg
from parcours.render.svg.matrix import opportunity_matrix_svg
from parcours.render.svg.sankey import sankey_svg
from parcours.render.svg.tables import data_inventory_svg, listening_plan_svg

__all__ = [
    "blueprint_svg",
    "data_inventory_svg",
    "experience_svg",
    "funnel_svg",
    "funnel_trend_svg",
    "journey_grid_svg",
    "listening_plan_svg",
    "measured_funnel_svg",
    "opportunity_matrix_svg",
    "sankey_svg",
]
