"""Pure analytics and domain rules: no database, web, CLI or network imports."""
