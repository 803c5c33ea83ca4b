-- Full-text search over the library (SQLite FTS5, ranked with bm25). Rows are written by the
-- application: shipped articles at start-up, institution articles when an officer saves one.
-- institution_id is 0 for articles everyone may read.
CREATE VIRTUAL TABLE `library_search` USING fts5(
  slug UNINDEXED,
  institution_id UNINDEXED,
  title,
  summary,
  tags,
  body,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
