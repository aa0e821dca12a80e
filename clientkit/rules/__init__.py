"""The handbook as code: one registry of rules (``registry``), company settings for the ⚠P
parameters (``settings``), one module of data checks per chapter (``ch1_basic`` …) and
``audit(book, on)`` that runs them all (DESIGN.md "Rules")."""
