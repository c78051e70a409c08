"""A period's sign-ups as the agents' declaration software imports them: one profile per layout.

A profile (``profiles/<id>.toml``, read by ``profile``) is a vendor's workbook: its sheets, the
exact headings in order, the header rows (Viettel's field-code row, the official grid's title
block), and what each cell holds, named from the values ``facts`` computes for a sign-up and
written in the vendor's vocabulary. ``workbook`` writes the chosen profile and lists, row by row,
what the software still needs that the app does not have. Adding a vendor, or following a layout
change, is a new file, not code (docs/declarations.md).
"""
