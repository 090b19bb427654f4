"""After the visits: the recommendations of the conclusions followed up until carried out."""
