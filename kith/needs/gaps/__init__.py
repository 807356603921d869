"""Coverage and gaps on the needs map: the directory's services against each area's need, cold-spots and rural proofing."""
