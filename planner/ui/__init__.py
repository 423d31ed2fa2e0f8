"""Everything Qt: the desktop window, its views and dialogs, and printing."""
