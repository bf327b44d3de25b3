"""Billbook: a self-hosted billing server speaking the Invoiced and Octobat APIs."""

__version__ = "0.1.0"
