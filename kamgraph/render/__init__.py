"""Account maps (Graphviz) and slide decks (PowerPoint)."""

from .dot import account_map, draw
from .plan import AccountMap, MapOptions, plan_map

__all__ = ["AccountMap", "MapOptions", "account_map", "draw", "plan_map"]
