"""Pure rules: no request, no SQL. The blueprints and ``sync/`` import them."""
