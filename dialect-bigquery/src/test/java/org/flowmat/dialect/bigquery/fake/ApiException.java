package org.flowmat.dialect.bigquery.fake;

/**
 * An error answered in Google's JSON error shape: {"error":{"code","message","errors":[{"reason","message"}],"status"}}.
 * The real clients decide retries from the code, the reason and (BigQuery's rate limits) the message text.
 */
final class ApiException extends RuntimeException {
  final int code;
  final String reason;

  ApiException(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "notFound", message);
  }

  static ApiException invalid(String message) {
    return new ApiException(400, "invalid", message);
  }

  static ApiException invalidQuery(String message) {
    return new ApiException(400, "invalidQuery", message);
  }

  static ApiException duplicate(String message) {
    return new ApiException(409, "duplicate", message);
  }

  /** The HTTP code BigQuery answers for a job error of this reason (used when a failed job's results are read). */
  static int codeForReason(String reason) {
    return switch (reason) {
      case "notFound" -> 404;
      case "duplicate" -> 409;
      case "accessDenied" -> 403;
      case "rateLimitExceeded", "quotaExceeded", "jobRateLimitExceeded" -> 403;
      case "backendError", "internalError" -> 500;
      default -> 400;
    };
  }

  String status() {
    return switch (code) {
      case 400 -> "INVALID_ARGUMENT";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ALREADY_EXISTS";
      case 412 -> "FAILED_PRECONDITION";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      default -> code >= 500 ? "INTERNAL" : "UNKNOWN";
    };
  }
}
