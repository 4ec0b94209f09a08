-- Counts the password changes of an account. A login opens its session only if the version
-- it checked the password against is still current, in the same transaction that locks the
-- account's row, so a login racing a password change can never outlive the change. Re-hashing
-- a password with stronger parameters does not change it: the password is the same.
alter table users add column credential_version integer not null default 0;
