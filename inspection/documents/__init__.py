"""The Word documents: the kinds, what each template receives, the templates, rendering, PDF."""
