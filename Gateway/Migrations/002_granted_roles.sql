-- Roles an admin grants on top of a user's own role (user|admin), e.g. staff for door check-in. They go into the
-- token's role claim at login/register, next to the own role.
ALTER TABLE users ADD COLUMN IF NOT EXISTS granted_roles text[] NOT NULL DEFAULT '{}';
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_granted_roles_known;
ALTER TABLE users ADD CONSTRAINT users_granted_roles_known CHECK (granted_roles <@ ARRAY['staff']::text[]);
