"""`python -m inspection` runs the command line."""

from .cli import main

main()
