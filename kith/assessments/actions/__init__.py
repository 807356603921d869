"""Action plans tied to principles, publishing results and plan in the open, and the printable report."""
