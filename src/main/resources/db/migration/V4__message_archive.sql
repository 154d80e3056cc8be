-- Messages past botswarm.archive.older-than leave the hot table for this one, in small batches
-- (readmodel.MessageArchive), so that the hot path's indexes stay the size of recent history.
CREATE TABLE messages_archive (
  id                  BIGINT      PRIMARY KEY,
  chat_id             VARCHAR(32) NOT NULL,
  telegram_message_id BIGINT      NOT NULL,
  bot_id              VARCHAR(64),
  speaker             TEXT        NOT NULL,
  text                TEXT        NOT NULL,
  reply_to_message_id BIGINT,
  created_at          TIMESTAMPTZ NOT NULL,
  CONSTRAINT uq_messages_archive_chat_telegram_msg UNIQUE (chat_id, telegram_message_id)
);

-- A chat's history further back than the hot table goes.
CREATE INDEX ix_messages_archive_chat_created_at ON messages_archive (chat_id, created_at);

-- For history queries that ask for the archive too.
CREATE VIEW messages_with_archive AS
  SELECT * FROM messages
  UNION ALL
  SELECT * FROM messages_archive;
