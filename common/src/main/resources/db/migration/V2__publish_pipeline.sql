-- fence: the fencing token of the worker that holds a publication (bumped at every claim, checked by every worker write);
-- bytes_sent: upload progress of the running attempt.
ALTER TABLE publications ADD COLUMN fence integer NOT NULL DEFAULT 0, ADD COLUMN bytes_sent bigint;
-- stats collection schedule of a published post: when to read its counters next, and how many reads were made
ALTER TABLE publications ADD COLUMN stats_next_at timestamptz, ADD COLUMN stats_reads integer NOT NULL DEFAULT 0;
CREATE INDEX publications_stats_due_idx ON publications (stats_next_at) WHERE status = 'published';
-- feed-based platforms (Dzen) look their connection up by the secret in the feed URL
CREATE INDEX platform_connections_feed_secret_idx ON platform_connections ((metadata->>'feedSecret')) WHERE metadata ? 'feedSecret';
