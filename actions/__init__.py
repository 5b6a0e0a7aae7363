"""Rasa action server package: one module per concern; policy facts live in knowledge/."""
