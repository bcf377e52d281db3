-- An Idempotency-Key belongs to the caller who sent it (the token's subject): the same key from another caller is
-- another booking, so nobody learns that someone else used a key, nor takes a key before its caller does.
-- Keys stored before have no caller and replay for nobody; they expire within a day.
alter table idempotency_key add column owner text not null default '';
alter table idempotency_key drop constraint idempotency_key_pkey;
alter table idempotency_key add primary key (owner, key);
alter table idempotency_key alter column owner drop default;
