-- Every change to what the user model shows (the user row, their servers, groups, roles and course
-- roles) is announced on the channel callisto_users when its transaction commits, so that each hub
-- replica drops the user models it keeps in memory (users.UserCache). The payload is the changed
-- user's id, or '*' when a change may touch any user. PostgreSQL folds equal notices of one
-- transaction into one. Deleting a group or a role cascades to memberships, user_roles and
-- group_roles, whose own triggers announce the users concerned.

CREATE FUNCTION callisto_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_notify('callisto_users', OLD.user_id::text);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM pg_notify('callisto_users', NEW.user_id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION callisto_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('callisto_users', '*');
    RETURN NULL;
END
$$;

-- users: keyed by id, not user_id.
CREATE FUNCTION callisto_user_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('callisto_users', OLD.id::text);
    RETURN NULL;
END
$$;

-- A group's members, when the group's name or roles change.
CREATE FUNCTION callisto_group_members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_notify('callisto_users', m.user_id::text) FROM memberships m WHERE m.group_id = OLD.group_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM pg_notify('callisto_users', m.user_id::text) FROM memberships m WHERE m.group_id = NEW.group_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION callisto_group_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('callisto_users', m.user_id::text) FROM memberships m WHERE m.group_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER users_model_updated AFTER UPDATE ON users FOR EACH ROW
    WHEN ((OLD.name, OLD.admin, OLD.created, OLD.last_activity) IS DISTINCT FROM (NEW.name, NEW.admin, NEW.created, NEW.last_activity))
    EXECUTE FUNCTION callisto_user_row_changed();
CREATE TRIGGER users_model_deleted AFTER DELETE ON users FOR EACH ROW
    EXECUTE FUNCTION callisto_user_row_changed();

CREATE TRIGGER servers_model_inserted AFTER INSERT OR DELETE ON servers FOR EACH ROW
    EXECUTE FUNCTION callisto_user_changed();
CREATE TRIGGER servers_model_updated AFTER UPDATE ON servers FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION callisto_user_changed();
CREATE TRIGGER memberships_model_changed AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW
    EXECUTE FUNCTION callisto_user_changed();
CREATE TRIGGER user_roles_model_changed AFTER INSERT OR UPDATE OR DELETE ON user_roles FOR EACH ROW
    EXECUTE FUNCTION callisto_user_changed();
CREATE TRIGGER course_roles_model_changed AFTER INSERT OR UPDATE OR DELETE ON course_roles FOR EACH ROW
    EXECUTE FUNCTION callisto_user_changed();

CREATE TRIGGER group_roles_model_changed AFTER INSERT OR UPDATE OR DELETE ON group_roles FOR EACH ROW
    EXECUTE FUNCTION callisto_group_members_changed();
CREATE TRIGGER groups_model_renamed AFTER UPDATE ON groups FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION callisto_group_renamed();
CREATE TRIGGER roles_model_renamed AFTER UPDATE ON roles FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION callisto_users_changed();

CREATE TRIGGER users_model_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION callisto_users_changed();
CREATE TRIGGER servers_model_truncated AFTER TRUNCATE ON servers FOR EACH STATEMENT EXECUTE FUNCTION callisto_users_changed();
CREATE TRIGGER memberships_model_truncated AFTER TRUNCATE ON memberships FOR EACH STATEMENT EXECUTE FUNCTION callisto_users_changed();
CREATE TRIGGER user_roles_model_truncated AFTER TRUNCATE ON user_roles FOR EACH STATEMENT EXECUTE FUNCTION callisto_users_changed();
CREATE TRIGGER course_roles_model_truncated AFTER TRUNCATE ON course_roles FOR EACH STATEMENT EXECUTE FUNCTION callisto_users_changed();
CREATE TRIGGER group_roles_model_truncated AFTER TRUNCATE ON group_roles FOR EACH STATEMENT EXECUTE FUNCTION callisto_users_changed();
CREATE TRIGGER groups_model_truncated AFTER TRUNCATE ON groups FOR EACH STATEMENT EXECUTE FUNCTION callisto_users_changed();
CREATE TRIGGER roles_model_truncated AFTER TRUNCATE ON roles FOR EACH STATEMENT EXECUTE FUNCTION callisto_users_changed();
