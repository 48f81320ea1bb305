"""partnermap: turn a partnership action plan into a graph people can question."""

__version__ = "0.1.0"
