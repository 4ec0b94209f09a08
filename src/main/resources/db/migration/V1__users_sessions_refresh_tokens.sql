-- Accounts. Emails are stored trimmed and lower-cased by the application; the unique index on
-- lower(email) makes "one account per address, whatever its case" hold in the database too,
-- also when registrations race.
create table users (
    id            uuid         primary key,
    email         varchar(254) not null,
    password_hash varchar(255) not null,
    full_name     varchar(255),
    is_active     boolean      not null default true,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);

create unique index users_email_key on users (lower(email));

-- One row per signed-in device. Revocation marks the row (revoked_at), so access tokens that
-- name the session are refused at once; scheduled cleanup deletes ended rows later.
create table sessions (
    id             uuid         primary key,
    user_id        uuid         not null references users (id) on delete cascade,
    created_at     timestamptz  not null,
    last_used_at   timestamptz  not null,
    expires_at     timestamptz  not null,
    revoked_at     timestamptz,
    revoked_reason varchar(32),
    user_agent     varchar(512),
    ip             varchar(64)
);

-- logout-all and the session list look sessions up by user.
create index sessions_user_id_idx on sessions (user_id);
-- cleanup finds ended sessions by these two columns.
create index sessions_expires_at_idx on sessions (expires_at);
create index sessions_revoked_at_idx on sessions (revoked_at) where revoked_at is not null;

-- Refresh tokens, by the SHA-256 digest of their value only: the value itself is never stored.
-- A spent token stays until it expires so that a second use is recognised as reuse.
create table refresh_tokens (
    id           bigint      generated always as identity primary key,
    session_id   uuid        not null references sessions (id) on delete cascade,
    token_digest bytea       not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    spent_at     timestamptz,
    constraint refresh_tokens_digest_key unique (token_digest),
    constraint refresh_tokens_digest_length check (octet_length(token_digest) = 32)
);

create index refresh_tokens_session_id_idx on refresh_tokens (session_id);
create index refresh_tokens_expires_at_idx on refresh_tokens (expires_at);
