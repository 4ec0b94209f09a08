-- Whether the account has proved it owns its address, by a verification link or a password
-- reset (both reach the mailbox). Accounts that existed before are unverified: nothing proved
-- it for them.
alter table users add column is_verified boolean not null default false;

-- Single-use tokens sent by mail: password reset, address verification and the confirmation of
-- a new address. Only a keyed digest of each token is stored (HMAC-SHA256 of the token under a
-- key derived from SECRET_KEY), so a copy of the database lets no one in. A use looks the digest
-- up together with the purposes it may have, so a token is good for its own purpose only, and
-- deletes the row in the statement that reads it: of two racing uses one wins.
-- new_email holds the address an email-change token confirms, and nothing for other purposes.
create table one_time_tokens (
    digest     bytea        primary key,
    purpose    varchar(16)  not null,
    user_id    uuid         not null references users (id) on delete cascade,
    new_email  varchar(254),
    created_at timestamptz  not null,
    expires_at timestamptz  not null
);

-- Ending a user's outstanding tokens of one purpose (a new reset request, a password change).
create index one_time_tokens_user_purpose on one_time_tokens (user_id, purpose);

-- Cleanup of tokens nobody used.
create index one_time_tokens_expires_at on one_time_tokens (expires_at);
