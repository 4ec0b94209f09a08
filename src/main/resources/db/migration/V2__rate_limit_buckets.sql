-- Token buckets for the abuse limits, shared by every instance (Bucket4j's PostgreSQL backend).
-- id is the limit's name and a digest of its subject; state is Bucket4j's serialised bucket;
-- expires_at (epoch milliseconds) is when the bucket would be full again, so the row can go.
create table rate_limit_buckets (
    id         varchar(100) primary key,
    state      bytea,
    expires_at bigint
);

create index rate_limit_buckets_expires_at_idx on rate_limit_buckets (expires_at);
