-- Feed URLs are no longer stored: they are derived from the connection id, a stored nonce and the node secret
-- (api-verticle FeedTokens). A secret stored before keeps working through its SHA-256 (the URL already pasted into
-- the platform); the connection gets a fresh nonce, so the URL shown from now on is a derived one.
UPDATE platform_connections
   SET metadata = (metadata - 'feedSecret')
       || jsonb_build_object('feedNonce', gen_random_uuid()::text,
                             'legacyFeedSecretSha256', encode(sha256(convert_to(metadata->>'feedSecret', 'UTF8')), 'hex'))
 WHERE metadata ? 'feedSecret';

DROP INDEX IF EXISTS platform_connections_feed_secret_idx;
CREATE INDEX platform_connections_legacy_feed_idx ON platform_connections ((metadata->>'legacyFeedSecretSha256'))
  WHERE metadata ? 'legacyFeedSecretSha256';
