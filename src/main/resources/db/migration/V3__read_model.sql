-- The read model: tables shaped like the original design's (database-optimization-report.md),
-- written only by the projections from the journal, read from the replicas.
-- Index choices are argued with EXPLAIN output in docs/benchmarks.md ("read model queries").

CREATE TABLE bots (
  id             VARCHAR(64)      PRIMARY KEY,
  handle         VARCHAR(64)      NOT NULL,
  name           VARCHAR(128)     NOT NULL,
  bio            TEXT,
  speaking_style TEXT,
  enabled        BOOLEAN          NOT NULL,
  mood           VARCHAR(16)      NOT NULL,
  mood_intensity DOUBLE PRECISION NOT NULL,
  registered_at  TIMESTAMPTZ      NOT NULL,
  updated_at     TIMESTAMPTZ      NOT NULL
);

CREATE TABLE chats (
  id         VARCHAR(32)      PRIMARY KEY,
  title      TEXT             NOT NULL,
  enabled    BOOLEAN          NOT NULL,
  activity   DOUBLE PRECISION NOT NULL,
  members    TEXT[]           NOT NULL,
  updated_at TIMESTAMPTZ      NOT NULL
);

CREATE TABLE messages (
  id                  BIGSERIAL   PRIMARY KEY,
  chat_id             VARCHAR(32) NOT NULL,
  telegram_message_id BIGINT      NOT NULL,
  bot_id              VARCHAR(64),
  speaker             TEXT        NOT NULL,
  text                TEXT        NOT NULL,
  reply_to_message_id BIGINT,
  created_at          TIMESTAMPTZ NOT NULL,
  -- Also the report's ix_messages_chat_telegram_msg, and what makes projecting idempotent.
  CONSTRAINT uq_messages_chat_telegram_msg UNIQUE (chat_id, telegram_message_id)
);

-- History, last message, dedup window of a chat.
CREATE INDEX ix_messages_chat_created_at ON messages (chat_id, created_at);
-- A bot's messages over time; humans' rows (bot_id NULL) are left out: the partial index of the
-- report's P1 list.
CREATE INDEX ix_messages_bot_created_at ON messages (bot_id, created_at) WHERE bot_id IS NOT NULL;
-- Messages in the last minute, across chats.
CREATE INDEX ix_messages_created_at ON messages (created_at);

CREATE TABLE bot_stances (
  bot_id         VARCHAR(64)      NOT NULL,
  topic          VARCHAR(64)      NOT NULL,
  position       DOUBLE PRECISION NOT NULL,
  confidence     DOUBLE PRECISION NOT NULL,
  rationale      TEXT,
  cooldown_until TIMESTAMPTZ      NOT NULL,
  updated_at     TIMESTAMPTZ      NOT NULL,
  PRIMARY KEY (bot_id, topic)
);
CREATE INDEX ix_stances_bot_updated ON bot_stances (bot_id, updated_at);

CREATE TABLE bot_holdings (
  bot_id       VARCHAR(64) NOT NULL,
  symbol       VARCHAR(16) NOT NULL,
  quantity     NUMERIC     NOT NULL,
  average_cost NUMERIC     NOT NULL,
  updated_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (bot_id, symbol)
);
CREATE INDEX ix_holdings_bot_updated ON bot_holdings (bot_id, updated_at);

CREATE TABLE bot_memories (
  bot_id          VARCHAR(64)      NOT NULL,
  memory_id       BIGINT           NOT NULL,
  memory_type     VARCHAR(16)      NOT NULL,
  content         TEXT             NOT NULL,
  relevance_score DOUBLE PRECISION NOT NULL,
  created_at      TIMESTAMPTZ      NOT NULL,
  last_accessed   TIMESTAMPTZ      NOT NULL,
  PRIMARY KEY (bot_id, memory_id)
);
CREATE INDEX ix_memories_bot_type ON bot_memories (bot_id, memory_type);
CREATE INDEX ix_memories_bot_relevance ON bot_memories (bot_id, relevance_score);

CREATE TABLE settings (
  key        VARCHAR(128) PRIMARY KEY,
  value      TEXT         NOT NULL,
  updated_at TIMESTAMPTZ  NOT NULL
);
