"""Exports for Excel and calendars: the findings as flat tables, the schedule of visits."""
