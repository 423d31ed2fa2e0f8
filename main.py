"""Starts the IGRT Course Planner desktop app."""

import sys

from planner.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
