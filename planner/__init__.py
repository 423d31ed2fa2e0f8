"""IGRT Course Planner: builds radiotherapy course calendars for patients and clinics."""

__version__ = "0.1.0"
APP_NAME = "IGRT Course Planner"
