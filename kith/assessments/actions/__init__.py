"""Action plans agreed from a round's results, publishing results and plan in the open, and the round's
printable and PDF report."""
