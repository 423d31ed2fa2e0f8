"""Booking courses onto treatment machines against capacity (Qt-free; reads the core only)."""
