package io.botswarm.http;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;

/**
 * How the node's HTTP APIs answer: a JSON body, or a one-line {@code {"error": ...}} with its
 * status. One shape for the read API and the admin API, so that a client reads both alike.
 */
public final class JsonAnswers {

  private final ObjectMapper json;
  private final String api;
  private final Logger log;

  /**
   * @param api the API's name in log lines ("read API", "admin API")
   */
  public JsonAnswers(ObjectMapper json, String api, Logger log) {
    this.json = json;
    this.api = api;
    this.log = log;
  }

  /** 200 with {@code body} as JSON; 500 (logged) when it cannot be written. */
  public HttpResponse ok(Object body) {
    try {
      return HttpResponse.create()
          .withEntity(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      log.error("{}: cannot write {}", api, body.getClass().getSimpleName(), e);
      return error(StatusCodes.INTERNAL_SERVER_ERROR, "the answer could not be written");
    }
  }

  /** {@code status} with {@code {"error": message}}. */
  public HttpResponse error(StatusCode status, String message) {
    var body = new LinkedHashMap<String, Object>();
    body.put("error", message);
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(body));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  /** An id echoed back, cut short: the message stays one line whatever was sent. */
  public static String clip(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
  }
}
