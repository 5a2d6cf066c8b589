package org.flowmat.dialect.snowflake.fake.http;

/**
 * One request the fake answered, for tests and for counting round trips: the route (login-request, query-request,
 * token-request, session-delete, heartbeat ...), the SQL text for queries (null otherwise), the HTTP status, the
 * Snowflake error code when there was one, the session's QUERY_TAG at the time and the request body's size.
 */
public record RequestRecord(String route, String sql, int httpStatus, String errorCode, String queryTag, long bodyBytes,
    long millis) {}
