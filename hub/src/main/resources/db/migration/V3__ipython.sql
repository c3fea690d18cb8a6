-- IPython history and %store variables, written by the Callisto IPython extension in every kernel
-- (spawner/image/src/callisto_ipython) and read back by any later kernel of the same user.

-- One row per user who has IPython state: numbers sessions and counts bytes for the limits. Appends
-- and stores lock it, so one user's writes run one at a time (and numbers never repeat).
CREATE TABLE ipython_usage (
    user_id        BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    last_session   INTEGER NOT NULL DEFAULT 0,
    history_bytes  BIGINT  NOT NULL DEFAULT 0
);

-- A kernel's run of IPython (IPython's `sessions` table). The kernel names it by a key it chooses
-- (so retried appends are idempotent); the hub numbers it per user.
CREATE TABLE ipython_sessions (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    number       INTEGER     NOT NULL,
    client_key   TEXT        NOT NULL,
    server_name  TEXT        NOT NULL DEFAULT '',
    started      TIMESTAMPTZ NOT NULL,
    ended        TIMESTAMPTZ,
    num_cmds     INTEGER,
    remark       TEXT        NOT NULL DEFAULT '',
    bytes        BIGINT      NOT NULL DEFAULT 0,
    UNIQUE (user_id, number),
    UNIQUE (user_id, client_key)
);

-- Inputs (IPython's `history`); source_raw is NULL when it equals source.
CREATE TABLE ipython_inputs (
    session_id  BIGINT  NOT NULL REFERENCES ipython_sessions (id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    source      TEXT    NOT NULL,
    source_raw  TEXT,
    PRIMARY KEY (session_id, line)
);

-- The text/plain of outputs (IPython's `output_history`).
CREATE TABLE ipython_outputs (
    session_id  BIGINT  NOT NULL REFERENCES ipython_sessions (id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (session_id, line)
);

-- %store variables: the pickled value as the kernel made it, opaque to the hub.
CREATE TABLE ipython_variables (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT        NOT NULL,
    value      BYTEA       NOT NULL,
    type_name  TEXT        NOT NULL DEFAULT '',
    size       INTEGER     NOT NULL,
    updated    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, name)
);
