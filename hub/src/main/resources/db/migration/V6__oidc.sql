-- University login through OpenID Connect (issue 4): where a login session came from, what logging out
-- of the provider needs, groups and course roles managed by the identity provider.

-- 'local' (password) or 'oidc'. id_token_hint is the ID token of an OIDC login, sent back to the
-- provider's end_session_endpoint at logout; it proves nothing to Callisto itself (the cookie's secret,
-- stored hashed, does), and dies with the row.
ALTER TABLE login_sessions ADD COLUMN provider TEXT NOT NULL DEFAULT 'local' CHECK (provider IN ('local', 'oidc'));
ALTER TABLE login_sessions ADD COLUMN id_token_hint TEXT;
CREATE INDEX login_sessions_expires ON login_sessions (expires_at);
CREATE INDEX api_tokens_session ON api_tokens (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX oauth_codes_session ON oauth_codes (session_id) WHERE session_id IS NOT NULL;

-- NULL: edited by hand (API, admin page); 'oidc': synced from the token's groups claim at every login,
-- and its members are not edited by hand.
ALTER TABLE groups ADD COLUMN managed_by TEXT CHECK (managed_by IN ('oidc'));

-- The roles a user holds in courses, from the identity provider's group claims; replaced at every login.
-- Courses themselves are a later feature: this names them by the identifier the provider uses.
CREATE TABLE course_roles (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course   TEXT   NOT NULL,
    role     TEXT   NOT NULL,
    PRIMARY KEY (user_id, course, role)
);
CREATE INDEX course_roles_course ON course_roles (course, role);
