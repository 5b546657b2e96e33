-- Real query timings for /analytics (the servers preload the library; the extension exposes the view).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
