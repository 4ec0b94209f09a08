-- How each session's user proved who they are: the RFC 8176 amr values of its sign-in
-- (space-separated: 'pwd', 'pwd otp') and when a second factor was last proved for it, at
-- sign-in or by a step-up since. Sessions that existed before were opened by a password.
alter table sessions add column auth_methods varchar(32) not null default 'pwd';
alter table sessions add column second_factor_at timestamptz;
