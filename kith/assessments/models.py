"""The relationship toolkit's data: the framework (principles, elements, statements, forms), rounds, invitations,
anonymous responses and answers, and action plans."""
