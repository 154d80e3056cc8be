package io.botswarm.bot;

/** The kinds of feeling a bot can have; {@link #NEUTRAL} is where every emotion decays to. */
public enum Mood {
  NEUTRAL,
  JOYFUL,
  EXCITED,
  CURIOUS,
  CALM,
  SKEPTICAL,
  ANXIOUS,
  ANGRY,
  SAD
}
