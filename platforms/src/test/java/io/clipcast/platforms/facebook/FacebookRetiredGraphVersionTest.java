package io.clipcast.platforms.facebook;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.meta.GraphVersionWatch;
import io.clipcast.platforms.meta.MetaFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Past v21.0's sunset Meta answers v21.0 calls as v22.0 instead of refusing them (docs/platforms/facebook.md, "API
 * version"): the connector still works, and operators get one WARN naming both versions and the catalog file to update.
 */
class FacebookRetiredGraphVersionTest {
  private static final FacebookConnector connector = new FacebookConnector(MetaFixture.FAST);
  private static MetaFixture fx;

  @BeforeAll
  static void start() {
    fx = new MetaFixture("facebook", connector, "710000000000002", "sandbox-facebook-secret");
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  private static List<String> warnings(ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Test
  void aRetiredVersionStillConnectsAndTheOperatorIsWarnedOnce() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(GraphVersionWatch.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      fx.control("/graph", new JsonObject().put("today", "2027-02-01"));
      fx.signInAs(new JsonObject().put("id", "18801").put("pages", new JsonArray().add(new JsonObject().put("id", "58801").put("name", "Late"))), null);
      ConnectedAccount acc = connector.exchangeCode(fx.callback(connector.authorizationUrl(new OAuthStart("st-v", "unused")), null))
          .await(10, TimeUnit.SECONDS);
      assertEquals("58801", acc.externalAccountId(), "Meta serves the call, so connecting works");
      List<String> warned = warnings(appender).stream().filter(m -> m.contains("v21.0")).toList();
      assertEquals(1, warned.size(), "once, not per call: " + warned);
      assertTrue(warned.get(0).contains("answered Graph API v21.0 calls as v22.0") && warned.get(0).contains("conf/platforms/facebook.json"),
          warned.get(0));
    } finally {
      logger.detachAppender(appender);
      fx.control("/graph", new JsonObject().putNull("today"));
    }
  }
}
