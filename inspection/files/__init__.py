"""The user's files: schedule, outlines, checklists, findings; read, checked, written safely."""
