-- Every change that can make an access token's answer different is published on the channel
-- latchkey_session_changes, from the transaction that makes it: PostgreSQL delivers the
-- notification to every listening instance when, and only if, that transaction commits. Each
-- instance keeps the live sessions it has checked in memory and drops the ones named here.
-- Because triggers send them, every path is covered without the code having to remember it:
-- logout, logout-all, a session ended by id, refresh-token reuse, a password change or reset,
-- the session cap, an account disabled, renamed, re-addressed, verified or deleted, and any
-- UPDATE or DELETE an operator runs by hand.
--
-- Payloads: 's:<session id>' for one session, 'u:<user id>' for every session of a user. A
-- rotation (refresh) changes nothing an access token is answered from, and is not published.
-- Identical payloads in one transaction are delivered once.

create function notify_session_change() returns trigger
language plpgsql as $$
begin
    perform pg_notify('latchkey_session_changes', 's:' || old.id);
    return null;
end;
$$;

create function notify_user_change() returns trigger
language plpgsql as $$
begin
    perform pg_notify('latchkey_session_changes', 'u:' || old.id);
    return null;
end;
$$;

create trigger sessions_changed
    after update on sessions
    for each row
    when (old.revoked_at is distinct from new.revoked_at
          or old.second_factor_at is distinct from new.second_factor_at
          or old.auth_methods is distinct from new.auth_methods
          or old.user_id is distinct from new.user_id
          or new.expires_at < old.expires_at)
    execute function notify_session_change();

-- The cleanup deletes only sessions that have expired, which no instance answers for: only the
-- deletion of a live one is news.
create trigger sessions_deleted
    after delete on sessions
    for each row
    when (old.revoked_at is null and old.expires_at > now())
    execute function notify_session_change();

create trigger users_changed
    after update on users
    for each row
    when (old.email is distinct from new.email
          or old.full_name is distinct from new.full_name
          or old.is_active is distinct from new.is_active
          or old.is_verified is distinct from new.is_verified
          or old.created_at is distinct from new.created_at)
    execute function notify_user_change();

create trigger users_deleted
    after delete on users
    for each row
    execute function notify_user_change();
