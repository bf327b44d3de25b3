"""The Invoiced API, at /invoiced (current) and /invoiced/legacy (oldest, wrapped responses)."""
