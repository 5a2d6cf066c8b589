package org.flowmat.dialect.snowflake.fake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.flowmat.dialect.snowflake.fake.FakeSnowflake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routes the driver rarely takes in a test (heartbeat, a gone session, an unknown path), over plain HTTP. */
class FakeHttpRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static FakeSnowflake fake;

  @BeforeAll
  static void start() {
    fake = FakeSnowflake.start(FakeSnowflake.Options.defaults().withPassword("ALICE", "pw"));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  static HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + fake.host() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Snowflake Token=\"" + token + "\"");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String login() throws Exception {
    JsonNode r = JSON.readTree(post("/session/v1/login-request?databaseName=FLOW&warehouse=FAKE_WH", null,
        "{\"data\":{\"LOGIN_NAME\":\"alice\",\"PASSWORD\":\"pw\",\"ACCOUNT_NAME\":\"FAKE\"}}").body());
    assertThat(r.path("success").asBoolean()).isTrue();
    assertThat(r.path("data").path("sessionInfo").path("schemaName").asText()).isEqualTo("PUBLIC");
    return r.path("data").path("token").asText();
  }

  @Test
  void heartbeatKeepsASessionAndAGoneSessionAnswers390111() throws Exception {
    String token = login();
    assertThat(JSON.readTree(post("/session/heartbeat", token, "{}").body()).path("success").asBoolean()).isTrue();
    assertThat(post("/session?delete=true", token, "{}").statusCode()).isEqualTo(200);
    JsonNode gone = JSON.readTree(post("/queries/v1/query-request", token, "{\"sqlText\":\"SELECT 1\"}").body());
    assertThat(gone.path("success").asBoolean()).isFalse();
    assertThat(gone.path("code").asText()).isEqualTo("390111");
  }

  @Test
  void aQueryAnswersRowtypeRowsetAndStatementType() throws Exception {
    JsonNode r = JSON.readTree(post("/queries/v1/query-request", login(),
        "{\"sqlText\":\"SELECT 1 AS one, 'x' AS two\"}").body());
    JsonNode data = r.path("data");
    assertThat(data.path("rowtype").get(0).path("name").asText()).isEqualTo("ONE");
    assertThat(data.path("rowtype").get(0).path("type").asText()).isEqualTo("fixed");
    assertThat(data.path("rowset").toString()).isEqualTo("[[\"1\",\"x\"]]");
    assertThat(data.path("statementTypeId").asLong()).isEqualTo(0x1000);
  }

  @Test
  void anUnknownRouteIs404() throws Exception {
    assertThat(post("/no/such/route", null, "{}").statusCode()).isEqualTo(404);
  }
}
