"""The relationship toolkit: the four principles and their statements, rounds in which council and VCFSE
respondents rate them anonymously, results with the perception gap between the sectors, action plans and the
published report."""
