-- V11's two indexes left the choice to the planner, which judges a user by the average: for
-- "user_id = ? and revoked_at is null" it took the plain user_id index as readily as the partial
-- one, and then read every revoked session of an account that signs in often. One index on
-- (user_id, revoked_at) serves the cap, the session list and logout-all with both conditions in
-- the index itself, so a scan reads only the user's unrevoked sessions whichever plan is chosen,
-- and it still leads with user_id for the account deletion's cascade.
drop index sessions_live_by_user_idx;
drop index sessions_user_id_idx;
create index sessions_user_id_revoked_at_idx on sessions (user_id, revoked_at);
