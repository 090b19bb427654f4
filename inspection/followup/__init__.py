"""Following up a campaign after its visits: the documents issued and the recommendations of
the conclusions tracked until the units have carried them out (see model.py)."""
