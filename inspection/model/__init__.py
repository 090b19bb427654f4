"""The nouns of a campaign, defined once: visits, outline, checklist, findings; lookups by name."""
