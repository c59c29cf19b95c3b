-- Clipcast data model (DESIGN.md §3). Postgres is the source of truth; Redis only mirrors what must run when.

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text NOT NULL,
  password_hash text NOT NULL,
  plan          text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'start', 'pro', 'business')),
  time_zone     text NOT NULL DEFAULT 'UTC',
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- e-mail is unique regardless of case: "Ann@x.ru" and "ann@x.ru" are one person
CREATE UNIQUE INDEX users_email_uq ON users (lower(email));

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL,
  key_hash     text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

CREATE TABLE platform_connections (
  id                  uuid PRIMARY KEY,
  user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform            text NOT NULL,
  external_account_id text NOT NULL,
  display_name        text,
  avatar_url          text,
  access_token_enc    bytea,
  refresh_token_enc   bytea,
  key_id              text,
  expires_at          timestamptz,
  scopes              text[] NOT NULL DEFAULT '{}',
  status              text NOT NULL DEFAULT 'connected' CHECK (status IN ('connected', 'expired', 'error', 'revoked')),
  metadata            jsonb NOT NULL DEFAULT '{}',
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, platform, external_account_id)
);
-- token refresh sweeps look for connections expiring soon
CREATE INDEX platform_connections_expiry_idx ON platform_connections (expires_at) WHERE status = 'connected';

CREATE TABLE oauth_states (
  state          text PRIMARY KEY,
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform       text NOT NULL,
  code_verifier  text,
  redirect_after text,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX oauth_states_expiry_idx ON oauth_states (expires_at);

CREATE TABLE clips (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  storage_key   text NOT NULL,
  file_name     text NOT NULL,
  content_type  text,
  size_bytes    bigint CHECK (size_bytes >= 0),
  sha256        text,
  duration_ms   bigint,
  width         integer,
  height        integer,
  video_codec   text,
  audio_codec   text,
  status        text NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading', 'ready', 'rejected')),
  reject_reason text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clips_user_created_idx ON clips (user_id, created_at DESC);

CREATE TABLE publications (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  clip_id         uuid NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  connection_id   uuid NOT NULL REFERENCES platform_connections (id) ON DELETE CASCADE,
  platform        text NOT NULL,
  caption         text NOT NULL DEFAULT '',
  title           text,
  options         jsonb NOT NULL DEFAULT '{}',
  status          text NOT NULL CHECK (status IN ('scheduled', 'queued', 'publishing', 'retrying', 'published',
                                                  'failed', 'unknown', 'cancelled', 'waiting_reconnect')),
  scheduled_for   timestamptz,
  time_zone       text,
  late            boolean NOT NULL DEFAULT false,
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts    integer NOT NULL DEFAULT 4 CHECK (max_attempts >= 1),
  next_attempt_at timestamptz,
  last_error_code text,
  last_error      text,
  external_id     text,
  external_url    text,
  upload_state    jsonb NOT NULL DEFAULT '{}',
  request_id      text,
  started_at      timestamptz,
  published_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 0
);
-- the user's list filtered by status, newest first (cursor pagination on created_at, id)
CREATE INDEX publications_user_status_idx ON publications (user_id, status, created_at DESC, id);
CREATE INDEX publications_user_created_idx ON publications (user_id, created_at DESC, id);
-- the reconciler and scheduler look for pending work by due time
CREATE INDEX publications_pending_due_idx ON publications (scheduled_for)
  WHERE status IN ('scheduled', 'queued', 'retrying');
CREATE INDEX publications_clip_idx ON publications (clip_id);
-- disconnect cancels a connection's pending publications
CREATE INDEX publications_connection_idx ON publications (connection_id, status);
-- the stats collector walks published posts
CREATE INDEX publications_published_idx ON publications (platform, published_at) WHERE status = 'published';

CREATE TABLE publication_events (
  id             bigserial PRIMARY KEY,
  publication_id uuid NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
  at             timestamptz NOT NULL DEFAULT now(),
  from_status    text,
  to_status      text NOT NULL,
  attempt        integer NOT NULL DEFAULT 0,
  detail         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX publication_events_publication_idx ON publication_events (publication_id, id);

CREATE TABLE publication_stats (
  publication_id uuid NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
  collected_at   timestamptz NOT NULL,
  views          bigint NOT NULL DEFAULT 0,
  likes          bigint NOT NULL DEFAULT 0,
  comments       bigint NOT NULL DEFAULT 0,
  shares         bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (publication_id, collected_at)
);

CREATE TABLE idempotency_keys (
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key          text NOT NULL,
  request_hash text NOT NULL,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

CREATE TABLE platform_quota_usage (
  platform text NOT NULL,
  scope    text NOT NULL,
  day      date NOT NULL,
  units    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (platform, scope, day)
);
