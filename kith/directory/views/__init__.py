"""Directory pages: public pages, editing by organisations, the LIO's verification queue, and history."""
