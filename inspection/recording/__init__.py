"""Recording findings: a store that loses no answer, evidence, progress, merging members' work."""
