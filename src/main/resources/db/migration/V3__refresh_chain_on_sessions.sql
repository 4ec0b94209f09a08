-- Refresh tokens no longer have rows of their own. A token now carries its session id and a
-- counter, authenticated with an HMAC under a key derived from SECRET_KEY; the session keeps
-- the counter that rotates now and when it last advanced. Nothing per token is stored, so the
-- table no longer grows by a row per refresh, and every holder of a session shares one chain.
--
-- Tokens issued before this migration cannot be read any more: their holders answer
-- refresh_token_invalid at the next refresh and sign in again. Access tokens keep working
-- until they expire.
alter table sessions
    add column refresh_counter bigint not null default 0,
    add column rotated_at timestamptz;

update sessions set rotated_at = last_used_at;

alter table sessions alter column rotated_at set not null;

drop table refresh_tokens;

-- Cleanup now deletes a session only when it has expired, revoked or not: a revoked session's
-- row is what recognises its spent tokens as reuse until they would have expired.
drop index sessions_revoked_at_idx;

-- Ordering a user's live sessions by last use finds the least recently used one to end when
-- MAX_SESSIONS_PER_USER is reached.
create index sessions_user_id_last_used_at_idx on sessions (user_id, last_used_at);
drop index sessions_user_id_idx;
