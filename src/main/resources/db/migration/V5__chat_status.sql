-- A chat is active (configured), pending (bots were added to a group the swarm definition does not
-- list: `swarm chats list --pending` shows its id and title) or removed (pruned; journal kept).
ALTER TABLE chats ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'active';
ALTER TABLE chats ADD COLUMN starters BOOLEAN NOT NULL DEFAULT true;
CREATE INDEX ix_chats_status ON chats (status);
