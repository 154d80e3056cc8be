package io.botswarm.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.telegram.telegrambots.meta.api.objects.ApiResponse;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The inputs real Telegram groups produce ({@code src/test/resources/field-cases/telegram/}, from
 * {@code ../shared/field-cases/}; its README says what each one expects of the swarm), read as the
 * telegrambots client reads them, so that a test replays them through the gateway's own mapping.
 */
public final class FieldCases {

  // As the poller reads updates: a field the library does not know yet is no reason to fail.
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private FieldCases() {}

  /** The file's text, e.g. {@code text("04-bot-kicked-a.json")}. */
  public static String text(String name) {
    try (InputStream in = FieldCases.class.getResourceAsStream("/field-cases/telegram/" + name)) {
      if (in == null) throw new IllegalArgumentException("no field case " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An Update file, as the client parses {@code getUpdates} and webhook bodies. */
  public static Update update(String name) {
    return parse(text(name), Update.class);
  }

  /** An Update given as JSON text (a field case edited for a variant). */
  public static Update updateOf(String json) {
    return parse(json, Update.class);
  }

  /**
   * An error answer file ({@code {"ok": false, ...}}) as the exception the client fails a call
   * with, for {@code TelegramApi.classify}.
   */
  public static TelegramApiRequestException error(String name) {
    ApiResponse<Object> answer = parse(text(name), new TypeReference<ApiResponse<Object>>() {});
    return new TelegramApiRequestException("Error executing request", answer);
  }

  private static <T> T parse(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
