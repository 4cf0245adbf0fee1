"""The ceremony app: invite new residents with an integration certificate, privately."""

__version__ = "0.1.0"
