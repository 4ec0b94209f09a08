-- Mails waiting to be sent, written in the transaction of what caused them (a registration, a
-- reset request), so a rollback sends nothing and a commit always leaves a mail to send. A
-- background sender on each instance claims due rows with FOR UPDATE SKIP LOCKED, sends them
-- over SMTP outside any transaction, and marks them sent or failed.
--
-- payload holds recipient, subject, text and HTML encrypted with AES-256-GCM under a key
-- derived from SECRET_KEY, because mails carry single-use links: a copy of the database never
-- shows them. It is emptied once the mail is sent or given up. last_error holds only an
-- exception's class name or an SMTP reply code, never an address or a body.
create table mail_outbox (
    id              uuid         primary key,
    payload         bytea,
    created_at      timestamptz  not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    claimed_until   timestamptz,
    sent_at         timestamptz,
    given_up_at     timestamptz,
    last_error      varchar(200),
    constraint mail_outbox_payload_while_pending
        check ((payload is not null) = (sent_at is null and given_up_at is null))
);

-- Only the mails still to send, by when they are due: what every poll of the sender and the
-- outbox depth gauge read, and it stays small however many mails were sent before.
create index mail_outbox_pending_idx on mail_outbox (next_attempt_at)
    where sent_at is null and given_up_at is null;
