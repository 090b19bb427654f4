"""Indicator figures (Phụ lục): the Excel form a unit fills in, reading it back, the figures."""
