"""Opening rounds, inviting respondents and answering the questionnaire."""
