-- An account's TOTP secret, sealed with AES-GCM (MFA_ENCRYPTION_KEY, or a key derived from
-- SECRET_KEY) for this user's id. confirmed_at is null while the enrolment waits for its
-- first code. last_used_step is the 30-second step of the last code accepted: a code is
-- accepted only for a later step, so none is accepted twice.
create table totp_credentials (
    user_id        uuid        primary key references users (id) on delete cascade,
    secret         bytea       not null,
    created_at     timestamptz not null,
    confirmed_at   timestamptz,
    last_used_step bigint
);

-- Recovery codes, as HMAC-SHA256 digests under a key derived from SECRET_KEY. A use deletes
-- the row in the statement that reads it: a code works once, and of two racing uses one wins.
create table recovery_codes (
    digest     bytea       primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    created_at timestamptz not null
);

create index recovery_codes_user on recovery_codes (user_id);

-- Sign-ins waiting for their second factor, named by the digest of the mfa_challenge cookie.
-- credential_version is the password version checked at login: a password changed since ends
-- the challenge. failures counts wrong codes; the fifth ends it.
create table mfa_challenges (
    digest             bytea       primary key,
    user_id            uuid        not null references users (id) on delete cascade,
    credential_version integer     not null,
    failures           integer     not null default 0,
    expires_at         timestamptz not null
);

create index mfa_challenges_expires_at on mfa_challenges (expires_at);
