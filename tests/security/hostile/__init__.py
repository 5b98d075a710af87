"""The hostile-input catalogue: every form, API write and upload, tried with every payload family that is aimed
at its fields, and every list and filter searched with hostile values (see catalogue.py for the tables)."""
