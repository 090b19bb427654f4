"""Vietnamese text, numbers and dates: NFC, name matching, figures, dates, working days."""
