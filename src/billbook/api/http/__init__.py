"""Plumbing every dialect shares: parameters, auth, paging, errors, responses."""
