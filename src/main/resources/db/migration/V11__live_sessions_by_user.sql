-- A login's session cap (SessionOpening), the session list and logout-all read only a user's
-- live sessions, but the index they had covered every session the user kept: revoked ones stay
-- until their refresh tokens would have expired, so each login read them all, and its cost grew
-- with the number of times the account had signed in within the refresh-token lifetime. A
-- script signing in every minute keeps 10,000 of them a week. Measured on 2 CPUs, for an
-- account with 34,000 kept sessions: 5.3 ms of PostgreSQL CPU per login before, 1.6 after.
create index sessions_live_by_user_idx on sessions (user_id, last_used_at) where revoked_at is null;

-- Deleting an account (on delete cascade) still finds all of its sessions, revoked ones too.
create index sessions_user_id_idx on sessions (user_id);
drop index sessions_user_id_last_used_at_idx;
