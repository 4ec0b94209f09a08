-- Passkeys (WebAuthn credentials). credential_id is what the authenticator names the key by;
-- attested_credential_data holds it with the authenticator's AAGUID and the COSE public key,
-- as the authenticator encoded them at registration. sign_count is the last signature counter
-- seen: a later assertion must show a larger one (or both zero, for authenticators that keep
-- none), else the key may have been cloned and the assertion is refused. uv_initialized,
-- backup_eligible and backup_state are the flags WebAuthn Level 3 asks a relying party to keep.
create table passkeys (
    id                       uuid        primary key,
    user_id                  uuid        not null references users (id) on delete cascade,
    credential_id            bytea       not null unique,
    name                     varchar(64) not null,
    attested_credential_data bytea       not null,
    sign_count               bigint      not null,
    uv_initialized           boolean     not null,
    backup_eligible          boolean     not null,
    backup_state             boolean     not null,
    transports               varchar(128) not null default '',
    created_at               timestamptz not null,
    last_used_at             timestamptz
);

create index passkeys_user on passkeys (user_id);

-- WebAuthn challenges waiting for their answer, by HMAC digest of the challenge: single use
-- (the answer deletes the row it names), valid five minutes, for one purpose, and for one user
-- except at a passkey sign-in, where the user is not known until the answer names its key.
create table webauthn_challenges (
    digest     bytea       primary key,
    purpose    varchar(16) not null,
    user_id    uuid        references users (id) on delete cascade,
    expires_at timestamptz not null
);

create index webauthn_challenges_expires_at on webauthn_challenges (expires_at);
