"""Data shipped with the planner: site catalogue and icons."""
