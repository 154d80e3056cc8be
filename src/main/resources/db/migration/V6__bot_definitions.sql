-- Bots defined by a swarm definition (issue 14): a bot can now be removed (its journal kept, its
-- row kept and flagged, so that a list of the swarm can say so), and it carries the reference to
-- where its token comes from (never the token) and the language of its persona.
ALTER TABLE bots ADD COLUMN removed   BOOLEAN     NOT NULL DEFAULT false;
ALTER TABLE bots ADD COLUMN token_ref VARCHAR(256);
ALTER TABLE bots ADD COLUMN language  VARCHAR(64) NOT NULL DEFAULT 'en';
