package io.botswarm.telegram.sandbox;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** A Bot API error: Telegram's {@code error_code}, {@code description} and parameters. */
final class ApiError extends RuntimeException {

  final int code;
  final OptionalInt retryAfter;

  /** {@code parameters.migrate_to_chat_id}: the supergroup a basic group became. */
  final OptionalLong migrateToChatId;

  private ApiError(int code, String description, OptionalInt retryAfter) {
    this(code, description, retryAfter, OptionalLong.empty());
  }

  private ApiError(
      int code, String description, OptionalInt retryAfter, OptionalLong migrateToChatId) {
    super(description, null, false, false);
    this.code = code;
    this.retryAfter = retryAfter;
    this.migrateToChatId = migrateToChatId;
  }

  static ApiError badRequest(String what) {
    return new ApiError(400, "Bad Request: " + what, OptionalInt.empty());
  }

  static ApiError unauthorized() {
    return new ApiError(401, "Unauthorized", OptionalInt.empty());
  }

  static ApiError forbidden(String what) {
    return new ApiError(403, "Forbidden: " + what, OptionalInt.empty());
  }

  static ApiError notFound() {
    return new ApiError(404, "Not Found", OptionalInt.empty());
  }

  static ApiError conflict(String what) {
    return new ApiError(409, "Conflict: " + what, OptionalInt.empty());
  }

  static ApiError tooManyRequests(int retryAfter) {
    return new ApiError(
        429, "Too Many Requests: retry after " + retryAfter, OptionalInt.of(retryAfter));
  }

  static ApiError internal() {
    return new ApiError(500, "Internal Server Error", OptionalInt.empty());
  }

  /** Telegram's answer to any call for a basic group that became the supergroup {@code to}. */
  static ApiError migrated(long to) {
    return new ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        OptionalInt.empty(),
        OptionalLong.of(to));
  }
}
