package io.botswarm.bot;

/** What a memory is: something seen, a conversation had, a conclusion drawn, or a plain fact. */
public enum MemoryType {
  OBSERVATION,
  CONVERSATION,
  REFLECTION,
  FACT
}
