package io.botswarm.telegram.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bot API call's parameters, however they came: the query string, a urlencoded form or a JSON
 * body. As in Telegram, an object parameter may arrive as a JSON-serialized string.
 */
final class Params {

  private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern FIELD =
      Pattern.compile("(?i)content-disposition:\\s*form-data;\\s*name=\"([^\"]+)\"");

  private final ObjectNode values;
  private final ObjectMapper json;

  private Params(ObjectNode values, ObjectMapper json) {
    this.values = values;
    this.json = json;
  }

  static Params parse(ObjectMapper json, String query, String mediaType, String body) {
    ObjectNode values = json.createObjectNode();
    if (query != null) form(query, values);
    if (body != null && !body.isBlank()) {
      if (mediaType.startsWith("application/json")) {
        JsonNode node;
        try {
          node = json.readTree(body);
        } catch (JsonProcessingException e) {
          throw ApiError.badRequest("can't parse JSON object");
        }
        if (!(node instanceof ObjectNode object))
          throw ApiError.badRequest("parameters must be a JSON object");
        values.setAll(object);
      } else if (mediaType.startsWith("application/x-www-form-urlencoded")) {
        form(body, values);
      } else if (mediaType.startsWith("multipart/form-data")) {
        multipart(body, mediaType, values);
      } else {
        throw ApiError.badRequest("unsupported content type " + mediaType);
      }
    }
    return new Params(values, json);
  }

  private static void form(String encoded, ObjectNode into) {
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.put(key, value);
    }
  }

  /** Text fields of a multipart form (files are not part of what the sandbox speaks). */
  private static void multipart(String body, String contentType, ObjectNode into) {
    Matcher b = BOUNDARY.matcher(contentType);
    if (!b.find()) throw ApiError.badRequest("multipart form without a boundary");
    String delimiter = "--" + (b.group(1) != null ? b.group(1) : b.group(2));
    for (String part : body.split(Pattern.quote(delimiter))) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0) continue;
      Matcher name = FIELD.matcher(part.substring(0, split));
      if (!name.find()) continue;
      String value = part.substring(split + 4);
      if (value.endsWith("\r\n")) value = value.substring(0, value.length() - 2);
      into.put(name.group(1), value);
    }
  }

  Optional<String> string(String name) {
    JsonNode v = values.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    return Optional.of(v.isTextual() ? v.asText() : v.toString());
  }

  String required(String name) {
    return string(name)
        .filter(s -> !s.isEmpty())
        .orElseThrow(() -> ApiError.badRequest(name + " is empty"));
  }

  OptionalLong integer(String name) {
    JsonNode v = values.get(name);
    if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty())
      return OptionalLong.empty();
    if (v.isIntegralNumber()) return OptionalLong.of(v.asLong());
    try {
      return OptionalLong.of(Long.parseLong(v.asText().trim()));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("wrong parameter " + name + " in request");
    }
  }

  boolean flag(String name) {
    JsonNode v = values.get(name);
    return v != null && (v.isBoolean() ? v.asBoolean() : "true".equalsIgnoreCase(v.asText()));
  }

  /** An object parameter, given as JSON or as a JSON-serialized string. */
  Optional<JsonNode> object(String name) {
    JsonNode v = values.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    if (v.isObject() || v.isArray()) return Optional.of(v);
    try {
      return Optional.of(json.readTree(v.asText()));
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("can't parse " + name + " JSON object");
    }
  }
}
