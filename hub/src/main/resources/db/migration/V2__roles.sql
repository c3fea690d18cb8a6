-- Custom roles (from configuration or the API) and who holds them, directly or through a group.

CREATE TABLE roles (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT        NOT NULL UNIQUE,
    description  TEXT        NOT NULL DEFAULT '',
    scopes       TEXT[]      NOT NULL DEFAULT '{}',
    from_config  BOOLEAN     NOT NULL DEFAULT FALSE,
    created      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id  BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

CREATE TABLE group_roles (
    group_id  BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    role_id   BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, role_id)
);

CREATE TABLE service_roles (
    service_id  BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    role_id     BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, role_id)
);

-- Services declared in configuration are recreated from it at every start.
ALTER TABLE services ADD COLUMN from_config BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX servers_status ON servers (status);
CREATE INDEX memberships_group ON memberships (group_id);
