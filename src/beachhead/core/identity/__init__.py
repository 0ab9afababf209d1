"""Account identity: domain keys, company-name keys, fuzzy matching."""
