"""HTTP: the shared plumbing and one package per wire dialect."""
