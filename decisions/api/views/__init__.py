"""The API views, one module per collection; what they share is in base.py."""
