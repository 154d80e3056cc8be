-- Tokens the swarm spent on its LLM endpoint per UTC day, by scope ('bot', 'chat', 'swarm') and key
-- (the bot id, the chat id, 'swarm'). Every node adds its calls' usage with one atomic UPSERT, so
-- the per-chat and swarm-wide budgets hold across the cluster; old days are history, never read.
CREATE TABLE llm_budget (
  day    DATE        NOT NULL,
  scope  VARCHAR(8)  NOT NULL,
  key    VARCHAR(64) NOT NULL,
  tokens BIGINT      NOT NULL,
  PRIMARY KEY (day, scope, key)
);
