-- Callisto's core schema: accounts, credentials, sessions, OAuth, servers.
-- Secrets are stored hashed (SHA-256 of high-entropy tokens, bcrypt for passwords).

CREATE TABLE users (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT        NOT NULL UNIQUE,
    admin           BOOLEAN     NOT NULL DEFAULT FALSE,
    password_hash   TEXT,
    created         TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_activity   TIMESTAMPTZ
);

CREATE TABLE groups (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL UNIQUE,
    properties  JSONB       NOT NULL DEFAULT '{}',
    created     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id  BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);

CREATE TABLE services (
    id       BIGSERIAL PRIMARY KEY,
    name     TEXT        NOT NULL UNIQUE,
    admin    BOOLEAN     NOT NULL DEFAULT FALSE,
    url      TEXT,
    created  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE login_sessions (
    id           BIGSERIAL PRIMARY KEY,
    secret_hash  TEXT        NOT NULL UNIQUE,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    xsrf_token   TEXT        NOT NULL,
    created      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen    TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL,
    ip           TEXT,
    user_agent   TEXT
);
CREATE INDEX login_sessions_user ON login_sessions (user_id);

-- Failed password attempts per user name (known or not), to slow down guessing.
CREATE TABLE login_failures (
    name          TEXT PRIMARY KEY,
    failures      INTEGER     NOT NULL,
    last_failure  TIMESTAMPTZ NOT NULL
);

CREATE TABLE oauth_clients (
    id              BIGSERIAL PRIMARY KEY,
    identifier      TEXT        NOT NULL UNIQUE,
    description     TEXT        NOT NULL,
    redirect_uri    TEXT        NOT NULL,
    secret_hash     TEXT        NOT NULL,
    allowed_scopes  TEXT[]      NOT NULL DEFAULT '{}',
    created         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE oauth_codes (
    id            BIGSERIAL PRIMARY KEY,
    code_hash     TEXT        NOT NULL UNIQUE,
    client_id     BIGINT      NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
    user_id       BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id    BIGINT      REFERENCES login_sessions (id) ON DELETE CASCADE,
    redirect_uri  TEXT        NOT NULL,
    scopes        TEXT[]      NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE servers (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL DEFAULT '',
    status          TEXT        NOT NULL DEFAULT 'stopped'
                    CHECK (status IN ('pending', 'running', 'stopping', 'stopped', 'failed')),
    spawn_id        BIGINT      NOT NULL DEFAULT 0,
    url             TEXT,
    spawner_state   JSONB       NOT NULL DEFAULT '{}',
    user_options    JSONB       NOT NULL DEFAULT '{}',
    started         TIMESTAMPTZ,
    last_activity   TIMESTAMPTZ,
    failure         TEXT,
    UNIQUE (user_id, name)
);

-- Progress of each start, read by the progress stream on any hub replica.
CREATE TABLE spawn_events (
    id         BIGSERIAL PRIMARY KEY,
    server_id  BIGINT      NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    spawn_id   BIGINT      NOT NULL,
    created    TIMESTAMPTZ NOT NULL DEFAULT now(),
    progress   INTEGER     NOT NULL,
    message    TEXT        NOT NULL,
    ready      BOOLEAN     NOT NULL DEFAULT FALSE,
    failed     BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX spawn_events_server ON spawn_events (server_id, spawn_id, id);

CREATE TABLE api_tokens (
    id               BIGSERIAL PRIMARY KEY,
    prefix           TEXT        NOT NULL,
    hash             TEXT        NOT NULL UNIQUE,
    kind             TEXT        NOT NULL CHECK (kind IN ('api', 'server', 'oauth', 'service')),
    user_id          BIGINT      REFERENCES users (id) ON DELETE CASCADE,
    service_id       BIGINT      REFERENCES services (id) ON DELETE CASCADE,
    server_id        BIGINT      REFERENCES servers (id) ON DELETE CASCADE,
    session_id       BIGINT      REFERENCES login_sessions (id) ON DELETE CASCADE,
    oauth_client_id  BIGINT      REFERENCES oauth_clients (id) ON DELETE CASCADE,
    scopes           TEXT[]      NOT NULL,
    note             TEXT,
    created          TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ,
    last_activity    TIMESTAMPTZ,
    CHECK ((user_id IS NULL) <> (service_id IS NULL))
);
CREATE INDEX api_tokens_prefix ON api_tokens (prefix);
