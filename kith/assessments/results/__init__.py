"""Results of a round: by principle, element and sector, the perception gap, the spread and the trend."""
