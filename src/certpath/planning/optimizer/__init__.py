"""OR-Tools CP-SAT: the only package that imports ortools.

`model.py` builds the variables, `rules.py` adds one constraint family per rule id of
DESIGN.md, `solve.py` runs the solver and turns its answer into a Schedule.
"""
