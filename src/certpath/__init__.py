"""certpath: plan and track AI training and certification for teams and individuals."""

__version__ = "0.1.0"
