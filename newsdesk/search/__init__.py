"""Full-text search over ready articles: the query language, the index, the pages."""
