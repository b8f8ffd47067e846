"""Shared helpers for the Lecture 12 notebooks (LSTMs Part II): one module per concern."""
