"""`python -m certpath`."""

from certpath.interfaces.cli import main

main()
