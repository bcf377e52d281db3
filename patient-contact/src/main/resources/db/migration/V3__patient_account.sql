-- The identity provider's account a patient registered with (POST /auth/register): what their erasure removes and
-- whose logins their audit trail shows. Null for a patient registered by staff, or linked to an account by hand.
alter table patient add column account_id text;
