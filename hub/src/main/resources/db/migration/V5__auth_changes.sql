-- Every change to who may do what is announced on the channel callisto_auth when its transaction
-- commits, so that each hub replica drops the token identities it keeps in memory (auth.IdentityCache).
-- PostgreSQL folds equal notices of one transaction into one. Updates are compared row by row, since
-- Hibernate writes every column of an entity it updates: a new last-use time must not announce.

CREATE FUNCTION callisto_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('callisto_auth', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER users_auth_updated AFTER UPDATE ON users FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.admin IS DISTINCT FROM NEW.admin)
    EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER services_auth_updated AFTER UPDATE ON services FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.admin IS DISTINCT FROM NEW.admin)
    EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER api_tokens_auth_updated AFTER UPDATE ON api_tokens FOR EACH ROW
    WHEN (OLD.hash IS DISTINCT FROM NEW.hash OR OLD.scopes IS DISTINCT FROM NEW.scopes
          OR OLD.expires_at IS DISTINCT FROM NEW.expires_at OR OLD.user_id IS DISTINCT FROM NEW.user_id
          OR OLD.service_id IS DISTINCT FROM NEW.service_id OR OLD.session_id IS DISTINCT FROM NEW.session_id)
    EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER roles_auth_updated AFTER UPDATE ON roles FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.scopes IS DISTINCT FROM NEW.scopes)
    EXECUTE FUNCTION callisto_auth_changed();

CREATE TRIGGER users_auth_deleted AFTER DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER services_auth_deleted AFTER DELETE OR TRUNCATE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER api_tokens_auth_deleted AFTER DELETE OR TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER roles_auth_deleted AFTER DELETE OR TRUNCATE ON roles
    FOR EACH STATEMENT EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER memberships_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER user_roles_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER group_roles_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON group_roles
    FOR EACH STATEMENT EXECUTE FUNCTION callisto_auth_changed();
CREATE TRIGGER service_roles_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_roles
    FOR EACH STATEMENT EXECUTE FUNCTION callisto_auth_changed();
