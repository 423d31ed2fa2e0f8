"""`python -m planner`: the command line."""

import sys

from .cli import entry

sys.exit(entry())
