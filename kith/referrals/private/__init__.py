"""A self-referrer's private link: progress and their own details, for whoever holds the link, with no account."""
